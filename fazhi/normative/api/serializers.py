"""Serializers of the normative-document API: they parse and render; every write goes through a service.

Classes carry comments, not docstrings: drf-spectacular would publish a docstring as the component's
description in the (Chinese) API documentation. 联系方式 of commenters is masked.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core.api.serializers import ScopedPrimaryKeyField
from fazhi.core.masking import mask_phone
from fazhi.core.models import OrgUnit, User
from fazhi.normative.choices import (
    ClauseConclusion,
    CommentAdoption,
    DocumentKind,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from fazhi.normative.services import document_deadlines
from fazhi.workdays.models import Deadline


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    # A choice published as a plain string with its values in the description (enum names of several
    # modules' "kind" or "status" would otherwise collide in the OpenAPI components).

    def __init__(self, choices, **kwargs):
        values = "、".join(f"{value}（{label}）" for value, label in choices)
        kwargs.setdefault("help_text", _("可选值：%(values)s") % {"values": values})
        super().__init__(choices, **kwargs)


class DeadlineSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    status_display = serializers.CharField(source="get_status_display", read_only=True, label=_("状态名称"))

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule_key",
            "rule_label",
            "citation",
            "start_date",
            "due_date",
            "completed_on",
            "status",
            "status_display",
            "explanation",
            "uncertain",
        ]
        read_only_fields = fields


_UNIT = _("所选单位不存在或不在您的管理范围内。")
_USER = _("所选人员不存在或不在您的管理范围内。")


class PublicCommentSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    adoption_display = serializers.CharField(
        source="get_adoption_display", read_only=True, label=_("采纳情况名称")
    )
    commenter_contact = serializers.SerializerMethodField(label=_("联系方式（部分隐藏）"))

    class Meta:
        model = PublicComment
        fields = [
            "id",
            "received_on",
            "commenter",
            "commenter_contact",
            "content",
            "adoption",
            "adoption_display",
            "response",
        ]
        read_only_fields = fields

    def get_commenter_contact(self, obj) -> str:
        return mask_phone(obj.commenter_contact)


class ClauseFlagSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    category_display = serializers.CharField(
        source="get_category_display", read_only=True, label=_("情形名称")
    )
    conclusion_display = serializers.CharField(
        source="get_conclusion_display", read_only=True, label=_("审核结论名称")
    )

    class Meta:
        model = ClauseFlag
        fields = [
            "id",
            "category",
            "category_display",
            "sentence",
            "pattern",
            "start",
            "end",
            "conclusion",
            "conclusion_display",
            "note",
            "concluded_at",
        ]
        read_only_fields = fields


class NormativeDocumentSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    status_display = serializers.CharField(source="get_status_display", read_only=True, label=_("状态名称"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("文件类别名称"))
    unit_name = serializers.CharField(source="unit.name", read_only=True, label=_("制定机关名称"))
    in_force = serializers.BooleanField(read_only=True, label=_("现行有效"))

    class Meta:
        model = NormativeDocument
        fields = [
            "id",
            "title",
            "document_number",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "in_force",
            "unit",
            "unit_name",
            "drafting_unit_name",
            "drafted_on",
            "published_on",
            "effective_on",
            "expires_on",
        ]
        read_only_fields = fields


class NormativeDocumentDetailSerializer(NormativeDocumentSerializer):
    review_opinion_display = serializers.CharField(
        source="get_review_opinion_display", read_only=True, label=_("审核意见名称")
    )
    filing_result_display = serializers.CharField(
        source="get_filing_result_display", read_only=True, label=_("备案审查结果名称")
    )
    comments = serializers.SerializerMethodField(label=_("征求意见"))
    clause_flags = serializers.SerializerMethodField(label=_("审核提示条款"))
    deadlines = serializers.SerializerMethodField(label=_("期限"))

    class Meta(NormativeDocumentSerializer.Meta):
        fields = [
            *NormativeDocumentSerializer.Meta.fields,
            "body",
            "interpretation",
            "comment_starts_on",
            "comment_ends_on",
            "review_submitted_on",
            "review_due_on",
            "reviewed_on",
            "review_opinion",
            "review_opinion_display",
            "review_note",
            "meeting",
            "deliberated_on",
            "signed_on",
            "validity_years",
            "ended_on",
            "ended_reason",
            "filing_due_on",
            "filed_on",
            "filing_organ",
            "filing_result",
            "filing_result_display",
            "filing_result_on",
            "replaces",
            "comments",
            "clause_flags",
            "deadlines",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_comments(self, obj) -> list[dict]:
        rows = PublicComment.objects.restrict(self._user(), "view").filter(document=obj)
        return PublicCommentSerializer(rows, many=True).data

    def get_clause_flags(self, obj) -> list[dict]:
        rows = ClauseFlag.objects.restrict(self._user(), "view").filter(document=obj)
        return ClauseFlagSerializer(rows, many=True).data

    def get_deadlines(self, obj) -> list[dict]:
        return DeadlineSerializer(document_deadlines(obj), many=True).data


# --- writing -------------------------------------------------------------------------------------


class DocumentCreateSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(model=OrgUnit, action="view", message=_UNIT, label=_("制定机关"))
    title = serializers.CharField(max_length=300, label=_("文件名称"))
    kind = PlainChoiceField(DocumentKind.choices, label=_("文件类别"))
    drafting_unit = ScopedPrimaryKeyField(
        model=OrgUnit,
        action="view",
        message=_UNIT,
        required=False,
        allow_null=True,
        label=_("起草单位（本平台）"),
    )
    drafting_unit_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_("起草单位")
    )
    drafted_on = serializers.DateField(required=False, allow_null=True, label=_("起草日期"))
    body = serializers.CharField(required=False, allow_blank=True, label=_("正文"))
    interpretation = serializers.CharField(required=False, allow_blank=True, label=_("政策解读"))
    validity_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10, label=_("有效期（年）")
    )


class OnSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("日期"))


class SubmitReviewSerializer(OnSerializer):
    reviewer = ScopedPrimaryKeyField(
        model=User, action="view", message=_USER, required=False, allow_null=True, label=_("审核人")
    )


class ReviewSerializer(OnSerializer):
    opinion = PlainChoiceField(ReviewOpinion.choices, label=_("审核意见"))
    note = serializers.CharField(required=False, allow_blank=True, label=_("审核意见书内容"))


class EmptySerializer(serializers.Serializer):
    pass


class ReasonSerializer(OnSerializer):
    reason = serializers.CharField(label=_("理由"))


class AmendSerializer(ReasonSerializer):
    replaced_by = serializers.UUIDField(required=False, allow_null=True, label=_("修改后的文件"))


class DeliberationSerializer(OnSerializer):
    meeting = serializers.CharField(max_length=200, label=_("审议会议"))


class PublishSerializer(serializers.Serializer):
    signed_on = serializers.DateField(label=_("签发日期"))
    published_on = serializers.DateField(label=_("公布日期"))
    effective_on = serializers.DateField(required=False, allow_null=True, label=_("施行日期"))
    validity_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10, label=_("有效期（年）")
    )


class FileSerializer(OnSerializer):
    filing_organ = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        pk_field=serializers.UUIDField(),
        label=_("备案审查机关（本平台单位）"),
    )


class FilingResultSerializer(OnSerializer):
    result = PlainChoiceField(
        [
            (FilingResult.PASSED, FilingResult.PASSED.label),
            (FilingResult.CORRECTION, FilingResult.CORRECTION.label),
        ],
        label=_("备案审查结果"),
    )


STEP_SERIALIZERS = {
    "open-comments": OnSerializer,
    "submit-review": SubmitReviewSerializer,
    "review": ReviewSerializer,
    "deliberate": EmptySerializer,
    "return": ReasonSerializer,
    "deliberation": DeliberationSerializer,
    "publish": PublishSerializer,
    "file": FileSerializer,
    "filing-result": FilingResultSerializer,
    "amend": AmendSerializer,
    "repeal": ReasonSerializer,
}


class CommentAddSerializer(serializers.Serializer):
    received_on = serializers.DateField(label=_("收到日期"))
    content = serializers.CharField(label=_("意见内容"))
    commenter = serializers.CharField(max_length=100, required=False, allow_blank=True, label=_("意见人"))
    commenter_contact = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("联系方式")
    )


class CommentRespondSerializer(serializers.Serializer):
    comment = serializers.UUIDField(label=_("意见"))
    adoption = PlainChoiceField(CommentAdoption.choices, label=_("采纳情况"))
    response = serializers.CharField(label=_("处理说明"))


class ClauseConcludeSerializer(serializers.Serializer):
    flag = serializers.UUIDField(label=_("审核提示条款"))
    conclusion = PlainChoiceField(ClauseConclusion.choices, label=_("审核结论"))
    note = serializers.CharField(required=False, allow_blank=True, label=_("说明"))
