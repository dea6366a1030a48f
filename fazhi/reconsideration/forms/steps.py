"""One small form per step of a case (``fazhi.reconsideration.steps``); the service checks the rest.

Field names are the keys the step's ``perform`` reads. Dates are ``<input type=date>``; a date field
named ``on`` starts as today.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.units import BootstrapFormMixin
from fazhi.reconsideration.choices import DecisionType, Procedure, SuspensionGround, TerminationGround
from fazhi.reconsideration.forms.cases import date_field


def _text(label, *, required: bool = True, rows: int = 3, help_text: str = "", max_length=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=required, widget=widget, help_text=help_text, max_length=max_length
    )


class StepForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        today = timezone.localdate()
        for name in ("on", "decided_on", "notice_on"):
            if name in self.fields and not self.is_bound:
                self.initial.setdefault(name, today)


class RequestCorrectionForm(StepForm):
    on = date_field(_("通知补正日期"))
    items = _text(_("补正事项"), rows=4, help_text=_("一次性逐项列明需要补正的材料（第三十一条）。"))
    notice_received_on = date_field(
        _("申请人收到补正通知日期"),
        required=False,
        help_text=_("补正期限自申请人收到通知之日起算；不填按通知日期计算。"),
    )


class ReceiveCorrectionForm(StepForm):
    on = date_field(_("收到补正材料日期"), help_text=_("受理审查期限自该日重新起算。"))


class AbandonForm(StepForm):
    on = date_field(
        _("登记日期"), help_text=_("补正期限届满后，申请人无正当理由逾期不补正（第三十一条第二款）。")
    )


class AcceptForm(StepForm):
    on = date_field(_("受理日期"))


class RefuseForm(StepForm):
    on = date_field(_("不予受理日期"))
    reason = _text(_("不予受理理由"), rows=4, help_text=_("写明不符合第三十条第一款规定的哪项受理条件。"))
    competent_organ = _text(
        _("有权受理的行政复议机关"),
        required=False,
        rows=0,
        max_length=200,
        help_text=_("属于其他行政复议机关管辖的，告知申请人向其提出。"),
    )


class DeemAcceptForm(StepForm):
    pass


class ProcedureForm(StepForm):
    procedure = forms.ChoiceField(label=_("审理程序"), choices=Procedure.choices)
    on = date_field(_("决定日期"))
    basis = _text(
        _("适用简易程序的情形"),
        required=False,
        rows=2,
        help_text=_(
            "适用简易程序时必填（第五十三条）：当场作出；警告或者通报批评；案件涉及款额三千元以下；"
            "属于政府信息公开案件；或当事人各方同意适用简易程序。"
        ),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound:
            other = Procedure.SIMPLE if case.procedure == Procedure.ORDINARY else Procedure.ORDINARY
            self.initial.setdefault("procedure", other)


class ConvertForm(StepForm):
    on = date_field(_("转换日期"))
    approver = _text(_("批准人"), rows=0, max_length=100, help_text=_("行政复议机构负责人（第五十五条）。"))
    reason = _text(_("转换理由"), rows=3)


class CopySentForm(StepForm):
    on = date_field(_("发送日期"))
    received_on = date_field(
        _("被申请人收到副本日期"),
        required=False,
        help_text=_("答复期限自被申请人收到副本之日起算；不填按发送日期计算。"),
    )


class AnswerForm(StepForm):
    on = date_field(_("收到答复日期"))


class HearingForm(StepForm):
    notice_on = date_field(_("书面通知日期"))
    hearing_on = date_field(
        _("听证日期"), help_text=_("应当在举行听证的五个工作日前书面通知当事人（第五十一条）。")
    )
    place = _text(_("听证地点"), rows=0, max_length=200)
    minutes = _text(_("听证笔录摘要"), required=False, rows=4)


class CommitteeForm(StepForm):
    consulted = forms.BooleanField(
        label=_("提请行政复议委员会咨询"),
        required=False,
        help_text=_("案情重大、疑难、复杂等情形，提请行政复议委员会提出咨询意见（第五十二条）。"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("consulted", not case.committee_consulted)


class SuspendForm(StepForm):
    on = date_field(_("中止日期"))
    ground = forms.ChoiceField(label=_("中止事由"), choices=[("", _("请选择")), *SuspensionGround.choices])
    note = _text(_("说明"), required=False, rows=2)


class ResumeForm(StepForm):
    on = date_field(_("恢复日期"))
    note = _text(_("说明"), required=False, rows=2)


class ExtendForm(StepForm):
    days = forms.IntegerField(
        label=_("延长天数"),
        min_value=1,
        max_value=30,
        help_text=_("普通程序案件情况复杂的，可以延长，延长期限最多不得超过三十日（第六十二条）。"),
        error_messages={
            "max_value": _("延长期限最多不得超过三十日。"),
            "min_value": _("延长天数至少为 1 日。"),
        },
    )
    approver = _text(_("批准人"), rows=0, max_length=100, help_text=_("行政复议机构负责人。"))
    reason = _text(_("延期理由"), rows=3)
    on = date_field(_("批准日期"))


class TerminateForm(StepForm):
    on = date_field(_("终止日期"))
    ground = forms.ChoiceField(label=_("终止事由"), choices=[("", _("请选择")), *TerminationGround.choices])
    approver = _text(_("批准人"), required=False, rows=0, max_length=100)
    note = _text(_("说明"), required=False, rows=2)


class DecideForm(StepForm):
    decision_type = forms.ChoiceField(
        label=_("决定类型"),
        choices=[("", _("请选择")), *[c for c in DecisionType.choices if c[0] != DecisionType.TERMINATE]],
        help_text=_("终止审理请使用“终止审理”。"),
    )
    decided_on = date_field(_("决定日期"))
    approver = _text(
        _("批准人"),
        rows=0,
        max_length=100,
        help_text=_("经行政复议机关负责人同意或者集体讨论通过（第六十一条）。"),
    )
    decision_text = _text(
        _("决定书正文"),
        required=False,
        rows=8,
        help_text=_("查明的事实、理由和依据、决定内容，填入行政复议决定书。"),
    )


class OpinionForm(StepForm):
    on = date_field(_("制发日期"))
    note = _text(_("意见书/建议书要点"), required=False, rows=3)


class OpinionFeedbackForm(StepForm):
    on = date_field(_("反馈日期"))
    note = _text(_("反馈情况"), required=False, rows=3)


#: step slug → its form
STEP_FORMS: dict[str, type[StepForm]] = {
    "request-correction": RequestCorrectionForm,
    "receive-correction": ReceiveCorrectionForm,
    "abandon": AbandonForm,
    "accept": AcceptForm,
    "refuse": RefuseForm,
    "deem-accept": DeemAcceptForm,
    "procedure": ProcedureForm,
    "convert": ConvertForm,
    "copy-sent": CopySentForm,
    "answer": AnswerForm,
    "hearing": HearingForm,
    "committee": CommitteeForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "extend": ExtendForm,
    "terminate": TerminateForm,
    "decide": DecideForm,
    "opinion": OpinionForm,
    "opinion-feedback": OpinionFeedbackForm,
}
