"""The draw of a 抽查任务: reproducible from its recorded seed and candidate lists, checkable by anyone.

Algorithm ``sha256-rank-v1`` (docs/inspections.md):

1. The candidate entities are the 统一社会信用代码 of the pool, sorted; the candidate inspectors are the
   officers' ids (UUID text), sorted; the conflicts are pairs [code, officer id].
2. Each entity's rank is SHA-256 of ``"<seed>:entity:<code>"`` (hex); the N lowest ranks are drawn, in that
   order (positions 1…N).
3. For each drawn entity in order, the inspectors not in conflict with it are ranked by (how many
   entities they were given so far in this draw, SHA-256 of ``"<seed>:inspector:<position>:<officer id>"``)
   and the first two are taken — two different people (处罚法 第42条: 执法人员不得少于两人), never one
   with a conflict, and the work spread evenly (each inspector's load differs from another's by at most
   one, except where conflicts force otherwise).

Why not ``random.Random(seed).sample``: Python documents that only ``random()`` is guaranteed to
reproduce across versions ("most of the random module's algorithms and seeding functions are subject to
change across Python versions"); ``sample``, ``shuffle`` and ``randrange`` have changed before (Python 3.2 re-implemented them).
SHA-256 ranks are the same in every language and can be checked in a spreadsheet.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal

ALGORITHM = "sha256-rank-v1"


class DrawRefused(Exception):
    """The draw cannot be made; ``message`` says why in Chinese (nothing is written)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Pick:
    position: int
    code: str
    inspectors: tuple[str, str]


def rank(seed: str, *parts) -> str:
    return hashlib.sha256(":".join([seed, *map(str, parts)]).encode()).hexdigest()


def candidates_digest(entities: list[str], inspectors: list[str], conflicts: list[list[str]]) -> str:
    """SHA-256 of the canonical JSON of the three lists, stored with the draw to detect later edits."""
    payload = json.dumps(
        {"entities": entities, "inspectors": inspectors, "conflicts": sorted(map(list, conflicts))},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def sample_size(pool: int, *, ratio: Decimal | None = None, count: int | None = None) -> int:
    """N: the count asked, or the ratio (%) of the pool rounded up (at least one)."""
    if count:
        return int(count)
    return max(1, math.ceil(Decimal(pool) * Decimal(ratio) / 100)) if pool else 0


def derive(
    *,
    seed: str,
    entities: list[str],
    inspectors: list[str],
    conflicts: list[list[str]] | set[tuple[str, str]],
    n: int,
    names: dict[str, str] | None = None,
) -> list[Pick]:
    """The draw for these inputs (the lists must already be canonical: sorted, unique)."""
    names = names or {}
    if not entities:
        raise DrawRefused("检查对象名录库中没有可抽取的对象，不能抽取。", "empty_pool")
    if n < 1:
        raise DrawRefused("抽取户数应至少为 1。", "bad_size")
    if n > len(entities):
        raise DrawRefused(
            f"拟抽取 {n} 户，多于名录库中可抽取的 {len(entities)} 户，请调整抽取比例或户数。", "too_many"
        )
    if len(inspectors) < 2:
        raise DrawRefused(
            f"执法检查人员名录库中抽取日持有效执法证的只有 {len(inspectors)} 人，"
            "每户须有两名执法人员检查（《中华人民共和国行政处罚法》第四十二条），不能抽取。",
            "too_few_inspectors",
        )
    blocked = {(c, i) for c, i in conflicts}
    chosen = sorted(entities, key=lambda code: (rank(seed, "entity", code), code))[:n]
    load = dict.fromkeys(inspectors, 0)
    picks = []
    for position, code in enumerate(chosen, 1):
        eligible = [i for i in inspectors if (code, i) not in blocked]
        if len(eligible) < 2:
            raise DrawRefused(
                f"检查对象“{names.get(code, code)}”（{code}）排除回避人员后只有 {len(eligible)} 名执法检查人员，"
                "不足两人，不能抽取；请补充执法检查人员或核实回避关系。",
                "too_few_for_entity",
            )
        first, second = sorted(eligible, key=lambda i: (load[i], rank(seed, "inspector", position, i), i))[:2]
        load[first] += 1
        load[second] += 1
        picks.append(Pick(position, code, (first, second)))
    return picks
