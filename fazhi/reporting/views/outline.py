"""The outline pages: what a unit's reports follow, and an administrator's adjustments (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import generic

from fazhi.core.scoping import ScopeViolation, has_permission_on_unit
from fazhi.core.views.base import ScopedDetailView, ScopedViewMixin
from fazhi.reporting.assemble import numbering
from fazhi.reporting.blocks import get_block
from fazhi.reporting.choices import OutlinePeriod
from fazhi.reporting.forms import OutlineChooseForm, OutlineItemForm
from fazhi.reporting.models import OutlineItem, OutlineTemplate
from fazhi.reporting.services import (
    effective_outline,
    outline_customize,
    outline_item_add,
    outline_item_move,
    outline_item_remove,
    outline_item_update,
)


def _rows(items):
    numbers = numbering([item.level for item in items])
    return [
        {"item": item, "number": number, "blocks": [get_block(b).label for b in item.blocks if get_block(b)]}
        for item, number in zip(items, numbers, strict=True)
    ]


class OutlineOverviewView(ScopedViewMixin, generic.TemplateView):
    """The outline each period's reports of a unit follow, and where it comes from."""

    model = OutlineTemplate
    template_name = "reporting/outline_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = OutlineChooseForm(self.request.GET or None, user=user)
        units = form.fields["unit"].queryset
        unit = form.cleaned_data["unit"] if form.is_valid() else None
        if unit is None:
            membership = user.current_membership()
            unit = (
                membership.unit
                if membership and units.filter(pk=membership.unit_id).exists()
                else units.first()
            )
        outlines = []
        if unit is not None:
            for period, label in OutlinePeriod.choices:
                outline = effective_outline(unit, period)
                outlines.append(
                    {"period": period, "label": label, "outline": outline, "rows": _rows(outline.items)}
                )
        context.update(
            unit=unit,
            units=units,
            outlines=outlines,
            may_manage=unit is not None
            and has_permission_on_unit(user, OutlineTemplate.scope_permission("add"), unit),
        )
        return context


class OutlineCustomizeView(ScopedViewMixin, generic.View):
    """POST unit + period: the unit's own template (a copy of what it inherits), then its page."""

    model = OutlineTemplate
    scope_action = "add"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = OutlineChooseForm(request.POST, user=request.user, action="add")
        if not form.is_valid():
            messages.error(request, "请选择您有权管理的单位和适用纲要。")
            return HttpResponseRedirect(reverse("reporting:outlines"))
        try:
            template = outline_customize(
                actor=request.user, unit=form.cleaned_data["unit"], period=form.cleaned_data["period"]
            )
        except (ValidationError, ScopeViolation) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            return HttpResponseRedirect(reverse("reporting:outlines"))
        return HttpResponseRedirect(reverse("reporting:outline", args=[template.pk]))


class OutlineTemplateView(ScopedDetailView):
    """A unit's own outline; administrators add, rename, reorder and remove items here (POST ``op``)."""

    model = OutlineTemplate
    context_object_name = "template"
    template_name = "reporting/outline_template.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self.object
        items = list(template.items.order_by("order"))
        context.update(
            rows=_rows(items),
            add_form=kwargs.get("add_form") or OutlineItemForm(initial={"level": 2}),
            block_choices=OutlineItemForm().fields["blocks"].choices,
            may_manage=OutlineTemplate.objects.restrict(self.request.user, "change")
            .filter(pk=template.pk)
            .exists(),
        )
        return context

    def post(self, request, *args, **kwargs):
        template = get_object_or_404(OutlineTemplate.objects.restrict(request.user, "view"), pk=kwargs["pk"])
        back = HttpResponseRedirect(reverse("reporting:outline", args=[template.pk]))
        op = request.POST.get("op", "")
        item = None
        if request.POST.get("item"):
            item = (
                OutlineItem.objects.restrict(request.user, "view")
                .filter(template=template, pk=request.POST["item"])
                .first()
            )
            if item is None:
                messages.error(request, "该条目不存在。")
                return back
        try:
            if op in ("add", "update"):
                form = OutlineItemForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        [f"{form.fields[f].label}：{'；'.join(e)}" for f, e in form.errors.items()]
                    )
                data = form.cleaned_data
                if op == "add":
                    outline_item_add(actor=request.user, template=template, title=data["title"], level=data["level"],
                                     blocks=data["blocks"], after=item)  # fmt: skip
                    messages.success(request, f"已新增“{data['title']}”。")
                else:
                    if item is None:
                        raise ValidationError("请选择要修改的条目。")
                    outline_item_update(actor=request.user, item=item, title=data["title"], level=data["level"],
                                        blocks=data["blocks"])  # fmt: skip
                    messages.success(request, f"已修改“{data['title']}”。")
            elif op in ("up", "down") and item is not None:
                outline_item_move(actor=request.user, item=item, up=op == "up")
            elif op == "remove" and item is not None:
                outline_item_remove(actor=request.user, item=item)
                messages.success(request, f"已删除“{item.title}”。")
            else:
                raise ValidationError("未知的操作。")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return back
