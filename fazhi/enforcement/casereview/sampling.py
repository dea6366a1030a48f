"""The reproducible draw of 案卷评查 (algorithm ``sha256-v1``), written so anyone can re-derive it by hand.

For each participating unit:

1. Candidates: the cases of the unit and every unit below it whose status is 已结案 and whose 结案日期
   lies within the campaign's period (both ends included).
2. Canonical order: the candidates' ids (the UUID in its 36-character lower-case text form) sorted as
   text. The candidate list's digest is SHA-256 of those ids joined with "\\n" (UTF-8, no trailing
   newline); the draw records it and the count, so a later change to the candidates shows.
3. Rank: for each candidate, SHA-256 of ``"<seed>:<id>"`` as lower-case hex; the seed is the campaign's
   recorded 32-hex-digit seed made with ``secrets`` at the moment of the draw.
4. The sample: the ``n`` candidates with the smallest rank (compared as text), where ``n`` is the rule's
   number — fixed ``N`` per unit, or ``ceil(count × percent ÷ 100)`` but at least the minimum — and never
   more than the candidates there are (a unit with fewer takes all it has, and the page says so).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from fazhi.enforcement.cases.choices import CaseStatus
from fazhi.enforcement.cases.models import EnforcementCase

ALGORITHM = "sha256-v1"


def rank_of(seed: str, case_id) -> str:
    return hashlib.sha256(f"{seed}:{case_id}".encode()).hexdigest()


def list_digest(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


def candidate_ids(campaign, unit) -> list[str]:
    """Step 1 and 2: the unit subtree's closed cases of the period, as sorted id strings."""
    ids = EnforcementCase.objects.filter(
        unit__path__startswith=unit.path,
        status=CaseStatus.CLOSED,
        closed_on__gte=campaign.period_from,
        closed_on__lte=campaign.period_to,
    ).values_list("pk", flat=True)
    return sorted(str(pk) for pk in ids)


def required_size(campaign, count: int) -> int:
    """Step 4's ``n`` before the cap: what the rule asks of a unit with ``count`` candidates."""
    from fazhi.enforcement.casereview.choices import SampleRule

    if campaign.sample_rule == SampleRule.PERCENT:
        wanted = math.ceil(count * float(campaign.sample_percent or 0) / 100)
        return max(wanted, campaign.sample_minimum)
    return campaign.sample_size


def select(seed: str, ids: list[str], n: int) -> list[tuple[str, str]]:
    """Step 3 and 4: (rank, id) of the ``n`` smallest ranks, smallest first."""
    ranked = sorted((rank_of(seed, case_id), case_id) for case_id in ids)
    return ranked[: max(n, 0)]


@dataclass
class StratumDraw:
    unit: object
    ids: list[str]
    required: int
    chosen: list[tuple[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def digest(self) -> str:
        return list_digest(self.ids)

    @property
    def short(self) -> bool:
        return len(self.chosen) < self.required


def derive(campaign, seed: str, units) -> list[StratumDraw]:
    """The whole draw for ``units`` (participating units, in a stable order) from ``seed``."""
    result = []
    for unit in units:
        ids = candidate_ids(campaign, unit)
        required = required_size(campaign, len(ids))
        result.append(StratumDraw(unit=unit, ids=ids, required=required, chosen=select(seed, ids, required)))
    return result
