"""The working-day calendar (global) and statutory deadlines (scoped to a unit)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models.base import ScopedManager, ScopedMixin, ScopedModel
from fazhi.workdays.choices import DayKind, DeadlineStatus, EventKind, PeriodKind, YearSource

# --- the calendar: one for the whole country, so not a unit's record (core/checks.py UNSCOPED_MODELS) ---


class CalendarDay(models.Model):
    """A 放假 or 调休上班 day entered by an administrator; it wins over the package for that date."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year entered by hand (years the package does not cover, or corrections to one it does)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(
        _("数据来源"), max_length=10, choices=YearSource.choices, default=YearSource.MANUAL
    )
    complete = models.BooleanField(
        _("数据完整"),
        default=False,
        help_text=_("管理员核对国务院办公厅放假通知后标记；标记前，该年度的期限按周一至周五估算并提示。"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    entered_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")

    def __str__(self) -> str:
        return str(self.year)


class CalendarState(models.Model):
    """One row: the calendar's revision, bumped (with ``F()``) by every change to the two tables above."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    revision = models.PositiveIntegerField(_("版本"), default=0)
    changed_at = models.DateTimeField(_("最近修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = _("日历版本")

    def __str__(self) -> str:
        return f"r{self.revision}"


# --- deadlines -------------------------------------------------------------------------------------


class Deadline(ScopedModel):
    """A running statutory period of one record (期限). Stores its inputs, so it can always be recomputed."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录类型")
    )
    object_id = models.CharField(_("记录标识"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    record_repr = models.CharField(_("事项"), max_length=200)

    # the rule as it was when the deadline was opened
    rule_key = models.CharField(_("规则"), max_length=100)
    rule_label = models.CharField(_("期限名称"), max_length=100)
    period_kind = models.CharField(_("期间种类"), max_length=16, choices=PeriodKind.choices)
    period_count = models.PositiveIntegerField(_("期间长度"))
    start_event = models.CharField(_("起算事件"), max_length=100)
    citation = models.CharField(_("法律依据"), max_length=200)
    restartable = models.BooleanField(_("补正等事件后重新起算"), default=False)
    max_extension = models.PositiveIntegerField(_("最长延长"), null=True, blank=True)

    start_date = models.DateField(_("起算日"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_deadlines",
        verbose_name=_("负责人"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )

    # computed: rewritten by every event and by every calendar change that touches the span
    due_date = models.DateField(_("届满日"), null=True, blank=True, help_text=_("中止期间为空"))
    span_end = models.DateField(_("计算所及末日"), null=True, blank=True)
    paused_since = models.DateField(_("中止日"), null=True, blank=True)
    calendar_version = models.CharField(_("日历版本"), max_length=40)
    uncertain = models.BooleanField(_("节假日数据缺失"), default=False)
    explanation = models.CharField(_("计算说明"), max_length=500)

    completed_on = models.DateField(_("办结日"), null=True, blank=True)
    close_reason = models.CharField(_("办结/终止说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_date", "start_date"]
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "rule_key"],
                condition=Q(status="open"),
                name="workdays_one_open_deadline_per_record_and_rule",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="workdays_deadline_due"),
            models.Index(fields=["content_type", "object_id"], name="workdays_deadline_record"),
        ]

    def __str__(self) -> str:
        return f"{self.record_repr}：{self.rule_label}"

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == DeadlineStatus.OPEN and self.due_date is not None and self.due_date < today

    @property
    def met_late(self) -> bool:
        return (
            self.status == DeadlineStatus.MET
            and self.completed_on is not None
            and self.due_date is not None
            and self.completed_on > self.due_date
        )


class DeadlineEvent(ScopedMixin, models.Model):
    """A pause, resumption, extension or restart on a deadline's clock. Appended, never edited."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="events", verbose_name=_("期限")
    )
    kind = models.CharField(_("事件"), max_length=10, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    days = models.PositiveIntegerField(_("延长天数"), null=True, blank=True)
    approver = models.CharField(_("批准人"), max_length=100, blank=True)
    reason = models.CharField(_("事由"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "deadline__unit__path"

    class Meta:
        ordering = ["on", "created_at", "id"]
        verbose_name = _("期限事件")
        verbose_name_plural = _("期限事件")

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.get_kind_display()}"

    @property
    def unit(self):
        return self.deadline.unit


class ReminderLog(models.Model):
    """One row per user and day a reminder was sent: the daily job sends at most one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("收件人")
    )
    date = models.DateField(_("日期"))
    email = models.CharField(_("电子邮箱"), max_length=254)
    due_soon = models.PositiveIntegerField(_("即将到期"), default=0)
    overdue = models.PositiveIntegerField(_("已逾期"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("期限提醒记录")
        verbose_name_plural = _("期限提醒记录")
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="workdays_one_reminder_per_user_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.email}"
