"""Deadline pages: the scoped list (status, overdue, due within N working days), one deadline, its events."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page
from fazhi.workdays import selectors
from fazhi.workdays.choices import DeadlineStatus, EventKind, PeriodKind
from fazhi.workdays.forms import DeadlineEventForm, DeadlineFilterForm
from fazhi.workdays.models import Deadline
from fazhi.workdays.selectors import reminder_horizon
from fazhi.workdays.services import (
    deadline_close,
    deadline_extend,
    deadline_pause,
    deadline_restart,
    deadline_resume,
)
from fazhi.workdays.services.deadlines import extension_used


class DeadlineListView(ScopedListView):
    model = Deadline
    template_name = "workdays/deadline_list.html"
    paginate_by = 50

    @property
    def filter_form(self) -> DeadlineFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = DeadlineFilterForm(self.request.GET or None)
        return self._filter_form

    def refine_queryset(self, qs):
        form = self.filter_form
        on = selectors.today()
        self.horizon = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["status"]:
                qs = qs.filter(status=data["status"])
            if data["overdue"]:
                qs = qs.filter(status=DeadlineStatus.OPEN, due_date__lt=on)
            if data["within"] is not None:
                self.horizon = reminder_horizon(on=on, days=data["within"])
                qs = qs.filter(status=DeadlineStatus.OPEN, due_date__gte=on, due_date__lte=self.horizon)
            if data["mine"]:
                qs = qs.filter(responsible=self.request.user)
            if q := data["q"].strip():
                qs = qs.filter(Q(record_repr__icontains=q) | Q(rule_label__icontains=q))
        open_first = Case(When(status=DeadlineStatus.OPEN, then=Value(0)), default=Value(1))
        return qs.select_related("unit", "responsible").order_by(
            open_first, "due_date", "start_date", "record_repr", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "filter_form": self.filter_form,
                "querystring": querystring_without_page(self.request),
                "today": selectors.today(),
                "horizon": self.horizon,
            }
        )
        return context


class DeadlineDetailView(ScopedDetailView):
    model = Deadline
    template_name = "workdays/deadline_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "responsible", "content_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deadline = self.object
        can_change = (
            deadline.status == DeadlineStatus.OPEN
            and Deadline.objects.restrict(self.request.user, "change").filter(pk=deadline.pk).exists()
        )
        unit = _("个工作日") if deadline.period_kind == PeriodKind.WORKING_DAYS else _("日")
        context.update(
            {
                "events": list(deadline.events.select_related("actor")),
                "can_change": can_change,
                "today": selectors.today(),
                "overdue": deadline.is_overdue(selectors.today()),
                "extension_unit": unit,
                "extension_used": extension_used(deadline),
                "event_form": kwargs.get("event_form"),
                "failed_kind": kwargs.get("failed_kind"),
            }
        )
        return context


class DeadlineEventView(ScopedViewMixin, SingleObjectMixin, generic.View):
    """Records one event on the clock (中止, 恢复, 延长, 重新起算) or closes the deadline (办结, 终止)."""

    model = Deadline
    scope_action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = deadline = self.get_object()
        form = DeadlineEventForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                self.apply(deadline, data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(deadline_url(deadline))
        detail = DeadlineDetailView(request=request, kwargs={"pk": deadline.pk}, args=())
        detail.object = deadline
        context = detail.get_context_data(
            object=deadline, event_form=form, failed_kind=request.POST.get("kind")
        )
        return detail.render_to_response(context)

    def apply(self, deadline: Deadline, data: dict) -> None:
        actor, kind, on, reason = self.request.user, data["kind"], data.get("on"), data.get("reason") or ""
        if kind == EventKind.PAUSE:
            deadline_pause(actor=actor, deadline=deadline, on=on, reason=reason)
            text = _("已登记中止。")
        elif kind == EventKind.RESUME:
            deadline_resume(actor=actor, deadline=deadline, on=on, reason=reason)
            text = _("已登记恢复。")
        elif kind == EventKind.EXTEND:
            deadline_extend(
                actor=actor,
                deadline=deadline,
                days=data["days"],
                approver=data["approver"],
                reason=reason,
                on=on,
            )
            text = _("已登记延长。")
        elif kind == EventKind.RESTART:
            deadline_restart(actor=actor, deadline=deadline, on=on, reason=reason)
            text = _("已登记重新起算。")
        else:
            met = kind == DeadlineEventForm.CLOSE_MET
            deadline_close(actor=actor, deadline=deadline, on=on, met=met, reason=reason)
            text = _("已办结。") if met else _("已终止。")
        messages.success(self.request, text)


def deadline_url(deadline: Deadline) -> str:
    return reverse("workdays:deadline-detail", args=[deadline.pk])
