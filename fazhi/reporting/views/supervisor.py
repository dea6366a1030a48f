"""The supervisor's view: the reports of every unit below, against their deadlines, figures side by side."""

from __future__ import annotations

from django.views import generic

from fazhi.core.views.base import ScopedViewMixin
from fazhi.metrics.registry import UnknownMetric, get_metric
from fazhi.reporting.forms import SupervisorForm, last_year
from fazhi.reporting.models import AnnualReport
from fazhi.reporting.selectors import DEFAULT_COMPARISON_KEYS, comparison_keys, supervised_rows


class SupervisorView(ScopedViewMixin, generic.TemplateView):
    model = AnnualReport
    template_name = "reporting/supervisor.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = SupervisorForm(self.request.GET or None, user=user)
        units = form.fields["unit"].queryset
        unit, year, error = None, last_year(), ""
        keys = list(DEFAULT_COMPARISON_KEYS)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            year = form.cleaned_data["year"] or year
            try:
                keys = comparison_keys(form.cleaned_data["keys"])
            except UnknownMetric as exc:
                error = str(exc)
        if unit is None:
            membership = user.current_membership()
            unit = (
                membership.unit
                if membership and units.filter(pk=membership.unit_id).exists()
                else units.first()
            )
        rows = supervised_rows(user=user, unit=unit, year=year, keys=keys) if unit else []
        context.update(
            form=form, unit=unit, year=year, rows=rows, error=error,
            columns=[get_metric(k) for k in keys], keys_text=",".join(keys),
            overdue=sum(1 for r in rows if r.state.state == "overdue"),
        )  # fmt: skip
        return context
