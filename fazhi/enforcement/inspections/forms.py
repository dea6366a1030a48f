"""Forms of 双随机一公开: the pools, the task, and the steps (draw, result, finish, publish); also the
entity register's import row form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.base import ScopedModelForm
from fazhi.core.models import OrgUnit
from fazhi.enforcement.inspections.choices import ResultKind, RiskLevel, TaskStatus
from fazhi.enforcement.inspections.models import Conflict, InspectedEntity, InspectionTask, Inspector

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntityForm(ScopedModelForm):
    class Meta:
        model = InspectedEntity
        fields = ["unit", "name", "credit_code", "industry", "risk_level", "address", "active"]

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean(self):
        data = super().clean()
        unit, code = data.get("unit"), data.get("credit_code")
        if unit is not None and code:
            clash = InspectedEntity.objects.filter(unit=unit, credit_code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "credit_code", _("“%(unit)s”的名录库中已有该统一社会信用代码。") % {"unit": unit.name}
                )
        return data


class InspectorForm(ScopedModelForm):
    class Meta:
        model = Inspector
        fields = ["unit", "officer", "specialty", "active"]

    def clean(self):
        data = super().clean()
        unit, officer = data.get("unit"), data.get("officer")
        if unit is not None and officer is not None:
            clash = Inspector.objects.filter(unit=unit, officer=officer).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("officer", _("该执法人员已在“%(unit)s”的名录库中。") % {"unit": unit.name})
        return data


class ConflictForm(ScopedModelForm):
    """The conflict belongs to its inspector's unit (set here, not chosen)."""

    class Meta:
        model = Conflict
        fields = ["inspector", "entity", "reason", "note"]

    def clean(self):
        data = super().clean()
        inspector, entity = data.get("inspector"), data.get("entity")
        if inspector is not None:
            self.instance.unit = inspector.unit
        if inspector is not None and entity is not None:
            clash = Conflict.objects.filter(inspector=inspector, entity=entity).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("entity", _("该回避关系已登记。"))
        return data


class TaskForm(ScopedModelForm):
    class Meta:
        model = InspectionTask
        fields = [
            "unit",
            "name",
            "matter",
            "industry",
            "risk_level",
            "planned_start",
            "planned_end",
            "sample_mode",
            "ratio",
            "sample_size",
            "is_joint",
            "participants",
        ]
        widgets = {"planned_start": DATE, "planned_end": DATE}
        labels = {"unit": _("牵头部门")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any department may be asked to take part; the list is not narrowed to the user's scope
        self.fields["participants"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["participants"].help_text = _("跨部门联合抽查的其他参加部门（不含牵头部门）。")

    def clean(self):
        data = super().clean()
        joint, participants = data.get("is_joint"), data.get("participants")
        lead = data.get("unit")
        if joint and not [u for u in participants or [] if lead is None or u.pk != lead.pk]:
            self.add_error("participants", _("跨部门联合抽查须选择至少一个其他参加部门。"))
        if not joint and participants:
            self.add_error("is_joint", _("选择了联合抽查部门的，请勾选“跨部门联合抽查”。"))
        if self.instance.pk and self.instance.status != TaskStatus.DRAFT:
            self.add_error(None, _("已抽取的任务不能修改。"))
        return data


class DrawForm(forms.Form):
    on = forms.DateField(label=_("抽取日期"), widget=DATE, initial=timezone.localdate)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("抽取日期不能晚于今天。"))
        return on


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("检查结果"), choices=ResultKind.choices)
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DateStepForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)


class EntityFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或代码"), required=False)
    industry = forms.CharField(label=_("行业"), required=False)
    risk_level = forms.ChoiceField(
        label=_("风险等级"), choices=[("", "全部"), *RiskLevel.choices], required=False
    )


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("任务名称或事项"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", "全部"), *TaskStatus.choices], required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    joint = forms.ChoiceField(
        label=_("跨部门"), choices=[("", "全部"), ("yes", "跨部门联合"), ("no", "本部门")], required=False
    )
