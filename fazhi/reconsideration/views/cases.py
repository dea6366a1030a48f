"""Pages of the reconsideration case: the list, registration (登记) and the case's record.

Every record is read through ``restrict`` (the scoped base views); registration goes through
``case_register`` (and ``case_set_procedure`` for 简易程序, in the same transaction), so a refusal of the
service is shown on the form and nothing is written.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import add_errors, querystring_without_page
from fazhi.excel.export import ExcelExportMixin
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import CaseStatus, EventKind, Procedure, SuspensionGround
from fazhi.reconsideration.forms import ApplicantFormSet, CaseFilterForm, CaseRegisterForm
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services import (
    case_deadlines,
    case_register,
    case_set_procedure,
    find_duplicates,
)
from fazhi.reconsideration.steps import available_steps
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.selectors import reminder_horizon


def case_url(case: ReconsiderationCase) -> str:
    return reverse("reconsideration:detail", args=[case.pk])


def deadline_state(deadline: Deadline, today: datetime.date, horizon: datetime.date) -> str:
    """overdue / soon / paused / open for an open deadline; met / late / closed for a finished one."""
    if deadline.status == DeadlineStatus.OPEN:
        if deadline.paused_since is not None or deadline.due_date is None:
            return "paused"
        if deadline.due_date < today:
            return "overdue"
        if deadline.due_date <= horizon:
            return "soon"
        return "open"
    if deadline.met_late:
        return "late"
    return "met" if deadline.status == DeadlineStatus.MET else "closed"


def next_deadlines(cases, user, today: datetime.date, horizon: datetime.date) -> dict[str, dict]:
    """For each case (by pk text): its next open deadline with a due date, and its state."""
    ids = [str(c.pk) for c in cases]
    if not ids:
        return {}
    found: dict[str, dict] = {}
    deadlines = (
        Deadline.objects.restrict(user, "view")
        .filter(
            content_type=ContentType.objects.get_for_model(ReconsiderationCase),
            object_id__in=ids,
            status=DeadlineStatus.OPEN,
        )
        .order_by("due_date", "start_date")
    )
    for d in deadlines:
        current = found.get(d.object_id)
        if d.due_date is None:
            found.setdefault(d.object_id, {"deadline": d, "state": "paused"})
        elif current is None or current["state"] == "paused":
            found[d.object_id] = {"deadline": d, "state": deadline_state(d, today, horizon)}
    return found


class CaseListView(ExcelExportMixin, ScopedListView):
    model = ReconsiderationCase
    excel_register = "reconsideration.cases"
    template_name = "reconsideration/case_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.filter_form = CaseFilterForm(request.GET or None, user=request.user)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            for name in ("status", "category", "procedure"):
                if data[name]:
                    qs = qs.filter(**{name: data[name]})
            if data["handler"]:
                qs = qs.filter(handler=data["handler"])
            if data["unit"]:
                qs = qs.filter(unit__path__startswith=data["unit"].path)
            if data["year"]:
                qs = qs.filter(received_on__year=data["year"])
            if q := data["q"].strip():
                applicants = CaseApplicant.objects.restrict(self.request.user, "view").filter(
                    name__icontains=q
                )
                qs = qs.filter(
                    Q(case_number__icontains=q)
                    | Q(respondent_name__icontains=q)
                    | Q(contested_act__icontains=q)
                    | Q(act_document_number__icontains=q)
                    | Q(pk__in=applicants.values("case_id"))
                )
        applicants = CaseApplicant.objects.restrict(self.request.user, "view").only("case_id", "name")
        return qs.select_related("unit", "handler").prefetch_related(
            Prefetch("applicants", queryset=applicants, to_attr="visible_applicants")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        horizon = reminder_horizon(on=today)
        upcoming = next_deadlines(context["object_list"], self.request.user, today, horizon)
        for case in context["object_list"]:
            case.next_deadline = upcoming.get(str(case.pk))
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, ReconsiderationCase.scope_permission("add")),
            today=today,
        )
        return context


class CaseRegisterView(ScopedViewMixin, generic.TemplateView):
    """登记行政复议申请: the case's fields and a formset of its applicants."""

    model = ReconsiderationCase
    scope_action = "add"
    template_name = "reconsideration/case_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(
                form=CaseRegisterForm(user=request.user), formset=ApplicantFormSet(prefix="applicants")
            )
        )

    def post(self, request, *args, **kwargs):
        form = CaseRegisterForm(request.POST, user=request.user)
        formset = ApplicantFormSet(request.POST, prefix="applicants")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        data = form.cleaned_data
        try:
            with transaction.atomic():
                registration = case_register(
                    actor=request.user,
                    unit=data["unit"],
                    applicants=formset.applicants(),
                    respondent_unit=data["respondent_unit"],
                    respondent_name=data["respondent_name"],
                    contested_act=data["contested_act"],
                    act_document_number=data["act_document_number"],
                    category=data["category"],
                    knew_on=data["knew_on"],
                    requests=data["requests"],
                    reasons=data["reasons"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    agent_name=data["agent_name"],
                    agent_phone=data["agent_phone"],
                    handler=data["handler"],
                )
                if data["procedure"] == Procedure.SIMPLE:
                    # 第五十三条: the basis is recorded with the choice, as an event of the case.
                    case_set_procedure(
                        actor=request.user,
                        case=registration.case,
                        procedure=Procedure.SIMPLE,
                        on=data["received_on"],
                        basis=data["procedure_basis"],
                    )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        case = registration.case
        messages.success(request, _("已登记行政复议申请，案号 %(number)s。") % {"number": case.case_number})
        if registration.duplicates:
            messages.warning(request, duplicate_warning(registration.duplicates))
        return HttpResponseRedirect(case_url(case))


def duplicate_warning(duplicates) -> str:
    links = format_html_join(
        "、", '<a href="{}">{}</a>', ((case_url(d), d.case_number or str(d.pk)) for d in duplicates)
    )
    return format_html(
        "{}{}{}", _("注意：同一申请人已就同一行政行为申请行政复议（"), links, _("），请核对是否为重复申请。")
    )


def _event_ground(event: CaseEvent) -> str:
    if not event.ground:
        return ""
    if event.kind == EventKind.SUSPENDED:
        return (
            str(SuspensionGround(event.ground).label)
            if event.ground in SuspensionGround.values
            else event.ground
        )
    if event.kind == EventKind.PROCEDURE_SET:
        return str(Procedure(event.ground).label) if event.ground in Procedure.values else event.ground
    return event.ground


class CaseDetailView(ScopedDetailView):
    model = ReconsiderationCase
    context_object_name = "case"
    template_name = "reconsideration/case_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "handler", "respondent_unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        today = timezone.localdate()
        horizon = reminder_horizon(on=today)
        applicants = list(CaseApplicant.objects.restrict(user, "view").filter(case=case))
        for a in applicants:
            a.masked_id_number = mask_id_number(a.id_number)
            a.masked_phone = mask_phone(a.phone)
        events = list(
            CaseEvent.objects.restrict(user, "view")
            .filter(case=case)
            .select_related("actor")
            .order_by("on", "created_at")
        )
        for e in events:
            e.ground_display = _event_ground(e)
        deadlines = list(case_deadlines(case))
        for d in deadlines:
            d.state = deadline_state(d, today, horizon)
        context.update(
            today=today,
            applicants=applicants,
            events=events,
            hearings=[e for e in events if e.kind == EventKind.HEARING],
            deadlines=deadlines,
            open_deadlines=[d for d in deadlines if d.status == DeadlineStatus.OPEN],
            lapse=self.acceptance_lapse(deadlines, today, horizon),
            steps=available_steps(case, user, today),
            duplicates=find_duplicates(
                actor=user,
                applicants=[{"name": a.name, "id_number": a.id_number} for a in applicants],
                respondent_name=case.respondent_name,
                contested_act=case.contested_act,
                act_document_number=case.act_document_number,
                exclude=case,
            ),
        )
        return context

    def acceptance_lapse(self, deadlines, today, horizon) -> dict | None:
        """The 视为受理 warning (第三十条第三款): the review window is about to end, or has ended."""
        if self.object.status != CaseStatus.REVIEW:
            return None
        review = next(
            (
                d
                for d in deadlines
                if d.rule_key == rules.ACCEPTANCE and d.status == DeadlineStatus.OPEN and d.due_date
            ),
            None,
        )
        if review is None or review.due_date > horizon:
            return None
        return {"due": review.due_date, "lapsed": review.due_date < today}
