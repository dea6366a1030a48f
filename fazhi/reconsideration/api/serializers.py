"""Serializers of the reconsideration API: they parse and render; every write goes through a service.

证件号码 and 联系电话 of applicants are always masked. Serializer classes carry comments, not docstrings:
drf-spectacular would publish a docstring as the component's description in the (Chinese) API docs.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core.api.serializers import ScopedPrimaryKeyField
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.models import OrgUnit, User
from fazhi.core.scoping import units_with_permission
from fazhi.reconsideration.choices import (
    ApplicantKind,
    Channel,
    DecisionType,
    IdType,
    MatterCategory,
    Procedure,
    SuspensionGround,
    TerminationGround,
)
from fazhi.reconsideration.forms.cases import handler_candidates
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services import case_deadlines
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline


class MaskedIdNumberField(serializers.CharField):
    # Rendered masked (440***********1234); the full number never leaves the server here.

    def to_representation(self, value):
        return mask_id_number(value)


class MaskedPhoneField(serializers.CharField):
    def to_representation(self, value):
        return mask_phone(value)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    # A choice published as a plain string with its values in the description: the enum names of
    # several modules' "kind", "status" or "ground" would otherwise collide in the OpenAPI components.

    def __init__(self, choices, **kwargs):
        values = "、".join(f"{value}（{label}）" for value, label in choices)
        kwargs.setdefault("help_text", _("可选值：%(values)s") % {"values": values})
        super().__init__(choices, **kwargs)


# --- reading -----------------------------------------------------------------------------------------


class CaseApplicantSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("申请人类型名称"))
    id_type_display = serializers.CharField(
        source="get_id_type_display", read_only=True, label=_("证件类型名称")
    )
    id_number = MaskedIdNumberField(read_only=True, label=_("证件号码（部分隐藏）"))
    phone = MaskedPhoneField(read_only=True, label=_("联系电话（部分隐藏）"))

    class Meta:
        model = CaseApplicant
        fields = [
            "id",
            "kind",
            "kind_display",
            "name",
            "id_type",
            "id_type_display",
            "id_number",
            "phone",
            "address",
        ]
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("事项名称"))

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "kind",
            "kind_display",
            "on",
            "notice_on",
            "place",
            "ground",
            "days",
            "approver",
            "note",
        ]
        read_only_fields = fields


class CaseDeadlineSerializer(serializers.ModelSerializer):
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
            "paused_since",
            "status",
            "status_display",
            "explanation",
            "uncertain",
        ]
        read_only_fields = fields


class ReconsiderationCaseSerializer(serializers.ModelSerializer):
    serializer_choice_field = PlainChoiceField
    status_display = serializers.CharField(source="get_status_display", read_only=True, label=_("状态名称"))
    category_display = serializers.CharField(
        source="get_category_display", read_only=True, label=_("类别名称")
    )
    procedure_display = serializers.CharField(
        source="get_procedure_display", read_only=True, label=_("审理程序名称")
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True, label=_("行政复议机关名称"))
    applicant_names = serializers.SerializerMethodField(label=_("申请人"))

    class Meta:
        model = ReconsiderationCase
        fields = [
            "id",
            "case_number",
            "status",
            "status_display",
            "unit",
            "unit_name",
            "applicant_names",
            "respondent_name",
            "contested_act",
            "category",
            "category_display",
            "received_on",
            "procedure",
            "procedure_display",
            "handler",
            "accepted_on",
            "decision_type",
            "closed_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_applicant_names(self, case) -> list[str]:
        return [a.name for a in case.applicants.all()]


class ReconsiderationCaseDetailSerializer(ReconsiderationCaseSerializer):
    applicants = CaseApplicantSerializer(many=True, read_only=True, label=_("申请人"))
    events = CaseEventSerializer(many=True, read_only=True, label=_("办案记录"))
    open_deadlines = serializers.SerializerMethodField(label=_("进行中的法定期限"))
    decision_type_display = serializers.CharField(
        source="get_decision_type_display", read_only=True, label=_("结案方式名称")
    )

    class Meta(ReconsiderationCaseSerializer.Meta):
        fields = [
            *ReconsiderationCaseSerializer.Meta.fields,
            "verification_code",
            "agent_name",
            "agent_phone",
            "respondent_unit",
            "act_document_number",
            "knew_on",
            "requests",
            "reasons",
            "channel",
            "committee_consulted",
            "correction_requested_on",
            "correction_items",
            "correction_received_on",
            "abandoned_on",
            "deemed_accepted",
            "refused_on",
            "refusal_reason",
            "competent_organ",
            "copy_sent_on",
            "answer_received_on",
            "suspension_ground",
            "suspended_on",
            "extended_days",
            "extension_approver",
            "decision_type_display",
            "decided_on",
            "decision_approver",
            "decision_text",
            "termination_ground",
            "closed_late",
            "applicants",
            "events",
            "open_deadlines",
        ]
        read_only_fields = fields

    @extend_schema_field(CaseDeadlineSerializer(many=True))
    def get_open_deadlines(self, case):
        deadlines = case_deadlines(case).filter(status=DeadlineStatus.OPEN)
        return CaseDeadlineSerializer(deadlines, many=True).data


class CaseDuplicateSerializer(serializers.Serializer):
    id = serializers.UUIDField(label=_("案件"))
    case_number = serializers.CharField(label=_("案号"))
    status = serializers.CharField(label=_("状态"))


class CaseRegistrationSerializer(serializers.Serializer):
    case = ReconsiderationCaseDetailSerializer(label=_("登记的案件"))
    duplicate_warning = serializers.BooleanField(label=_("同一申请人已就同一行政行为申请"))
    duplicates = CaseDuplicateSerializer(many=True, label=_("此前的案件"))
    message = serializers.CharField(label=_("说明"))


# --- registration ------------------------------------------------------------------------------------


class CaseUnitField(ScopedPrimaryKeyField):
    # The units where the caller may register cases (OrgUnit's own "add" means creating units).

    def get_queryset(self):
        request = self.context.get("request")
        return units_with_permission(
            getattr(request, "user", None), ReconsiderationCase.scope_permission("add")
        )


class HandlerField(ScopedPrimaryKeyField):
    # The caller, the users the caller manages, and the handlers of cases the caller can see.

    def get_queryset(self):
        return handler_candidates(self.context["request"].user)


class CaseApplicantInputSerializer(serializers.Serializer):
    kind = PlainChoiceField(choices=ApplicantKind.choices, label=_("申请人类型"))
    name = serializers.CharField(max_length=200, label=_("姓名或名称"))
    id_type = PlainChoiceField(choices=IdType.choices, required=False, allow_blank=True, label=_("证件类型"))
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, label=_("证件号码"))
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, label=_("联系电话"))
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, label=_("住所或地址"))


class CaseRegisterSerializer(serializers.Serializer):
    unit = CaseUnitField(
        model=OrgUnit, action="add", message=_("单位不存在或不在您的管辖范围内。"), label=_("行政复议机关")
    )
    applicants = CaseApplicantInputSerializer(many=True, allow_empty=False, label=_("申请人"))
    agent_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("委托代理人")
    )
    agent_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, label=_("代理人联系电话")
    )
    respondent_unit = ScopedPrimaryKeyField(
        model=OrgUnit,
        action="view",
        message=_("单位不存在或不在您的管辖范围内。"),
        required=False,
        allow_null=True,
        label=_("被申请人（本平台单位）"),
    )
    respondent_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_("被申请人名称")
    )
    contested_act = serializers.CharField(max_length=300, label=_("被申请复议的行政行为"))
    act_document_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("行政行为文书编号")
    )
    category = PlainChoiceField(choices=MatterCategory.choices, label=_("案件类别"))
    knew_on = serializers.DateField(required=False, allow_null=True, label=_("知道该行政行为之日"))
    requests = serializers.CharField(label=_("复议请求"))
    reasons = serializers.CharField(required=False, allow_blank=True, label=_("事实和理由"))
    channel = PlainChoiceField(choices=Channel.choices, label=_("申请方式"))
    received_on = serializers.DateField(label=_("收到申请日期"))
    handler = HandlerField(
        model=User,
        action="view",
        message=_("承办人不存在或不在您可以指定的范围内。"),
        required=False,
        allow_null=True,
        label=_("承办人"),
    )
    procedure = PlainChoiceField(
        choices=Procedure.choices, required=False, default=Procedure.ORDINARY, label=_("审理程序")
    )
    procedure_basis = serializers.CharField(
        required=False, allow_blank=True, label=_("适用简易程序的情形（第五十三条，简易程序必填）")
    )

    def validate_applicants(self, value):
        for n, a in enumerate(value, start=1):
            if (a.get("id_number") or "").strip() and not a.get("id_type"):
                raise serializers.ValidationError(
                    _("第%(n)s名申请人填写了证件号码，请选择证件类型。") % {"n": n}
                )
        return value

    def validate(self, data):
        if not data.get("respondent_unit") and not (data.get("respondent_name") or "").strip():
            raise serializers.ValidationError(
                {"respondent_name": [_("请选择本平台单位或填写被申请人名称。")]}
            )
        if data.get("procedure") == Procedure.SIMPLE and not (data.get("procedure_basis") or "").strip():
            raise serializers.ValidationError(
                {"procedure_basis": [_("适用简易程序须写明第五十三条规定的情形。")]}
            )
        return data


# --- the steps (field names are the keys of fazhi.reconsideration.steps) -------------------------------


def _date(label, **kwargs):
    return serializers.DateField(label=label, **kwargs)


def _text(label, *, required: bool = True, max_length=None):
    return serializers.CharField(
        label=label, required=required, allow_blank=not required, max_length=max_length
    )


class CaseStepCorrectionSerializer(serializers.Serializer):
    on = _date(_("通知补正日期"))
    items = _text(_("补正事项"))
    notice_received_on = _date(_("申请人收到补正通知日期"), required=False, allow_null=True)


class CaseStepDateSerializer(serializers.Serializer):
    on = _date(_("日期"))


class CaseStepConfirmSerializer(serializers.Serializer):
    pass


class CaseStepRefuseSerializer(serializers.Serializer):
    on = _date(_("不予受理日期"))
    reason = _text(_("不予受理理由"))
    competent_organ = _text(_("有权受理的行政复议机关"), required=False, max_length=200)


class CaseStepProcedureSerializer(serializers.Serializer):
    procedure = PlainChoiceField(choices=Procedure.choices, label=_("审理程序"))
    on = _date(_("决定日期"))
    basis = _text(_("适用简易程序的情形"), required=False)


class CaseStepConvertSerializer(serializers.Serializer):
    on = _date(_("转换日期"))
    approver = _text(_("批准人"), max_length=100)
    reason = _text(_("转换理由"))


class CaseStepCopySentSerializer(serializers.Serializer):
    on = _date(_("发送日期"))
    received_on = _date(_("被申请人收到副本日期"), required=False, allow_null=True)


class CaseStepHearingSerializer(serializers.Serializer):
    notice_on = _date(_("书面通知日期"))
    hearing_on = _date(_("听证日期"))
    place = _text(_("听证地点"), max_length=200)
    minutes = _text(_("听证笔录摘要"), required=False)


class CaseStepCommitteeSerializer(serializers.Serializer):
    consulted = serializers.BooleanField(label=_("提请行政复议委员会咨询"))


class CaseStepSuspendSerializer(serializers.Serializer):
    on = _date(_("中止日期"))
    ground = PlainChoiceField(choices=SuspensionGround.choices, label=_("中止事由（第三十九条）"))
    note = _text(_("说明"), required=False)


class CaseStepNoteSerializer(serializers.Serializer):
    on = _date(_("日期"))
    note = _text(_("说明"), required=False)


class CaseStepExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30, label=_("延长天数"))
    approver = _text(_("批准人"), max_length=100)
    reason = _text(_("延期理由"))
    on = _date(_("批准日期"))


class CaseStepTerminateSerializer(serializers.Serializer):
    on = _date(_("终止日期"))
    ground = PlainChoiceField(choices=TerminationGround.choices, label=_("终止事由（第四十一条）"))
    approver = _text(_("批准人"), required=False, max_length=100)
    note = _text(_("说明"), required=False)


class CaseStepDecideSerializer(serializers.Serializer):
    decision_type = PlainChoiceField(
        choices=[c for c in DecisionType.choices if c[0] != DecisionType.TERMINATE], label=_("决定类型")
    )
    decided_on = _date(_("决定日期"))
    approver = _text(_("批准人"), max_length=100)
    decision_text = _text(_("决定书正文"), required=False)


#: step slug → the serializer of its request body
STEP_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "request-correction": CaseStepCorrectionSerializer,
    "receive-correction": CaseStepDateSerializer,
    "abandon": CaseStepDateSerializer,
    "accept": CaseStepDateSerializer,
    "refuse": CaseStepRefuseSerializer,
    "deem-accept": CaseStepConfirmSerializer,
    "procedure": CaseStepProcedureSerializer,
    "convert": CaseStepConvertSerializer,
    "copy-sent": CaseStepCopySentSerializer,
    "answer": CaseStepDateSerializer,
    "hearing": CaseStepHearingSerializer,
    "committee": CaseStepCommitteeSerializer,
    "suspend": CaseStepSuspendSerializer,
    "resume": CaseStepNoteSerializer,
    "extend": CaseStepExtendSerializer,
    "terminate": CaseStepTerminateSerializer,
    "decide": CaseStepDecideSerializer,
    "opinion": CaseStepNoteSerializer,
    "opinion-feedback": CaseStepNoteSerializer,
}
