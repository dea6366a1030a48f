"""Reads of 案卷评查: the results per unit and the common-problems report of a campaign."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from fazhi.enforcement.casereview.choices import FileStatus, Grade, Section
from fazhi.enforcement.casereview.models import CampaignUnit, FileScore, ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.scoring import grade_of


def campaigns_for(user, action: str = "view"):
    return ReviewCampaign.objects.restrict(user, action)


def visible(qs, user):
    """``qs`` as ``user`` may see it; all of it for ``None`` (the system, or a caller that already did)."""
    return qs.restrict(user, "view") if user is not None else qs


@dataclass
class UnitResult:
    unit: object
    candidates: int | None
    files: int = 0
    reviewed: int = 0
    total_score: Decimal = Decimal("0")
    counts: dict = field(default_factory=lambda: {g: 0 for g in Grade.values})
    vetoed: int = 0

    @property
    def average(self) -> Decimal | None:
        if not self.reviewed:
            return None
        return (self.total_score / self.reviewed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def excellent(self) -> int:
        return self.counts[Grade.EXCELLENT]

    @property
    def passed(self) -> int:
        return self.counts[Grade.PASS]

    @property
    def failed(self) -> int:
        return self.counts[Grade.FAIL]

    @property
    def complete(self) -> bool:
        return self.files > 0 and self.reviewed == self.files


def campaign_results(campaign: ReviewCampaign, user=None) -> tuple[list[UnitResult], UnitResult]:
    """Per participating unit: files drawn and reviewed (已评定), average score, 优秀/合格/不合格 counts and
    the unit's grade by its average on the rubric's lines (``grade``); plus the totals row. With ``user``,
    only what that user may see: a participating department gets its own row, and totals of its own."""
    rubric = campaign.rubric
    rows: dict = {}
    strata = visible(CampaignUnit.objects.filter(campaign=campaign), user)
    for stratum in strata.select_related("unit").order_by("unit__sort_order", "unit__code"):
        rows[stratum.pk] = UnitResult(unit=stratum.unit, candidates=stratum.candidate_count)
    total = UnitResult(unit=None, candidates=sum(r.candidates or 0 for r in rows.values()))
    files = visible(SampledCase.objects.filter(campaign=campaign), user)
    for stratum_id, status, score, grade, vetoed in files.values_list(
        "stratum_id", "status", "score", "grade", "vetoed"
    ):
        # a sub-unit's user sees its own files but not the participating unit above it: totals only
        for row in (rows[stratum_id], total) if stratum_id in rows else (total,):
            row.files += 1
            if status == FileStatus.FINISHED:
                row.reviewed += 1
                row.total_score += score
                row.counts[grade] += 1
                row.vetoed += int(vetoed)
    for row in (*rows.values(), total):
        row.grade = grade_of(
            row.average, vetoed=False, pass_line=rubric.pass_line, excellent_line=rubric.excellent_line
        )
    return list(rows.values()), total


@dataclass
class Problem:
    number: int
    section: str
    item: str
    text: str
    files: int = 0
    points: Decimal = Decimal("0")
    units: dict = field(default_factory=dict)  # unit name → files

    @property
    def unit_list(self) -> str:
        return "、".join(
            f"{name}（{n}）" for name, n in sorted(self.units.items(), key=lambda kv: (-kv[1], kv[0]))
        )


def common_problems(campaign: ReviewCampaign, *, finished_only: bool = False, user=None) -> list[Problem]:
    """Every problem found, aggregated by rubric item and problem text: in how many files, how many
    points in all, and in which units (with their file counts) — most frequent first. With ``user``, in
    the files that user may see."""
    scores = visible(FileScore.objects.filter(sampled__campaign=campaign), user).exclude(deductions=[])
    if finished_only:
        scores = scores.filter(sampled__status=FileStatus.FINISHED)
    problems: dict = {}
    rows = scores.values_list(
        "item__number",
        "item__section",
        "item__text",
        "deductions",
        "sampled__stratum__unit__name",
    )
    for number, section, item_text, deductions, unit_name in rows:
        for entry in deductions:
            key = (number, entry["text"])
            problem = problems.get(key)
            if problem is None:
                problem = problems[key] = Problem(
                    number=number, section=str(Section(section).label), item=item_text, text=entry["text"]
                )
            problem.files += 1
            problem.points += Decimal(str(entry["points"]))
            problem.units[unit_name] = problem.units.get(unit_name, 0) + 1
    return sorted(problems.values(), key=lambda p: (-p.files, p.number, p.text))
