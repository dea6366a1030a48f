"""Forms of the document register and its steps. Units and users offered are narrowed to the signed-in
user's scope; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, scope_top_depth
from fazhi.core.models import OrgUnit, User
from fazhi.core.scoping import units_with_permission
from fazhi.normative.choices import (
    ClauseConclusion,
    CommentAdoption,
    DocumentKind,
    DocumentStatus,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.models import NormativeDocument


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


def _blank(choices, label) -> list:
    return [("", label), *choices]


def _text(label, *, required: bool = True, rows: int = 3, help_text: str = "", max_length=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=required, widget=widget, help_text=help_text, max_length=max_length
    )


class DocumentFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("查找"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("文件名称、文号、起草单位或正文")}),
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=_blank(DocumentStatus.choices, _("全部"))
    )
    kind = forms.ChoiceField(
        label=_("文件类别"), required=False, choices=_blank(DocumentKind.choices, _("全部"))
    )
    unit = UnitChoiceField(
        label=_("制定机关"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("全部"),
        help_text=_("含其下级单位"),
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        permission = NormativeDocument.scope_permission("view")
        self.fields["unit"].queryset = OrgUnit.objects.restrict(user, "view").filter(is_active=True)
        self.fields["unit"].base_depth = scope_top_depth(user, permission)
        visible = NormativeDocument.objects.restrict(user, "view")
        years = {d.year for d in visible.dates("created_at", "year")}
        years |= {d.year for d in visible.exclude(published_on=None).dates("published_on", "year")}
        self.fields["year"].choices = _blank([(y, f"{y}年") for y in sorted(years, reverse=True)], _("全部"))


class DocumentForm(BootstrapFormMixin, forms.Form):
    """Register (登记) or edit a draft. After publication the view offers only the 政策解读."""

    unit = UnitChoiceField(
        label=_("制定机关"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择"),
        help_text=_("以其名义公布文件的机关；只能选择您有权登记文件的单位。"),
    )
    title = forms.CharField(label=_("文件名称"), max_length=300)
    kind = forms.ChoiceField(label=_("文件类别"), choices=_blank(DocumentKind.choices, _("请选择")))
    drafting_unit = UnitChoiceField(
        label=_("起草单位（本平台单位）"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("（不是本平台单位，在下方填写名称）"),
    )
    drafting_unit_name = forms.CharField(
        label=_("起草单位名称"), required=False, max_length=200, help_text=_("选择了本平台单位时可不填。")
    )
    drafter = UserChoiceField(
        label=_("起草人"), required=False, queryset=User.objects.none(), empty_label=_("（不指定）")
    )
    drafted_on = date_field(_("起草日期"), required=False)
    validity_years = forms.TypedChoiceField(
        label=_("有效期"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("按设置（一般5年，暂行、试行2年）")), *[(n, f"{n}年") for n in range(1, 11)]],
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("也可在文件页面上传 .docx 或 PDF，自动提取正文。"),
    )
    interpretation = forms.CharField(
        label=_("政策解读"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user, document: NormativeDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        permission = NormativeDocument.scope_permission("add")
        self.fields["unit"].queryset = units_with_permission(user, permission).filter(is_active=True)
        self.fields["unit"].base_depth = scope_top_depth(user, permission)
        self.fields["drafting_unit"].queryset = OrgUnit.objects.restrict(user, "view").filter(is_active=True)
        self.fields["drafting_unit"].base_depth = scope_top_depth(
            user, NormativeDocument.scope_permission("view")
        )
        self.fields["drafter"].queryset = User.objects.filter(is_active=True).filter(
            pk__in=User.objects.restrict(user, "view").values("pk")
        ) | User.objects.filter(pk=user.pk)
        if document is not None:
            del self.fields["unit"]
            if document.status not in (
                DocumentStatus.DRAFTING,
                DocumentStatus.CONSULTING,
                DocumentStatus.REVIEWING,
                DocumentStatus.DELIBERATING,
            ):
                for name in list(self.fields):
                    if name != "interpretation":
                        del self.fields[name]


class UploadTextForm(BootstrapFormMixin, forms.Form):
    upload = forms.FileField(label=_("正文文件"), help_text=_(".docx 或带文字层的 PDF；文件作为附件保存。"))


# --- steps ----------------------------------------------------------------------------------------


class StepForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, document, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.user = user
        today = timezone.localdate()
        for name in ("on", "signed_on", "published_on"):
            if name in self.fields and not self.is_bound:
                self.initial.setdefault(name, today)


class OpenCommentsForm(StepForm):
    on = date_field(_("征求意见开始日期"), help_text=_("征求意见期间按设置计算（默认30日）。"))


class SubmitReviewForm(StepForm):
    on = date_field(_("送审日期"), help_text=_("合法性审核期限自次日起按工作日计算。"))
    reviewer = UserChoiceField(
        label=_("审核人"), required=False, queryset=User.objects.none(), empty_label=_("（暂不指定）")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(
            pk__in=User.objects.restrict(self.user, "view").values("pk"), is_active=True
        ) | User.objects.filter(pk=self.user.pk)


class ReviewForm(StepForm):
    opinion = forms.ChoiceField(label=_("审核意见"), choices=_blank(ReviewOpinion.choices, _("请选择")))
    on = date_field(_("审核日期"))
    note = _text(
        _("审核意见书内容"), required=False, rows=5, help_text=_("修改后合法、不合法的，写明修改意见或理由。")
    )


class DeliberateForm(StepForm):
    pass


class ReturnForm(StepForm):
    on = date_field(_("退回日期"))
    reason = _text(_("退回理由"), rows=3)


class DeliberationForm(StepForm):
    meeting = forms.CharField(label=_("审议会议"), max_length=200, help_text=_("如：县政府第12次常务会议"))
    on = date_field(_("审议日期"))


class PublishForm(StepForm):
    signed_on = date_field(_("签发日期"))
    published_on = date_field(_("公布日期"))
    effective_on = date_field(_("施行日期"), required=False, help_text=_("不填为公布之日。"))
    validity_years = forms.TypedChoiceField(
        label=_("有效期"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("按文件登记或设置")), *[(n, f"{n}年") for n in range(1, 11)]],
    )


class FileForm(StepForm):
    on = date_field(_("报送备案日期"))
    filing_organ = UnitChoiceField(
        label=_("备案审查机关（本平台单位）"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("（不在本平台，审查结果另行登记）"),
        help_text=_("选择本平台的上一级人民政府时，备案将送达其备案审查。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a department files with its own government, a government with the one above: the organs above
        self.fields["filing_organ"].queryset = self.document.unit.ancestors().filter(is_active=True)


class FilingResultForm(StepForm):
    result = forms.ChoiceField(
        label=_("备案审查结果"),
        choices=_blank(
            [
                (FilingResult.PASSED, FilingResult.PASSED.label),
                (FilingResult.CORRECTION, FilingResult.CORRECTION.label),
            ],
            _("请选择"),
        ),
    )
    on = date_field(_("结果日期"))


class RepealForm(StepForm):
    on = date_field(_("废止日期"))
    reason = _text(_("废止原因"), rows=3)


class AmendForm(StepForm):
    on = date_field(_("修改日期"))
    reason = _text(_("修改原因"), rows=3)
    replaced_by = forms.ModelChoiceField(
        label=_("修改后的文件"),
        required=False,
        queryset=NormativeDocument.objects.none(),
        empty_label=_("（尚未登记，以后在新文件中关联）"),
        help_text=_("修改后重新公布的文件；选择后，新文件记为修改本文件。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the same organ's documents, registered after this one, that do not already amend another
        self.fields["replaced_by"].queryset = (
            NormativeDocument.objects.restrict(self.user, "change")
            .filter(unit=self.document.unit, replaces__isnull=True, created_at__gt=self.document.created_at)
            .exclude(pk=self.document.pk)
            .order_by("-created_at")
        )


STEP_FORMS = {
    "open-comments": OpenCommentsForm,
    "submit-review": SubmitReviewForm,
    "review": ReviewForm,
    "deliberate": DeliberateForm,
    "return": ReturnForm,
    "deliberation": DeliberationForm,
    "publish": PublishForm,
    "file": FileForm,
    "filing-result": FilingResultForm,
    "amend": AmendForm,
    "repeal": RepealForm,
}


class CommentForm(BootstrapFormMixin, forms.Form):
    received_on = date_field(_("收到日期"))
    commenter = forms.CharField(label=_("意见人"), required=False, max_length=100)
    commenter_contact = forms.CharField(label=_("联系方式"), required=False, max_length=100)
    content = _text(_("意见内容"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class CommentRespondForm(BootstrapFormMixin, forms.Form):
    adoption = forms.ChoiceField(label=_("采纳情况"), choices=_blank(CommentAdoption.choices, _("请选择")))
    response = _text(_("处理说明"), rows=3)


class ClauseConcludeForm(BootstrapFormMixin, forms.Form):
    conclusion = forms.ChoiceField(label=_("审核结论"), choices=_blank(ClauseConclusion.choices, _("请选择")))
    note = _text(
        _("说明"), required=False, rows=2, help_text=_("写明依据的法律法规条款，或修改、删除的意见。")
    )
