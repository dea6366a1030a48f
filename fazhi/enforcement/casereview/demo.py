"""Demo step of 案卷评查 (order 228, after the cases at 224): the 司法局's rubric, last year's finished
county-wide campaign (10 closed cases per department that has them, scored with a few common problems)
and this year's campaign under way. Works on whatever closed cases exist; with none it adds nothing.

The campaigns, the rubric and the draws go through the services (audited); the item scores of a few
hundred files are written in bulk with one audit event per file 评定 (audit_record_bulk)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.demo import register_demo_step
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record_bulk
from fazhi.core.workflow import transition
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.choices import FileStatus
from fazhi.enforcement.casereview.models import FileScore, ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.scoring import capped, file_total, grade_of
from fazhi.enforcement.cases.choices import CaseStatus
from fazhi.enforcement.cases.models import EnforcementCase

#: item numbers of the shipped rubric where files most often lose points (证据形式、引用条款、裁量理由、告知、
#: 送达、文书、全过程记录、归档), weighted higher
_COMMON = {6: 3.0, 8: 2.5, 9: 2.5, 12: 1.5, 16: 2.0, 18: 3.0, 19: 2.5, 22: 2.0, 4: 1.2, 11: 1.2}


def _units_with_closed(county: OrgUnit, start: datetime.date, end: datetime.date) -> list[OrgUnit]:
    """The county's direct subordinate units whose subtree closed at least one case in [start, end]."""
    children = list(OrgUnit.objects.filter(parent=county, is_active=True).order_by("sort_order", "name"))
    counts = dict(
        EnforcementCase.objects.filter(
            unit__path__startswith=county.path,
            status=CaseStatus.CLOSED,
            closed_on__gte=start,
            closed_on__lte=end,
        )
        .values("unit__path")
        .annotate(n=Count("id"))
        .values_list("unit__path", "n")
    )
    return [u for u in children if any(path.startswith(u.path) for path in counts)]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _score_files(
    context, campaign: ReviewCampaign, files: list[SampledCase], days: tuple, finish: bool
) -> list:
    """Verdicts for every item of ``files``: each unit has a quality; a few items carry most problems."""
    rng = context.rng
    items = list(campaign.rubric.items.order_by("number"))
    rubric = campaign.rubric
    total_points = sum((i.points for i in items), Decimal("0"))
    quality: dict = {}
    scores, finished = [], []
    for f in files:
        q = quality.setdefault(f.stratum_id, rng.uniform(0.10, 0.34))
        deducted_all, vetoed = [], False
        for item in items:
            problems, failed = [], False
            if item.veto and rng.random() < 0.004:
                failed = True
                deducted = item.points
            else:
                if item.deductions and rng.random() < q * _COMMON.get(item.number, 0.6):
                    weights = [1.0 / (k + 1) for k in range(len(item.deductions))]
                    entry = rng.choices(item.deductions, weights=weights)[0]
                    problems.append({"text": entry["text"], "points": str(entry["points"]), "custom": False})
                    if len(item.deductions) > 1 and rng.random() < 0.2:
                        other = rng.choice([d for d in item.deductions if d is not entry])
                        problems.append(
                            {"text": other["text"], "points": str(other["points"]), "custom": False}
                        )
                deducted = capped(sum((Decimal(p["points"]) for p in problems), Decimal("0")), item.points)
            vetoed |= failed
            deducted_all.append(deducted)
            scores.append(
                FileScore(
                    unit_id=f.unit_id,
                    sampled=f,
                    item=item,
                    deducted=deducted,
                    deductions=problems,
                    failed=failed,
                )
            )
        f.status = FileStatus.SCORING
        if finish:
            f.score = file_total(total_points, deducted_all)
            f.vetoed = vetoed
            f.grade = grade_of(
                f.score, vetoed=vetoed, pass_line=rubric.pass_line, excellent_line=rubric.excellent_line
            )
            f.status = FileStatus.FINISHED
            f.finished_on = days[0] + datetime.timedelta(days=rng.randint(0, (days[1] - days[0]).days))
            f.reviewer = context.actor
            f.summary = (
                "案卷规范，无明显问题。" if not any(deducted_all) else "存在扣分问题，请对照评查意见整改。"
            )
            finished.append(f)
    FileScore.objects.bulk_create(scores, batch_size=1000)
    SampledCase.objects.bulk_update(
        files, ["status", "score", "vetoed", "grade", "finished_on", "reviewer", "summary"], batch_size=500
    )
    return finished


def build_casereview(context) -> None:
    county = context.units.get("qh")
    justice = context.units.get("qh-sfj")
    if county is None or justice is None:
        return
    actor = context.actor
    last = context.previous_year
    period = (datetime.date(last, 1, 1), datetime.date(last, 9, 30))
    units_last = _units_with_closed(county, *period)
    if not units_last:
        return
    rubric = services.rubric_install_default(actor=actor, unit=justice, year=last)
    events = []

    campaign = services.campaign_create(
        actor=actor,
        unit=county,
        data=services.CampaignData(
            name=f"{last}年度全县行政执法案卷评查",
            year=last,
            rubric=rubric,
            period_from=period[0],
            period_to=period[1],
            units=units_last,
            sample_size=10,
            note="县司法局组织，各行政执法部门交叉评查。",
        ),
    )
    seed = f"{context.rng.getrandbits(128):032x}"
    services.campaign_draw(actor=actor, campaign=campaign, seed=seed, at=_at(datetime.date(last, 10, 15)))
    files = list(
        SampledCase.objects.filter(campaign=campaign).order_by(
            "stratum__unit__sort_order", "stratum__unit__code", "position"
        )
    )
    transition(actor=actor, obj=campaign, name="start")
    finished = _score_files(
        context, campaign, files, (datetime.date(last, 10, 20), datetime.date(last, 11, 30)), finish=True
    )
    events += finished
    transition(actor=actor, obj=campaign, name="complete", completed_on=datetime.date(last, 12, 5))

    this = context.today.year
    end = min(datetime.date(this, 6, 30), context.today - datetime.timedelta(days=30))
    start = datetime.date(this, 1, 1)
    units_now = _units_with_closed(county, start, end) if end > start else []
    if units_now:
        current = services.campaign_create(
            actor=actor,
            unit=county,
            data=services.CampaignData(
                name=f"{this}年度全县行政执法案卷评查",
                year=this,
                rubric=rubric,
                period_from=start,
                period_to=end,
                units=units_now,
                sample_size=8,
                note="本年度评查进行中。",
            ),
        )
        drawn_on = min(end + datetime.timedelta(days=10), context.today)
        services.campaign_draw(
            actor=actor, campaign=current, seed=f"{context.rng.getrandbits(128):032x}", at=_at(drawn_on)
        )
        files = list(
            SampledCase.objects.filter(campaign=current).order_by(
                "stratum__unit__sort_order", "stratum__unit__code", "position"
            )
        )
        transition(actor=actor, obj=current, name="start")
        done = files[: len(files) * 2 // 5]
        events += _score_files(context, current, done, (drawn_on, context.today), finish=True)

    audit_record_bulk(
        actor=actor,
        events=[
            {
                "action": AuditAction.TRANSITION,
                "obj": f,
                "changes": {
                    "status": [FileStatus.PENDING, FileStatus.FINISHED],
                    "score": [None, str(f.score)],
                },
                "note": "演示数据：评定",
            }
            for f in events
        ],
    )


register_demo_step("casereview.campaigns", 228, build_casereview)
