"""Forms of the case procedure: the list's filters, 立案, and one form per step (its fields are the arguments
of the step's service; steps.py calls the service). Each step form takes ``case`` and ``user``."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.cases.choices import (
    CaseSource,
    CaseStatus,
    DecisionKind,
    ExecutionManner,
    ItemStatus,
    MajorGround,
    PartyKind,
    PenaltyKind,
    Procedure,
    RecordForm,
    ReviewResult,
    Stage,
)
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.rules import RECORD_KINDS
from fazhi.enforcement.choices import BodyStatus
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer
from fazhi.enforcement.selectors import officers_assignable

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT2 = forms.Textarea(attrs={"rows": 2})


def _today():
    return timezone.localdate()


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("案号或当事人"),
        required=False,
        # matched from the first character, so that the 1,000,000-case list answers from an index
        widget=forms.TextInput(attrs={"placeholder": _("案号或当事人名称的开头")}),
    )
    status = forms.ChoiceField(label=_("状态"), choices=[("", "全部"), *CaseStatus.choices], required=False)
    procedure = forms.ChoiceField(label=_("程序"), choices=[("", "全部"), *Procedure.choices], required=False)
    body = forms.UUIDField(label=_("执法主体"), required=False, widget=forms.Select)
    item = forms.UUIDField(label=_("执法事项"), required=False, widget=forms.Select)
    year = forms.IntegerField(label=_("立案年度"), required=False, min_value=1949, max_value=9999)
    overdue = forms.BooleanField(label=_("超过决定期限未决定"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = EnforcementBody.objects.restrict(user, "view").values_list("pk", "name") if user else []
        self.fields["body"].widget.choices = [("", "全部"), *[(str(pk), name) for pk, name in bodies]]
        items = (
            EnforcementItem.objects.restrict(user, "view")
            .order_by("code")
            .values_list("pk", "code", "name")[:1000]
            if user
            else []
        )
        self.fields["item"].widget.choices = [
            ("", "全部"),
            *[(str(pk), f"{code} {name}") for pk, code, name in items],
        ]
        for field in self.fields.values():
            widget = field.widget
            css = {forms.Select: "form-select", forms.CheckboxInput: "form-check-input"}.get(
                type(widget), "form-control"
            )
            widget.attrs.setdefault("class", css)


class OfficerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.body.name}）" if obj.body_id else obj.name


class LeadChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _officers(user, on: datetime.date):
    """第四十二条: only officers in the user's scope with a usable 行政执法证 on ``on`` are offered."""
    queryset = EnforcementOfficer.objects.restrict(user, "view").select_related("body")
    return officers_assignable(on=on, queryset=queryset).order_by("name")


def _date_in(data, name: str, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat((data or {}).get(name) or "")
    except (TypeError, ValueError):
        return default


class CaseRegisterForm(forms.Form):
    body = forms.ModelChoiceField(label=_("执法主体"), queryset=EnforcementBody.objects.none())
    item = forms.ModelChoiceField(
        label=_("执法事项"),
        queryset=EnforcementItem.objects.none(),
        help_text=_("须为所选执法主体的有效事项。"),
    )
    procedure = forms.ChoiceField(label=_("程序"), choices=Procedure.choices, initial=Procedure.ORDINARY)
    source = forms.ChoiceField(label=_("案件来源"), choices=CaseSource.choices)
    title = forms.CharField(label=_("案由"), max_length=300)
    facts = forms.CharField(label=_("违法事实"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    party_kind = forms.ChoiceField(label=_("当事人类型"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("当事人"), max_length=200)
    party_id_number = forms.CharField(label=_("证件号码或统一社会信用代码"), max_length=40, required=False)
    party_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    party_address = forms.CharField(label=_("住所或地址"), max_length=300, required=False)
    found_on = forms.DateField(label=_("发现日期"), widget=DATE, required=False)
    filed_on = forms.DateField(label=_("立案日期"), widget=DATE, initial=_today)
    officers = OfficerChoice(
        label=_("办案人员"),
        queryset=EnforcementOfficer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不少于两人，均须在立案之日持有有效的行政执法证（《行政处罚法》第四十二条）。"),
    )
    lead = LeadChoice(label=_("主办人员"), queryset=EnforcementOfficer.objects.none())

    def __init__(self, *args, user, on: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        on = _date_in(self.data, "filed_on", on or _today())
        self.fields["body"].queryset = EnforcementBody.objects.restrict(user, "view").filter(
            status=BodyStatus.ACTIVE
        )
        self.fields["item"].queryset = (
            EnforcementItem.objects.restrict(user, "view")
            .filter(status=ItemStatus.ACTIVE)
            .select_related("body")
            .order_by("body__name", "code")
        )
        officers = _officers(user, on)
        self.fields["officers"].queryset = officers
        self.fields["lead"].queryset = officers

    def clean(self):
        data = super().clean()
        body, item = data.get("body"), data.get("item")
        if body and item and item.body_id != body.pk:
            self.add_error("item", _("该执法事项不属于所选执法主体。"))
        return data


class CaseStepForm(forms.Form):
    """A step form: ``case`` and ``user`` are kept for the fields that depend on them."""

    def __init__(self, *args, case=None, user=None, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)


class OnForm(CaseStepForm):
    on = forms.DateField(label=_("日期"), widget=DATE, initial=_today)


class NotifyForm(OnForm):
    statement_received = forms.BooleanField(label=_("当事人进行了陈述、申辩"), required=False)


class HearingForm(CaseStepForm):
    notice_on = forms.DateField(label=_("听证通知日期"), widget=DATE)
    hearing_on = forms.DateField(
        label=_("听证日期"),
        widget=DATE,
        help_text=_("应当在举行听证的七日前通知当事人（第六十四条第二项）。"),
    )


class ExtendForm(OnForm):
    days = forms.IntegerField(label=_("延长天数（日）"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延期理由"), widget=TEXT2)
    approver = forms.CharField(label=_("批准的负责人"), max_length=100)


class MajorForm(CaseStepForm):
    grounds = forms.MultipleChoiceField(
        label=_("法制审核情形（第五十八条第一款）"),
        choices=MajorGround.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("说明"), required=False, widget=TEXT2)


class ReviewResultForm(CaseStepForm):
    result = forms.ChoiceField(
        label=_("审核结论"),
        choices=[(v, label) for v, label in ReviewResult.choices if v != ReviewResult.PENDING],
    )
    reviewed_on = forms.DateField(label=_("审核日期"), widget=DATE, initial=_today)
    reviewer_name = forms.CharField(label=_("审核人员"), max_length=50)
    reviewer_qualified = forms.BooleanField(
        label=_("审核人员具有法律职业资格"),
        required=False,
        help_text=_("初次从事法制审核的人员应当取得法律职业资格（第五十八条第二款）。"),
    )
    opinion = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StandardChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        band = ""
        if obj.fine_min is not None or obj.fine_max is not None:
            band = f"，罚款 {obj.fine_min or 0:.2f}—{obj.fine_max if obj.fine_max is not None else '—'} 元"
        return f"{obj.code}（{obj.get_severity_display()}{band}）"


class DecideForm(CaseStepForm):
    decision_kind = forms.ChoiceField(label=_("处理决定"), choices=DecisionKind.choices)
    penalty_kinds = forms.MultipleChoiceField(
        label=_("处罚种类"), choices=PenaltyKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    standard = StandardChoice(
        label=_("适用裁量基准"), queryset=DiscretionStandard.objects.none(), required=False
    )
    fine_amount = forms.DecimalField(
        label=_("罚没金额（元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    decision_number = forms.CharField(label=_("决定书文号"), max_length=80)
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE, initial=_today)
    approver = forms.CharField(label=_("负责人"), max_length=100)
    statement_received = forms.BooleanField(label=_("当事人进行了陈述、申辩"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # every standard in scope: one of another item is refused by the service with the reason
        qs = (
            DiscretionStandard.objects.restrict(self.user, "view")
            if self.user
            else DiscretionStandard.objects.none()
        )
        self.fields["standard"].queryset = qs.filter(active=True).order_by("code")
        if self.case is not None:
            self.fields["standard"].widget.choices = [("", "——")] + [
                (str(st.pk), self.fields["standard"].label_from_instance(st))
                for st in qs.filter(item_id=self.case.item_id, active=True).order_by("code")
            ]
            self.fields["statement_received"].initial = self.case.statement_received


class ExecuteForm(OnForm):
    manner = forms.ChoiceField(label=_("执行方式"), choices=ExecutionManner.choices)


class DropForm(OnForm):
    reason = forms.CharField(label=_("撤销立案理由"), widget=TEXT2)


class PublishForm(CaseStepForm):
    published_on = forms.DateField(label=_("公示日期"), widget=DATE, initial=_today)
    public_summary = forms.CharField(
        label=_("公示内容"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("处罚决定摘要：违法事实、处罚依据、处罚内容；不得含身份证号码、联系电话。"),
    )


class DecisionChangedForm(OnForm):
    what = forms.CharField(
        label=_("决定变更情况"),
        widget=TEXT2,
        help_text=_("如：经行政复议被撤销；经行政诉讼被确认违法。"),
    )


class WithdrawForm(CaseStepForm):
    withdrawn_on = forms.DateField(label=_("撤回日期"), widget=DATE, initial=_today)
    reason = forms.CharField(label=_("撤回理由"), required=False, widget=TEXT2)


class ReassignForm(OnForm):
    officers = OfficerChoice(
        label=_("办案人员"),
        queryset=EnforcementOfficer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不少于两人，均须在改派之日持有有效的行政执法证（《行政处罚法》第四十二条）。"),
    )
    lead = LeadChoice(label=_("主办人员"), queryset=EnforcementOfficer.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        officers = _officers(self.user, _date_in(self.data, "on", _today()))
        self.fields["officers"].queryset = officers
        self.fields["lead"].queryset = officers


class CaseRecordForm(CaseStepForm):
    stage = forms.ChoiceField(label=_("环节"), choices=Stage.choices)
    kind = forms.CharField(
        label=_("记录名称"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "record-kinds"}),
        help_text=_("如：立案审批表、询问笔录、行政处罚决定书、送达回证。"),
    )
    form = forms.ChoiceField(label=_("记录形式"), choices=RecordForm.choices, initial=RecordForm.TEXT)
    title = forms.CharField(label=_("说明"), max_length=300, required=False)
    made_on = forms.DateField(label=_("制作日期"), widget=DATE, initial=_today)
    file = forms.FileField(label=_("文件"), required=False)
    storage_ref = forms.CharField(
        label=_("存储位置"), max_length=300, required=False, help_text=_("音像资料另行存储时填写。")
    )
    sha256 = forms.CharField(label=_("SHA-256 摘要"), max_length=64, required=False)

    kinds = sorted({k for kinds in RECORD_KINDS.values() for k in kinds})
