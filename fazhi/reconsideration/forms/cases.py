"""The case list's filter and the registration form (登记行政复议申请) with its applicants formset.

Every choice of a unit or a user is narrowed to what the signing-in user may see: the organ's units to
those where the user may add cases, the respondent to the units the user can see (an outside organ is
typed in by name), the handler to the user, the users the user manages and the handlers of cases the
user can see.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, scope_top_depth
from fazhi.core.models import OrgUnit, User
from fazhi.core.scoping import units_with_permission
from fazhi.reconsideration.choices import (
    ApplicantKind,
    CaseStatus,
    Channel,
    IdType,
    MatterCategory,
    Procedure,
)
from fazhi.reconsideration.models import ReconsiderationCase


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"invalid": _("请输入有效日期，如 2025-03-03。")},
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.username


def handler_candidates(user):
    """Who may be named 承办人 by ``user``: the user, the users the user manages, and the handlers of the
    cases the user can see — all reached through ``restrict``."""
    managed = User.objects.restrict(user, "view").values("pk")
    handling = (
        ReconsiderationCase.objects.restrict(user, "view").filter(handler__isnull=False).values("handler")
    )
    return User.objects.filter(
        Q(pk=user.pk) | Q(pk__in=managed) | Q(pk__in=handling), is_active=True
    ).order_by("full_name", "username")


def _blank(choices, label) -> list:
    return [("", label), *choices]


class CaseFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("查找"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("案号、申请人、被申请人或行政行为")}),
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_blank(CaseStatus.choices, _("全部")))
    category = forms.ChoiceField(
        label=_("案件类别"), required=False, choices=_blank(MatterCategory.choices, _("全部"))
    )
    procedure = forms.ChoiceField(
        label=_("审理程序"), required=False, choices=_blank(Procedure.choices, _("全部"))
    )
    handler = UserChoiceField(
        label=_("承办人"), required=False, queryset=User.objects.none(), empty_label=_("全部")
    )
    unit = UnitChoiceField(
        label=_("办理机关"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("全部"),
        help_text=_("含其下级单位"),
    )
    year = forms.TypedChoiceField(label=_("收到年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = ReconsiderationCase.objects.restrict(user, "view")
        self.fields["handler"].queryset = User.objects.filter(
            pk__in=visible.filter(handler__isnull=False).values("handler")
        ).order_by("full_name", "username")
        self.fields["unit"].queryset = OrgUnit.objects.restrict(user, "view").filter(is_active=True)
        self.fields["unit"].base_depth = scope_top_depth(user, ReconsiderationCase.scope_permission("view"))
        years = sorted({d.year for d in visible.dates("received_on", "year")}, reverse=True)
        self.fields["year"].choices = _blank([(y, f"{y}年") for y in years], _("全部"))


class CaseRegisterForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(
        label=_("行政复议机关"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择"),
        help_text=_("办理本案的单位；只能选择您有权登记案件的单位。"),
    )
    agent_name = forms.CharField(label=_("委托代理人"), required=False, max_length=100)
    agent_phone = forms.CharField(label=_("代理人联系电话"), required=False, max_length=30)
    respondent_unit = UnitChoiceField(
        label=_("被申请人（本平台单位）"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("（不是本平台单位，在下方填写名称）"),
    )
    respondent_name = forms.CharField(
        label=_("被申请人名称"),
        required=False,
        max_length=200,
        help_text=_("被申请人不是本平台单位时填写全称；选择了本平台单位时可不填。"),
    )
    contested_act = forms.CharField(label=_("被申请复议的行政行为"), max_length=300)
    act_document_number = forms.CharField(label=_("行政行为文书编号"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("案件类别"), choices=_blank(MatterCategory.choices, _("请选择")))
    knew_on = date_field(_("知道该行政行为之日"), required=False)
    requests = forms.CharField(label=_("复议请求"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=_("事实和理由"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    channel = forms.ChoiceField(label=_("申请方式"), choices=_blank(Channel.choices, _("请选择")))
    received_on = date_field(_("收到申请日期"))
    handler = UserChoiceField(
        label=_("承办人"), required=False, queryset=User.objects.none(), empty_label=_("（暂不指定）")
    )
    procedure = forms.ChoiceField(label=_("审理程序"), choices=Procedure.choices, initial=Procedure.ORDINARY)
    procedure_basis = forms.CharField(
        label=_("适用简易程序的情形"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "适用简易程序时必填（第五十三条）：当场作出；警告或者通报批评；案件涉及款额三千元以下；"
            "属于政府信息公开案件；或当事人各方同意适用简易程序。"
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        permission = ReconsiderationCase.scope_permission("add")
        self.fields["unit"].queryset = units_with_permission(user, permission)
        self.fields["unit"].base_depth = scope_top_depth(user, permission)
        self.fields["respondent_unit"].queryset = OrgUnit.objects.restrict(user, "view").filter(
            is_active=True
        )
        self.fields["respondent_unit"].base_depth = scope_top_depth(
            user, ReconsiderationCase.scope_permission("view")
        )
        self.fields["handler"].queryset = handler_candidates(user)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            self.initial.setdefault("handler", user.pk)
            membership = user.current_membership()
            if membership is not None and self.fields["unit"].queryset.filter(pk=membership.unit_id).exists():
                self.initial.setdefault("unit", membership.unit_id)

    def clean(self):
        data = super().clean()
        if not data.get("respondent_unit") and not (data.get("respondent_name") or "").strip():
            self.add_error("respondent_name", _("请选择本平台单位或填写被申请人名称。"))
        if data.get("procedure") == Procedure.SIMPLE and not (data.get("procedure_basis") or "").strip():
            self.add_error("procedure_basis", _("适用简易程序须写明第五十三条规定的情形。"))
        return data


class ApplicantForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    name = forms.CharField(label=_("姓名或名称"), max_length=200)
    id_type = forms.ChoiceField(
        label=_("证件类型"), required=False, choices=_blank(IdType.choices, _("（无）"))
    )
    id_number = forms.CharField(label=_("证件号码"), required=False, max_length=40)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    address = forms.CharField(label=_("住所或地址"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if (data.get("id_number") or "").strip() and not data.get("id_type"):
            self.add_error("id_type", _("填写了证件号码，请选择证件类型。"))
        return data


class BaseApplicantFormSet(forms.BaseFormSet):
    # Django's own wording is "Please submit at least 1 form."
    default_error_messages = {
        "too_few_forms": _("请至少填写一名申请人。"),
        "too_many_forms": _("申请人最多填写 %(num)d 名。"),
    }

    def applicants(self) -> list[dict]:
        """The filled-in applicants, as the dicts ``case_register`` takes."""
        return [
            {key: form.cleaned_data.get(key, "") for key in ApplicantForm.base_fields}
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]


ApplicantFormSet = forms.formset_factory(
    ApplicantForm,
    formset=BaseApplicantFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=20,
    validate_max=True,
)
