"""Scoping samples for the generated suite: a table and one of its cells."""

from __future__ import annotations

import itertools

from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from tests.disclosure.factories import sample_report
from tests.scoping_samples import register_sample

_years = itertools.count(2008)


@register_sample(DisclosureReport)
def make_report(unit) -> DisclosureReport:
    return sample_report(unit, next(_years))


@register_sample(DisclosureCell)
def make_cell(unit) -> DisclosureCell:
    return make_report(unit).cells.get(table="t3", row="new", column="natural")
