"""API of normative documents: list and read, register, and one POST action per step of the workflow
(the table of ``fazhi.normative.steps``), plus comments and clause conclusions.

The viewset derives from ``fazhi.core.api.base``: out of scope answers 404 like a missing document, a role
without the action 403. A step the document's state does not allow answers 409 ``invalid_transition``; a
refusal of the service — the 37号 gate included — 400 ``refused``, both with the Chinese sentence as
``message``.

Classes carry comments, not docstrings: drf-spectacular would publish a docstring as the operation's
description in the (Chinese) API documentation.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.core.api.steps import StepNotAllowed, StepRefused, step_api_error, step_responses
from fazhi.core.scoping import ScopeViolation
from fazhi.normative import services
from fazhi.normative.api.serializers import (
    STEP_SERIALIZERS,
    ClauseConcludeSerializer,
    ClauseFlagSerializer,
    CommentAddSerializer,
    CommentRespondSerializer,
    DocumentCreateSerializer,
    NormativeDocumentDetailSerializer,
    NormativeDocumentSerializer,
    PublicCommentSerializer,
)
from fazhi.normative.choices import DocumentKind, DocumentStatus
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from fazhi.normative.steps import STEP_BY_SLUG, STEPS, step_refusal

ERRORS, CONFLICT = step_responses(record="文件", rules="制定程序")


def _step_action(slug: str):
    """The POST action of one step, named after it (``submit-review`` → ``submit_review``)."""
    step = STEP_BY_SLUG[slug]

    def run(self, request, pk=None):
        return self.run_step(request, slug)

    run.__name__ = slug.replace("-", "_")
    run = action(detail=True, methods=["post"], url_path=slug, url_name=slug)(run)
    return extend_schema(
        summary=gettext_lazy("办理步骤：%(label)s") % {"label": step.label},
        request=STEP_SERIALIZERS[slug],
        responses={200: NormativeDocumentDetailSerializer, **ERRORS, 409: CONFLICT},
    )(run)


_q = OpenApiParameter.QUERY


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("行政规范性文件列表（仅限管辖范围）"),
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, _q, enum=DocumentStatus.values, description=gettext_lazy("状态")
            ),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, _q, enum=DocumentKind.values, description=gettext_lazy("文件类别")
            ),
            OpenApiParameter("year", OpenApiTypes.INT, _q, description=gettext_lazy("公布年度")),
            OpenApiParameter(
                "q", OpenApiTypes.STR, _q, description=gettext_lazy("按文件名称、文号或正文查找")
            ),
        ],
        responses={200: NormativeDocumentSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("行政规范性文件详情（含征求意见、审核提示和期限）"),
        responses={200: NormativeDocumentDetailSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class DocumentViewSet(ScopedReadOnlyViewSet):
    # Normative documents: read, register (登记), and the steps of the drafting procedure.
    lookup_value_converter = "uuid"
    model = NormativeDocument
    serializer_class = NormativeDocumentSerializer
    http_method_names = ["get", "post", "head", "options"]
    extra_scope_actions = {
        **{slug.replace("-", "_"): "change" for slug in STEP_BY_SLUG},
        "comments": "change",
        "comment_response": "change",
        "clause_conclusion": "change",
    }

    def get_serializer_class(self):
        if self.action == "retrieve":
            return NormativeDocumentDetailSerializer
        if self.action == "create":
            return DocumentCreateSerializer
        if self.action == "comments":
            return CommentAddSerializer
        if self.action == "comment_response":
            return CommentRespondSerializer
        if self.action == "clause_conclusion":
            return ClauseConcludeSerializer
        if self.action in self.extra_scope_actions:
            return STEP_SERIALIZERS[self.action.replace("_", "-")]
        return NormativeDocumentSerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("unit")
        if self.action != "list":
            return qs
        params = self.request.query_params
        for name, choices in (("status", DocumentStatus), ("kind", DocumentKind)):
            value = params.get(name)
            if value:
                if value not in choices.values:
                    raise serializers.ValidationError(
                        {
                            name: [
                                _("参数取值不正确，可选值为：%(values)s。")
                                % {"values": "、".join(choices.values)}
                            ]
                        }
                    )
                qs = qs.filter(**{name: value})
        year = params.get("year", "").strip()
        if year:
            if not year.isdigit():
                raise serializers.ValidationError({"year": [_("年度应为四位数字，如 2025。")]})
            qs = qs.filter(published_on__year=int(year))
        q = params.get("q", "").strip()
        if q:
            qs = qs.filter(Q(title__icontains=q) | Q(document_number__icontains=q) | Q(body__icontains=q))
        return qs.defer("body", "interpretation")

    def _read(self, pk) -> dict:
        document = (
            NormativeDocument.objects.restrict(self.request.user, "view").select_related("unit").get(pk=pk)
        )
        return NormativeDocumentDetailSerializer(document, context=self.get_serializer_context()).data

    @extend_schema(
        summary=gettext_lazy("登记行政规范性文件（草案）"),
        request=DocumentCreateSerializer,
        responses={201: NormativeDocumentDetailSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            document = services.document_create(actor=request.user, **serializer.validated_data)
        except (ScopeViolation, PermissionDenied) as exc:
            raise exceptions.PermissionDenied(_("您无权在该单位登记行政规范性文件。")) from exc
        except ValidationError as exc:
            raise StepRefused("；".join(exc.messages)) from exc
        return Response(self._read(document.pk), status=status.HTTP_201_CREATED)

    def run_step(self, request, slug: str) -> Response:
        step = STEP_BY_SLUG[slug]
        document = self.get_object()  # restrict(user, "change"): out of scope or without the right → 404
        refusal = step_refusal(step, document, request.user)
        if refusal:
            if step.gate is not None and document.status in step.shown_in and step.gate(document):
                raise StepRefused(refusal)  # the 37号 gate: a rule of the procedure, not a state
            raise StepNotAllowed(refusal)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            step.perform(request.user, document, dict(serializer.validated_data))
        except ValidationError as exc:
            raise step_api_error(exc) from exc
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        except NormativeDocument.DoesNotExist as exc:
            raise exceptions.PermissionDenied(_("您无权办理该文件这一步骤。")) from exc
        return Response(self._read(document.pk))

    @extend_schema(
        summary=gettext_lazy("登记征求意见"),
        request=CommentAddSerializer,
        responses={201: PublicCommentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="comments", url_name="comments")
    def comments(self, request, pk=None):
        document = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            comment = services.comment_add(actor=request.user, document=document, **serializer.validated_data)
        except ValidationError as exc:
            raise step_api_error(exc) from exc
        return Response(PublicCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("登记意见处理情况（采纳情况和说明）"),
        request=CommentRespondSerializer,
        responses={200: PublicCommentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="comment-response", url_name="comment-response")
    def comment_response(self, request, pk=None):
        document = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        comment = (
            PublicComment.objects.restrict(request.user, "change")
            .filter(document=document, pk=data.pop("comment"))
            .first()
        )
        if comment is None:
            raise serializers.ValidationError({"comment": [_("该文件没有这条征求意见。")]})
        try:
            comment = services.comment_respond(actor=request.user, comment=comment, **data)
        except ValidationError as exc:
            raise step_api_error(exc) from exc
        return Response(PublicCommentSerializer(comment).data)

    @extend_schema(
        summary=gettext_lazy("登记审核提示条款的审核结论"),
        request=ClauseConcludeSerializer,
        responses={200: ClauseFlagSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="clause-conclusion", url_name="clause-conclusion")
    def clause_conclusion(self, request, pk=None):
        document = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        flag = (
            ClauseFlag.objects.restrict(request.user, "change")
            .filter(document=document, pk=data.pop("flag"))
            .first()
        )
        if flag is None:
            raise serializers.ValidationError({"flag": [_("该文件没有这条审核提示。")]})
        try:
            flag = services.clause_conclude(actor=request.user, flag=flag, **data)
        except ValidationError as exc:
            raise step_api_error(exc) from exc
        return Response(ClauseFlagSerializer(flag).data)


for _step in STEPS:
    setattr(DocumentViewSet, _step.slug.replace("-", "_"), _step_action(_step.slug))
