"""Pages of the case procedure: the list (filters, capped count, xlsx export), 立案, the case page (timeline,
officers, deadlines, 全过程记录 checklist, 法制审核, 公示) and one form per step (steps.py)."""

from __future__ import annotations

import datetime
import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.choices import MajorGround, Procedure
from fazhi.enforcement.cases.excel_cases import KEY as EXCEL_KEY
from fazhi.enforcement.cases.forms_cases import CaseFilterForm, CaseRecordForm, CaseRegisterForm
from fazhi.enforcement.cases.models import (
    CaseOfficer,
    CaseRecord,
    EnforcementCase,
    JudicialTransfer,
    LegalReview,
)
from fazhi.enforcement.cases.selectors import overdue_q, publication_state, published_late
from fazhi.enforcement.cases.steps import STEP_BY_SLUG, available_steps, step_allowed, step_open
from fazhi.excel.export import ExcelExportMixin

#: the list never counts more rows than this (a COUNT(*) over a million rows is the slow part of a page)
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (``SELECT COUNT(*) FROM (… LIMIT 10001)``); past that the page shows
    “10,000+ 件” and pages on without a total."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # without ORDER BY the database stops after cap + 1 matching rows instead of sorting them all
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return 1
        if self.capped:
            return number  # beyond the counted pages: an empty page says so
        return min(number, self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        page = self._get_page(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page


def prefix_q(field: str, prefix: str) -> Q:
    """Values beginning with ``prefix``, in a form each database answers from the field's index. SQLite's LIKE
    ignores ASCII case and so cannot use an index under the BINARY collation; there the prefix is a range of
    code points, the same test. PostgreSQL's LIKE 'x%' uses the ``varchar_pattern_ops`` index Django adds to
    an indexed CharField."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})
    return Q(**{f"{field}__startswith": prefix})


def filter_cases(qs, form: CaseFilterForm, today: datetime.date):
    """The list's GET filters (the benchmark measures exactly these through the view)."""
    if not (form.is_bound and form.is_valid()):
        return qs
    data = form.cleaned_data
    for name in ("status", "procedure"):
        if data[name]:
            qs = qs.filter(**{name: data[name]})
    if data["body"]:
        qs = qs.filter(body_id=data["body"])
    if data["item"]:
        qs = qs.filter(item_id=data["item"])
    if data["year"]:
        year = data["year"]
        qs = qs.filter(filed_on__gte=datetime.date(year, 1, 1), filed_on__lte=datetime.date(year, 12, 31))
    if q := data["q"].strip():
        qs = qs.filter(prefix_q("number", q) | prefix_q("party_name", q))
    if data["overdue"]:
        qs = qs.filter(overdue_q(today))
    return qs


class CaseListView(ExcelExportMixin, ScopedListView):
    model = EnforcementCase
    template_name = "enforcement_cases/case_list.html"
    paginator_class = CappedPaginator
    excel_register = EXCEL_KEY

    def get(self, request, *args, **kwargs):
        self.filter_form = CaseFilterForm(request.GET or None, user=request.user)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        qs = filter_cases(qs, self.filter_form, timezone.localdate())
        return qs.select_related("body", "item").order_by("-filed_on", "-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for case in context["object_list"]:
            case.overdue = bool(case.decision_due_on and case.decision_due_on < today and not case.decided_on)
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            count_cap=COUNT_CAP,
            may_register=_may_add(self.request.user),
        )
        return context


def _may_add(user) -> bool:
    from fazhi.core.scoping import has_permission_anywhere

    return has_permission_anywhere(user, EnforcementCase.scope_permission("add"))


class CaseRegisterView(ScopedViewMixin, generic.FormView):
    """立案: the form offers the user's bodies, their active items and the officers usable on the filing day."""

    model = EnforcementCase
    scope_action = "add"
    template_name = "enforcement_cases/case_form.html"
    form_class = CaseRegisterForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # ?filed_on=YYYY-MM-DD: offer the officers usable on that day (第四十二条); default today
        on = None
        try:
            on = datetime.date.fromisoformat(self.request.GET.get("filed_on") or "")
        except ValueError:
            pass
        kwargs = {**super().get_form_kwargs(), "user": self.request.user, "on": on}
        if on is not None and self.request.method == "GET":
            kwargs["initial"] = {**kwargs.get("initial", {}), "filed_on": on}
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            case = s.case_register(
                actor=self.request.user,
                body=data["body"],
                item=data["item"],
                procedure=data["procedure"],
                source=data["source"],
                title=data["title"],
                facts=data["facts"],
                party_kind=data["party_kind"],
                party_name=data["party_name"],
                party_id_number=data["party_id_number"],
                party_phone=data["party_phone"],
                party_address=data["party_address"],
                found_on=data["found_on"],
                filed_on=data["filed_on"],
                officers=data["officers"],
                lead=data["lead"],
            )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            form.add_error(
                None,
                exc.messages if isinstance(exc, ValidationError) else str(exc) or _("超出您的管辖范围。"),
            )
            return self.form_invalid(form)
        messages.success(self.request, _("已立案：%(n)s。") % {"n": case.number})
        return HttpResponseRedirect(reverse("enforcement_cases:detail", args=[case.pk]))


def timeline(case: EnforcementCase, reviews) -> list[tuple[datetime.date, str]]:
    """The case's dated events, read from its own fields (bulk-created cases have no audit trail)."""
    rows = [(case.found_on, _("发现违法线索")), (case.filed_on, _("立案"))]
    rows.append((case.notified_on, _("告知拟作出的处罚及陈述、申辩、听证权利")))
    rows.append((case.hearing_requested_on, _("当事人申请听证")))
    rows.append((case.hearing_on, _("举行听证")))
    for review in reviews:
        rows.append((review.submitted_on, _("提交法制审核")))
        if review.reviewed_on:
            rows.append((review.reviewed_on, _("法制审核结论：%(r)s") % {"r": review.get_result_display()}))
    if case.decided_on:
        rows.append(
            (
                case.decided_on,
                _("作出决定：%(k)s（%(n)s）")
                % {"k": case.get_decision_kind_display(), "n": case.decision_number},
            )
        )
    rows += [
        (case.served_on, _("送达")),
        (
            case.executed_on,
            _("执行完毕") + (f"（{case.get_execution_manner_display()}）" if case.execution_manner else ""),
        ),
        (case.published_on, _("公示")),
        (case.withdrawn_on, _("撤回公示")),
    ]
    if case.status == "dropped":
        rows.append((case.closed_on, _("撤销立案：%(r)s") % {"r": case.dropped_reason}))
    else:
        rows.append((case.closed_on, _("结案")))
    return sorted(((d, t) for d, t in rows if d), key=lambda r: r[0])


def deadlines(case: EnforcementCase) -> list[dict]:
    """The case's periods with the engine's explanation: tracked ones, and those computed from its fields."""
    tracked = list(s.case_deadlines(case))
    rows = [
        {
            "label": d.rule_label,
            "due": d.due_date,
            "explanation": d.explanation,
            "state": d.get_status_display(),
            "late": d.met_late,
        }
        for d in tracked
    ]
    keys = {d.rule_key for d in tracked}
    if case.procedure == Procedure.ORDINARY and rules.DECISION not in keys:
        rows.insert(
            0,
            {
                "label": _("行政处罚决定"),
                "due": case.decision_due_on,
                "explanation": rules.explanation(
                    rules.DECISION, case.filed_on, extension=case.extension_days
                ),
                "state": _("（按案件信息计算）"),
            },
        )
    if case.notified_on:
        rows.append(
            {
                "label": _("当事人申请听证"),
                "due": case.hearing_request_until,
                "explanation": rules.explanation(rules.HEARING_REQUEST, case.notified_on),
                "state": _("已申请") if case.hearing_requested_on else "",
            }
        )
    rule = rules.publication_rule(case) if case.decided_on else None
    if rule and rule not in keys:
        rows.append(
            {
                "label": _("公示"),
                "due": case.publication_due_on,
                "explanation": rules.explanation(rule, case.decided_on),
                "state": _("（按案件信息计算）"),
            }
        )
    return rows


class CaseDetailView(ScopedDetailView):
    model = EnforcementCase
    template_name = "enforcement_cases/case_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "body", "item", "standard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user, today = self.object, self.request.user, timezone.localdate()
        reviews = list(LegalReview.objects.restrict(user, "view").filter(case=case))
        records = list(
            CaseRecord.objects.restrict(user, "view")
            .filter(case=case)
            .select_related("attachment", "recorded_by")
        )
        checklist = rules.checklist(case, records)
        steps = available_steps(case, user)
        context.update(
            officers=CaseOfficer.objects.restrict(user, "view").filter(case=case).select_related("officer"),
            reviews=reviews,
            records=records,
            checklist=checklist,
            missing=[row for row in checklist if not row.present],
            timeline=timeline(case, reviews),
            deadlines=deadlines(case),
            steps=[st for st in steps if not st.danger],
            danger_steps=[st for st in steps if st.danger],
            review_required=rules.review_required(case),
            publication_state=publication_state(case, today),
            published_late=published_late(case),
            overdue=bool(case.decision_due_on and case.decision_due_on < today and not case.decided_on),
            major_grounds=[MajorGround(g).label for g in case.major_grounds if g in MajorGround.values],
            unqualified_reviews=[r for r in reviews if r.reviewed_on and not r.reviewer_qualified],
            transfers=JudicialTransfer.objects.restrict(user, "view").filter(case=case),
            may_transfer=has_permission_anywhere(user, JudicialTransfer.scope_permission("add")),
        )
        return context


class CaseStepView(ScopedViewMixin, generic.DetailView):
    """GET: the step's form (a state that does not allow it says so, without the form); POST: the step's
    service — a refusal is shown on the form and nothing is written; warnings are shown after success."""

    model = EnforcementCase
    scope_action = "view"
    step_slug = ""
    template_name = "enforcement_cases/case_step.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "body", "item")

    @property
    def step(self):
        try:
            return STEP_BY_SLUG[self.step_slug]
        except KeyError:
            raise Http404 from None

    def make_form(self, data=None, files=None):
        return self.step.form_class(data, files, case=self.object, user=self.request.user)

    def page(self, form, status=200):
        case = self.object
        allowed = step_allowed(self.step, case, self.request.user)
        refusal = ""
        if not allowed:
            refusal = _("当前状态为“%(state)s”，不能%(step)s，或您无权办理。") % {
                "state": case.get_status_display(),
                "step": self.step.label,
            }
        context = self.get_context_data(
            step=self.step,
            form=form,
            allowed=allowed,
            refusal=refusal,
            case=case,
            record_kinds=CaseRecordForm.kinds,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.page(self.make_form())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if (
            not EnforcementCase.objects.restrict(request.user, self.step.action)
            .filter(pk=self.object.pk)
            .exists()
        ):
            raise PermissionDenied(_("您无权办理该案件。"))
        form = self.make_form(request.POST, request.FILES)
        if not step_open(self.step, self.object):
            return self.page(form, status=409)
        if form.is_valid():
            try:
                warnings = self.step.perform(request.user, self.object, form.cleaned_data)
            except (ValidationError, ScopeViolation, PermissionDenied, EnforcementCase.DoesNotExist) as exc:
                if isinstance(exc, ValidationError):
                    form.add_error(None, exc.messages)
                else:
                    form.add_error(None, str(exc) or _("超出您的管辖范围。"))
            else:
                messages.success(request, _("已办理：%(step)s。") % {"step": self.step.label})
                for warning in warnings or ():
                    messages.warning(request, warning)
                return HttpResponseRedirect(reverse("enforcement_cases:detail", args=[self.object.pk]))
        return self.page(form, status=400)
