"""A unit's own .docx template for a registered document (it also applies to the units below it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import ScopedModel
from fazhi.docgen.registry import KEY_MAX_LENGTH, document_label


def template_upload_to(instance: DocumentTemplate, filename: str) -> str:
    # the uploader's file name never enters the storage path
    return f"docgen/templates/{instance.pk}.docx"


class DocumentTemplate(ScopedModel):
    doc_key = models.CharField(_("文书类型"), max_length=KEY_MAX_LENGTH)
    file = models.FileField(_("模板文件"), upload_to=template_upload_to, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    scope_actions = {
        "view": Permission.MANAGE,
        "add": Permission.MANAGE,
        "change": Permission.MANAGE,
        "delete": Permission.MANAGE,
    }
    attachments_allowed = False

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["unit__path", "doc_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_key"], name="docgen_template_unique_unit_key"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_label}：{self.original_name}"

    @property
    def doc_label(self) -> str:
        return document_label(self.doc_key)
