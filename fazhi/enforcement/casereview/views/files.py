"""Scoring one sampled file item by item, and 评定 (finishing it)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation
from fazhi.core.views.base import ScopedViewMixin
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus
from fazhi.enforcement.casereview.forms import FinishForm
from fazhi.enforcement.casereview.models import FileScore, ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.services import ItemMark, Verdict
from fazhi.enforcement.casereview.views.common import case_url, fail


class _FileView(ScopedViewMixin, generic.DetailView):
    model = SampledCase
    scope_action = "view"

    def refine_queryset(self, qs):
        return qs.select_related("campaign", "campaign__rubric", "case", "stratum__unit", "reviewer")

    def can_score(self) -> bool:
        f = self.object
        return (
            f.status != FileStatus.FINISHED
            and f.campaign.status in (CampaignStatus.DRAWN, CampaignStatus.REVIEWING)
            and ReviewCampaign.objects.restrict(self.request.user, "change").filter(pk=f.campaign_id).exists()
        )

    def common(self) -> dict:
        f = self.object
        return {
            "file": f,
            "campaign": f.campaign,
            "case_url": case_url(f.case_id),
            "tally": services.file_tally(f),
            "can_score": self.can_score(),
        }


def _rows(sampled: SampledCase, posted=None) -> list[dict]:
    """One row per rubric item: the item and what the form shows (posted values, else the stored verdict)."""
    scores = {s.item_id: s for s in FileScore.objects.filter(sampled=sampled)}
    rows = []
    for item in sampled.campaign.rubric.items.order_by("number"):
        key = str(item.pk)
        score = scores.get(item.pk)
        if posted is not None:
            verdict = posted.get(f"v-{key}", "")
            picked = set(posted.getlist(f"d-{key}"))
            custom_text = posted.get(f"ct-{key}", "")
            custom_points = posted.get(f"cp-{key}", "")
            note = posted.get(f"n-{key}", "")
        elif score is not None:
            verdict = Verdict.VETO if score.failed else (Verdict.PROBLEM if score.deductions else Verdict.OK)
            typical = [d["text"] for d in item.deductions]
            picked = {
                str(typical.index(d["text"]))
                for d in score.deductions
                if not d.get("custom") and d["text"] in typical
            }
            custom = next((d for d in score.deductions if d.get("custom")), None)
            custom_text = custom["text"] if custom else ""
            custom_points = custom["points"] if custom and not custom.get("veto") else ""
            note = score.note
        else:
            verdict, picked, custom_text, custom_points, note = "", set(), "", "", ""
        rows.append(
            {
                "item": item,
                "key": key,
                "score": score,
                "verdict": verdict,
                "deductions": [
                    {"index": str(i), "text": d["text"], "points": d["points"], "picked": str(i) in picked}
                    for i, d in enumerate(item.deductions)
                ],
                "custom_text": custom_text,
                "custom_points": custom_points,
                "note": note,
            }
        )
    return rows


def _marks(rows: list[dict]) -> list[ItemMark]:
    marks = []
    for row in rows:
        points = None
        if str(row["custom_points"]).strip():
            try:
                points = Decimal(str(row["custom_points"]).strip())
            except InvalidOperation:
                raise ValidationError(
                    _("第%(n)s项：其他扣分应为数字。") % {"n": row["item"].number}, code="number"
                ) from None
        marks.append(
            ItemMark(
                item_id=row["item"].pk,
                verdict=row["verdict"],
                picked=[int(d["index"]) for d in row["deductions"] if d["picked"]],
                custom_text=row["custom_text"],
                custom_points=points,
                note=row["note"],
            )
        )
    return marks


class FileScoreView(_FileView):
    """The scoring sheet: GET shows it (read-only to whoever cannot score); POST saves the verdicts."""

    template_name = "casereview/file_score.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(rows=_rows(self.object), **self.common()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        rows = _rows(self.object, request.POST)
        try:
            services.file_score(actor=request.user, sampled=self.object, marks=_marks(rows))
        except PermissionDenied:
            raise
        except (ValidationError, ScopeViolation) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [_("超出您的管辖范围。")]
            context = self.get_context_data(rows=rows, errors=errors, **self.common())
            return self.render_to_response(context, status=400)
        messages.success(request, _("评分已保存。"))
        if request.POST.get("finish"):
            return HttpResponseRedirect(reverse("casereview:file-finish", args=[self.object.pk]))
        return HttpResponseRedirect(reverse("casereview:file", args=[self.object.pk]))


class FileFinishView(_FileView):
    """评定: GET the confirmation with the totals, POST the service (refused while items are unscored)."""

    template_name = "casereview/file_finish.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=FinishForm(), **self.common()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = FinishForm(request.POST)
        if form.is_valid():
            try:
                services.file_finish(
                    actor=request.user,
                    sampled=self.object,
                    on=form.cleaned_data["on"],
                    summary=form.cleaned_data["summary"],
                )
            except PermissionDenied:
                raise
            except (ValidationError, ScopeViolation) as exc:
                fail(form, exc)
            else:
                messages.success(request, _("案卷已评定。"))
                return HttpResponseRedirect(reverse("casereview:detail", args=[self.object.campaign_id]))
        return self.render_to_response(self.get_context_data(form=form, **self.common()), status=400)
