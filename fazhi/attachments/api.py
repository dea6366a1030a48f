"""API of attachments: list (all in scope, or one record's), upload, details, download, delete.

Same scoping and checks as the pages: the list and the lookups go through the restricted queryset, a
download also re-reads the parent record through its own restrict(), uploads and deletions go through
the services. Classes carry comments, not docstrings (drf-spectacular would publish them).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from fazhi.attachments.models import Attachment
from fazhi.attachments.selectors import parent_visible, resolve_record
from fazhi.attachments.services import attachment_add, attachment_delete
from fazhi.attachments.views import download_response
from fazhi.core.api.base import ScopedViewSetMixin
from fazhi.core.api.serializers import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("文件不符合要求或提交的数据有误")),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("未登录、无权限或超出管辖范围")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("记录不存在或不在您的管辖范围内")),
}


class AttachmentSerializer(serializers.ModelSerializer):
    record_type = serializers.CharField(
        read_only=True, help_text=gettext_lazy("所属记录的类型，如 core.orgunit")
    )
    record_id = serializers.CharField(
        source="object_id", read_only=True, help_text=gettext_lazy("所属记录的编号")
    )
    unit = serializers.UUIDField(source="unit_id", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.full_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "record_type",
            "record_id",
            "unit",
            "original_name",
            "size",
            "sha256",
            "file_type",
            "mime_type",
            "description",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("api-attachments-download", kwargs={"pk": obj.pk})


class AttachmentUploadSerializer(serializers.Serializer):
    record_type = serializers.CharField(help_text=gettext_lazy("所属记录的类型，如 core.orgunit"))
    record_id = serializers.CharField(help_text=gettext_lazy("所属记录的编号"))
    file = serializers.FileField(help_text=gettext_lazy("文件；按内容核验类型与大小"))
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)


def _record_params() -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "record_type",
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            description=gettext_lazy("只列出该类记录的附件（与 record_id 一同使用），如 core.orgunit"),
        ),
        OpenApiParameter(
            "record_id",
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            description=gettext_lazy("只列出该记录的附件"),
        ),
    ]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("附件列表（可按所属记录筛选）"),
        parameters=_record_params(),
        responses={200: AttachmentSerializer(many=True), 403: ERRORS[403], 404: ERRORS[404]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("附件详情（含 SHA-256）"),
        responses={200: AttachmentSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary=gettext_lazy("上传附件（multipart/form-data）"),
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, **ERRORS},
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除附件（记入审计日志）"),
        responses={204: OpenApiResponse(description=gettext_lazy("已删除")), **ERRORS},
    ),
)
class AttachmentViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    # Evidence files of records; reading follows the record's own scope.
    lookup_value_converter = "uuid"
    model = Attachment
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]
    extra_scope_actions = {"download": "view"}

    def get_serializer_class(self):
        return AttachmentUploadSerializer if self.action == "create" else AttachmentSerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("uploaded_by", "content_type")
        if self.action == "list":
            record_type = self.request.query_params.get("record_type")
            record_id = self.request.query_params.get("record_id")
            if record_type or record_id:
                record = resolve_record(user=self.request.user, record_type=record_type, record_id=record_id)
                from django.contrib.contenttypes.models import ContentType

                qs = qs.filter(
                    content_type=ContentType.objects.get_for_model(type(record)), object_id=str(record.pk)
                )
        return qs.order_by("-created_at")

    def get_object(self):
        attachment = super().get_object()
        if not parent_visible(user=self.request.user, attachment=attachment):
            raise Http404
        return attachment

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = resolve_record(
            user=request.user, record_type=data["record_type"], record_id=data["record_id"], action="change"
        )
        try:
            attachment = attachment_add(
                actor=request.user, record=record, file=data["file"], description=data.get("description", "")
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        output = AttachmentSerializer(attachment, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        attachment_delete(actor=self.request.user, attachment=instance)

    @extend_schema(
        summary=gettext_lazy("下载附件文件（记入审计日志）"),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("文件内容")
            ),
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return download_response(request, self.get_object())
