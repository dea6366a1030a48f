"""One form page per step of a document (送审 … 报送备案), and the forms on its comments and flags.

The record is looked up through ``restrict(user, "change")`` (out of scope or without the right: 404).
A step the document's state does not allow is explained on the page — 提交集体审议 before a passed review
says why (国办发〔2018〕37号) — and refused on submission with the same sentence; the service's own
refusal is shown on the form and nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from fazhi.core.scoping import ScopeViolation
from fazhi.core.views.units import ScopedObjectFormView, add_errors
from fazhi.normative import services
from fazhi.normative.choices import ClauseConclusion
from fazhi.normative.forms.documents import STEP_FORMS, ClauseConcludeForm, CommentForm, CommentRespondForm
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from fazhi.normative.steps import STEP_BY_SLUG, step_refusal
from fazhi.normative.views.documents import document_url

_REFUSALS = (ValidationError, ScopeViolation, PermissionDenied)


class DocumentStepView(ScopedObjectFormView):
    model = NormativeDocument
    scope_action = "change"
    context_object_name = "document"
    template_name = "normative/documents/step_form.html"
    #: the step's slug (``fazhi.normative.steps``), given by the route
    step_slug = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.step_slug not in STEP_BY_SLUG:
            raise ImproperlyConfigured(f"未知的文件办理步骤：{self.step_slug!r}")
        self.step = STEP_BY_SLUG[self.step_slug]

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_form_class(self):
        return STEP_FORMS[self.step.slug]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["document"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(step=self.step, refusal=step_refusal(self.step, self.object, self.request.user))
        if self.step.slug == "review":
            context["open_flags"] = ClauseFlag.objects.filter(document=self.object, conclusion="").count()
        return context

    def form_valid(self, form):
        refusal = step_refusal(self.step, self.object, self.request.user)
        if refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        try:
            self.step.perform(self.request.user, self.object, form.cleaned_data)
        except _REFUSALS as exc:
            add_errors(form, exc)
            self.object = self.get_object()  # as stored: the refused service may have touched the instance
            return self.form_invalid(form)
        messages.success(self.request, str(self.step.done))
        return HttpResponseRedirect(document_url(self.object))


class CommentAddView(ScopedObjectFormView):
    """登记征求意见 on a document whose comment period has been opened."""

    model = NormativeDocument
    scope_action = "change"
    context_object_name = "document"
    form_class = CommentForm
    template_name = "normative/documents/comment_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.comment_starts_on is None:
            context["refusal"] = _("该文件未公开征求意见，不能登记征求意见。")
        return context

    def form_valid(self, form):
        try:
            services.comment_add(actor=self.request.user, document=self.object, **form.cleaned_data)
        except _REFUSALS as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已登记征求意见。"))
        return HttpResponseRedirect(document_url(self.object) + "#comments")


class CommentRespondView(ScopedObjectFormView):
    """采纳情况 and 处理说明 of one comment."""

    model = PublicComment
    scope_action = "change"
    context_object_name = "comment"
    form_class = CommentRespondForm
    template_name = "normative/documents/comment_respond.html"

    def refine_queryset(self, qs):
        return qs.select_related("document")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        if self.request.method == "GET":
            kwargs["initial"] = {"adoption": self.object.adoption, "response": self.object.response}
        return kwargs

    def form_valid(self, form):
        try:
            services.comment_respond(actor=self.request.user, comment=self.object, **form.cleaned_data)
        except _REFUSALS as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已登记意见处理情况。"))
        return HttpResponseRedirect(document_url(self.object.document) + "#comments")


class ClauseConcludeView(ScopedObjectFormView):
    """The reviewer's conclusion on one clause the review assistant flagged."""

    model = ClauseFlag
    scope_action = "change"
    context_object_name = "flag"
    form_class = ClauseConcludeForm
    template_name = "normative/documents/clause_form.html"

    def refine_queryset(self, qs):
        return qs.select_related("document")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        if self.request.method == "GET":
            kwargs["initial"] = {"conclusion": self.object.conclusion, "note": self.object.note}
        return kwargs

    def form_valid(self, form):
        try:
            services.clause_conclude(actor=self.request.user, flag=self.object, **form.cleaned_data)
        except _REFUSALS as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        label = ClauseConclusion(form.cleaned_data["conclusion"]).label
        messages.success(self.request, _("已登记审核结论：%(c)s。") % {"c": label})
        return HttpResponseRedirect(document_url(self.object.document) + "#review")
