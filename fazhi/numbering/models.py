"""Number templates, per-year sequences and the numbers issued from them (文号、案号)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import ScopedModel
from fazhi.numbering.choices import NumberStatus
from fazhi.numbering.formats import NUMBER_MAX_LENGTH, TEMPLATE_MAX_LENGTH, validate_template
from fazhi.numbering.registry import doc_type_label
from fazhi.numbering.workflows import NUMBER_WORKFLOW

_MANAGE = {
    "view": Permission.VIEW,
    "add": Permission.MANAGE,
    "change": Permission.MANAGE,
    "delete": Permission.MANAGE,
}


class NumberTemplate(ScopedModel):
    """A unit's own template for one document type; it also applies to the units below it."""

    doc_type = models.CharField(_("文号类型"), max_length=40)
    template = models.CharField(
        _("文号模板"),
        max_length=TEMPLATE_MAX_LENGTH,
        validators=[validate_template],
        help_text=_("如 {unit_short}复〔{year}〕{seq}号；序号补零写作 {seq:03d}。"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("设置人"),
    )

    scope_actions = _MANAGE

    class Meta:
        verbose_name = _("文号模板")
        verbose_name_plural = _("文号模板")
        ordering = ["unit__path", "doc_type"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_type"], name="numbering_template_unique_unit_type"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type_label}：{self.template}"

    @property
    def doc_type_label(self) -> str:
        return doc_type_label(self.doc_type)


class NumberSequence(ScopedModel):
    """The last number drawn for (unit, type, year); only ever advanced by one, inside a transaction."""

    doc_type = models.CharField(_("文号类型"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用到的序号"), default=0)

    scope_actions = {"view": Permission.VIEW}

    class Meta:
        verbose_name = _("文号序列")
        verbose_name_plural = _("文号序列")
        ordering = ["unit__path", "doc_type", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_type", "year"], name="numbering_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{doc_type_label(self.doc_type)} {self.year}：{self.last}"


class IssuedNumber(ScopedModel):
    """A number once issued: it stays recorded, voided or not, and its sequence value is never reused."""

    doc_type = models.CharField(_("文号类型"), max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    text = models.CharField(_("文号"), max_length=NUMBER_MAX_LENGTH, db_index=True)
    template = models.CharField(_("所用模板"), max_length=TEMPLATE_MAX_LENGTH)
    status = models.CharField(
        _("状态"), max_length=20, choices=NumberStatus.choices, default=NumberStatus.ISSUED, db_index=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("取号人"),
    )
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("关联记录类型"),
    )
    object_id = models.CharField(_("关联记录标识"), max_length=64, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作废人"),
    )
    void_reason = models.CharField(_("作废理由"), max_length=200, blank=True)

    workflow = NUMBER_WORKFLOW
    scope_actions = {"view": Permission.VIEW, "add": Permission.ADD, "void": Permission.DELETE}

    class Meta:
        verbose_name = _("已取文号")
        verbose_name_plural = _("已取文号")
        ordering = ["-created_at", "-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "doc_type", "year", "seq"], name="numbering_issued_unique_seq"
            ),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="numbering_issued_seq_positive"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="numbering_issued_record")]

    def __str__(self) -> str:
        return self.text

    @property
    def doc_type_label(self) -> str:
        return doc_type_label(self.doc_type)

    @property
    def is_voided(self) -> bool:
        return self.status == NumberStatus.VOIDED
