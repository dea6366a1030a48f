"""One form page per step of a case (通知补正 … 意见书反馈): one view class, parameterised by the step.

The case is looked up through ``restrict(user, "change")`` (out of scope or without the right: 404).
A step the case's state does not allow is explained on the page and refused on submission without
calling anything; the service's own refusal is shown on the form and nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone

from fazhi.core.scoping import ScopeViolation
from fazhi.core.views.units import ScopedObjectFormView, add_errors
from fazhi.reconsideration.forms import STEP_FORMS
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.services import hearing_earliest
from fazhi.reconsideration.steps import STEP_BY_SLUG, step_refusal
from fazhi.reconsideration.views.cases import case_url


class CaseStepView(ScopedObjectFormView):
    model = ReconsiderationCase
    scope_action = "change"
    context_object_name = "case"
    template_name = "reconsideration/step_form.html"
    #: the step's slug (``fazhi.reconsideration.steps``), given by the route
    step_slug = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.step_slug not in STEP_BY_SLUG:
            raise ImproperlyConfigured(f"未知的办案步骤：{self.step_slug!r}")
        self.step = STEP_BY_SLUG[self.step_slug]
        self.today = timezone.localdate()

    def refine_queryset(self, qs):
        return qs.select_related("unit", "handler")

    def get_form_class(self):
        return STEP_FORMS[self.step.slug]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        kwargs["case"] = self.object
        return kwargs

    def refusal(self) -> str:
        # The page is reached through restrict(user, "change"): the user may change the case.
        return str(step_refusal(self.step, self.object, self.request.user, self.today, changeable=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(step=self.step, refusal=self.refusal())
        if self.step.slug == "hearing":
            context["hearing_earliest"] = hearing_earliest(self.today)
        return context

    def form_valid(self, form):
        refusal = self.refusal()
        if refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        try:
            self.step.perform(self.request.user, self.object, form.cleaned_data, self.today)
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            self.object = self.get_object()  # as stored: the refused service may have touched the instance
            return self.form_invalid(form)
        messages.success(self.request, str(self.step.done))
        return HttpResponseRedirect(case_url(self.object))
