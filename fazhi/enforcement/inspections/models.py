"""双随机一公开: the pool of inspected entities (检查对象名录库), the pool of inspectors (执法检查人员名录库),
回避关系, 抽查任务 with their recorded draw, the entities drawn and each one's 检查结果.

Every record belongs to a unit: entities and inspectors to the department whose pool they are in, a
conflict to its inspector's unit, a task to its lead department (牵头部门) and the rows drawn for a task
(DrawnEntity, InspectionResult) to the task's unit. See docs/inspections.md.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import ScopedModel
from fazhi.core.scoping import path_under, under_any
from fazhi.enforcement.inspections.choices import (
    ConflictReason,
    ResultKind,
    RiskLevel,
    SampleMode,
    TaskStatus,
)
from fazhi.enforcement.inspections.validators import validate_credit_code
from fazhi.enforcement.inspections.workflows import TASK_WORKFLOW


class InspectedEntity(ScopedModel):
    """An entry of a department's 检查对象名录库; ``unit`` = the department whose pool it is."""

    name = models.CharField(_("检查对象名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_credit_code])
    industry = models.CharField(_("行业"), max_length=50, blank=True)
    risk_level = models.CharField(
        _("风险等级"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    address = models.CharField(_("住所"), max_length=200, blank=True)
    active = models.BooleanField(
        _("在库"), default=True, help_text=_("注销、迁出的对象取消勾选，不再参加抽取。")
    )

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")
        ordering = ["credit_code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "credit_code"], name="insp_entity_unique_code"),
        ]
        indexes = [models.Index(fields=["unit", "active", "credit_code"], name="insp_entity_pool")]

    def __str__(self) -> str:
        return self.name


class Inspector(ScopedModel):
    """An officer entered in a department's 执法检查人员名录库; ``unit`` = the department whose pool it is.
    Only officers holding a usable 行政执法证 on the draw day are drawn (处罚法 第42条)."""

    officer = models.ForeignKey(
        "enforcement.EnforcementOfficer",
        on_delete=models.PROTECT,
        related_name="inspector_entries",
        verbose_name=_("执法人员"),
    )
    specialty = models.CharField(_("检查专长"), max_length=100, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")
        ordering = ["officer__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "officer"], name="insp_inspector_unique")]

    def __str__(self) -> str:
        return self.officer.name

    def clean(self):
        super().clean()
        unit = getattr(self, "unit", None)
        officer = getattr(self, "officer", None) if self.officer_id else None
        if unit is not None and officer is not None and not officer.unit.path.startswith(unit.path):
            raise ValidationError(
                {
                    "officer": _("%(name)s不是“%(unit)s”或其下属单位的执法人员。")
                    % {"name": officer.name, "unit": unit.name}
                }
            )


class Conflict(ScopedModel):
    """回避关系: the inspector must not be drawn for the entity; ``unit`` = the inspector's."""

    inspector = models.ForeignKey(
        Inspector, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("执法检查人员")
    )
    entity = models.ForeignKey(
        InspectedEntity, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("检查对象")
    )
    reason = models.CharField(_("回避事由"), max_length=20, choices=ConflictReason.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["inspector", "entity"], name="insp_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.inspector} — {self.entity}"


class InspectionTask(ScopedModel):
    """抽查任务; ``unit`` = the lead department (牵头部门). A joint task (跨部门联合抽查) lists its other
    departments in ``participants``: its entity pool is the union of all their pools (one entry per
    统一社会信用代码) and its inspectors come from all of them."""

    workflow = TASK_WORKFLOW
    #: the participants of a joint task see it; the lead department draws, finishes and publishes, and each
    #: participant records the results of the entities its officers were drawn for (DrawnEntity)
    scope_needs_distinct = True

    @classmethod
    def scope_extra_q(cls, user, permission, prefixes):
        return under_any(prefixes, "participants__path") if permission == Permission.VIEW else None

    name = models.CharField(_("任务名称"), max_length=200)
    matter = models.CharField(_("抽查事项"), max_length=200, help_text=_("随机抽查事项清单中的事项名称。"))
    industry = models.CharField(
        _("限定行业"), max_length=50, blank=True, help_text=_("留空：名录库中全部在库对象参加抽取。")
    )
    risk_level = models.CharField(
        _("限定风险等级"),
        max_length=10,
        choices=RiskLevel.choices,
        blank=True,
        help_text=_("差异化抽查：按风险等级分别建任务、设定不同比例；留空：不限风险等级。"),
    )
    planned_start = models.DateField(_("计划开始日期"))
    planned_end = models.DateField(_("计划结束日期"))
    sample_mode = models.CharField(
        _("抽取方式"), max_length=10, choices=SampleMode.choices, default=SampleMode.RATIO
    )
    ratio = models.DecimalField(
        _("抽取比例（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )
    sample_size = models.PositiveIntegerField(_("抽取户数"), null=True, blank=True)
    is_joint = models.BooleanField(_("跨部门联合抽查"), default=False)
    participants = models.ManyToManyField(
        "core.OrgUnit", blank=True, related_name="+", verbose_name=_("联合抽查部门")
    )
    status = models.CharField(_("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    # --- the draw, recorded so anyone can re-derive it (docs/inspections.md) ---
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    algorithm = models.CharField(_("抽取算法版本"), max_length=40, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    drawn_on = models.DateField(_("抽取日期"), null=True, blank=True)
    entity_candidates = models.JSONField(
        _("备选检查对象"), default=list, blank=True, help_text=_("抽取时的备选统一社会信用代码，按代码排序。")
    )
    inspector_candidates = models.JSONField(
        _("备选执法检查人员"),
        default=list,
        blank=True,
        help_text=_("抽取时持有效执法证的备选人员编号，排序。"),
    )
    conflict_pairs = models.JSONField(
        _("回避关系快照"),
        default=list,
        blank=True,
        help_text=_("抽取时适用的回避关系：[统一社会信用代码, 人员编号]。"),
    )
    candidates_digest = models.CharField(_("备选名单摘要（SHA-256）"), max_length=64, blank=True)
    # --- after the inspection ---
    finished_on = models.DateField(_("检查结束日期"), null=True, blank=True)
    publication_due_on = models.DateField(_("公示期限"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["-planned_start", "-created_at"]
        indexes = [
            models.Index(fields=["unit", "drawn_on"], name="insp_task_drawn"),
            models.Index(fields=["status", "published_on"], name="insp_task_published"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("计划结束日期不能早于开始日期。")
        if self.sample_mode == SampleMode.RATIO and not self.ratio:
            errors["ratio"] = _("按比例抽取的，请填写抽取比例。")
        if self.sample_mode == SampleMode.COUNT and not self.sample_size:
            errors["sample_size"] = _("按户数抽取的，请填写抽取户数。")
        if errors:
            raise ValidationError(errors)


class DrawnEntity(ScopedModel):
    """One entity drawn for a task, at ``position`` of the draw, with the two inspectors drawn for it;
    the entity's name and code are copied as they were at the draw. ``unit`` = the task's.

    In a joint task a participating department sees every drawn entity and records the result of those
    whose inspectors include one of its own officers (the lead department records any of them)."""

    scope_needs_distinct = True

    @classmethod
    def scope_extra_q(cls, user, permission, prefixes):
        if permission == Permission.VIEW:
            return under_any(prefixes, "task__participants__path")
        if permission != Permission.CHANGE:
            return None
        condition = Q()
        for prefix in prefixes:
            condition |= path_under(prefix, "task__participants__path") & path_under(
                prefix, "inspector_1__unit__path", "inspector_2__unit__path"
            )
        return condition

    task = models.ForeignKey(
        InspectionTask, on_delete=models.CASCADE, related_name="drawn", verbose_name=_("抽查任务")
    )
    entity = models.ForeignKey(
        InspectedEntity, on_delete=models.PROTECT, related_name="draws", verbose_name=_("检查对象")
    )
    position = models.PositiveIntegerField(_("抽取顺序"))
    entity_name = models.CharField(_("检查对象名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    inspector_1 = models.ForeignKey(
        "enforcement.EnforcementOfficer",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查人员一"),
    )
    inspector_2 = models.ForeignKey(
        "enforcement.EnforcementOfficer",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查人员二"),
    )

    class Meta:
        verbose_name = _("抽中对象")
        verbose_name_plural = _("抽中对象")
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="insp_drawn_unique_position"),
            models.UniqueConstraint(fields=["task", "credit_code"], name="insp_drawn_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.entity_name}"


class InspectionResult(ScopedModel):
    """检查结果 of one drawn entity; ``unit`` = the task's. The participants of a joint task see the results
    (they record them through their DrawnEntity, which decides who may)."""

    scope_needs_distinct = True

    @classmethod
    def scope_extra_q(cls, user, permission, prefixes):
        return (
            under_any(prefixes, "drawn__task__participants__path") if permission == Permission.VIEW else None
        )

    drawn = models.OneToOneField(
        DrawnEntity, on_delete=models.CASCADE, related_name="result", verbose_name=_("抽中对象")
    )
    result = models.CharField(_("检查结果"), max_length=20, choices=ResultKind.choices)
    inspected_on = models.DateField(_("检查日期"))
    note = models.TextField(_("情况说明"), blank=True)

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["drawn__position"]
        indexes = [models.Index(fields=["unit", "inspected_on"], name="insp_result_on")]

    def __str__(self) -> str:
        return self.get_result_display()
