"""Forms of the calendar page and the deadline pages; they parse, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.units import BootstrapFormMixin
from fazhi.workdays.choices import DayKind, DeadlineStatus, EventKind
from fazhi.workdays.services.calendar import FIRST_YEAR, LAST_YEAR

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CalendarDayForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("类型"), choices=DayKind.choices)
    name = forms.CharField(label=_("名称"), max_length=50, help_text=_("如“春节”“国庆节调休上班”。"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class CalendarYearForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, widget=forms.HiddenInput)
    complete = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CalendarImportForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("列：日期、类型（放假/调休上班）、名称，可选备注；整体替换该年度人工录入的安排。"),
    )
    mark_complete = forms.BooleanField(label=_("导入后标记该年度数据完整"), required=False)


class DeadlineFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *DeadlineStatus.choices]
    )
    within = forms.IntegerField(
        label=_("N个工作日内到期"),
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs={"placeholder": _("如 3")}),
    )
    overdue = forms.BooleanField(label=_("只看已逾期"), required=False)
    mine = forms.BooleanField(label=_("只看我负责的"), required=False)
    q = forms.CharField(label=_("事项"), required=False, max_length=100)


class DeadlineEventForm(BootstrapFormMixin, forms.Form):
    """One form for every clock event; the fields a kind needs are checked here, the rules by the service."""

    CLOSE_MET = "met"
    CLOSE_CLOSED = "closed"
    KINDS = [*EventKind.choices, (CLOSE_MET, _("办结")), (CLOSE_CLOSED, _("终止"))]

    kind = forms.ChoiceField(choices=KINDS, widget=forms.HiddenInput)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE_WIDGET)
    days = forms.IntegerField(label=_("延长天数"), required=False, min_value=1, max_value=1000)
    approver = forms.CharField(label=_("批准人"), required=False, max_length=100)
    reason = forms.CharField(label=_("事由"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EventKind.EXTEND:
            for name, message in (
                ("days", _("请填写延长天数。")),
                ("approver", _("请填写批准人。")),
                ("reason", _("请填写延长理由。")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        elif kind and not data.get("on"):
            self.add_error("on", _("请填写日期。"))
        return data
