"""Scoring rules of a file, pure functions the services and the pages share.

An item's deduction is the sum of the problems found, never more than the item's points (an item never
goes below zero). A file's score is the rubric's total points minus all deductions. Its grade: 不合格 when
a veto item (否决项) failed, whatever the points; otherwise 优秀 at or above the excellence line, 合格 at
or above the pass line, 不合格 below it. A unit's grade in the results applies the same lines to its
average score (a unit none of whose files failed a veto item may still be 不合格 on average).
"""

from __future__ import annotations

from decimal import Decimal

from fazhi.enforcement.casereview.choices import Grade

ZERO = Decimal("0")


def capped(total: Decimal, points: Decimal) -> Decimal:
    return min(max(total, ZERO), points)


def grade_of(score: Decimal | None, *, vetoed: bool, pass_line: Decimal, excellent_line: Decimal) -> str:
    if score is None:
        return ""
    if vetoed:
        return Grade.FAIL
    if score >= excellent_line:
        return Grade.EXCELLENT
    if score >= pass_line:
        return Grade.PASS
    return Grade.FAIL


def file_total(points_total: Decimal, deductions: list[Decimal]) -> Decimal:
    return max(points_total - sum(deductions, ZERO), ZERO)
