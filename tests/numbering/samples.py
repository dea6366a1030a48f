"""Samples of the numbering engine's scoped models for the generated scoping suite."""

from __future__ import annotations

import itertools

from fazhi.numbering.models import IssuedNumber, NumberSequence, NumberTemplate
from tests.numbering.doc_types import CASE
from tests.scoping_samples import register_sample

_n = itertools.count(1)


@register_sample(IssuedNumber)
def make_issued_number(unit) -> IssuedNumber:
    seq = next(_n)
    return IssuedNumber.objects.create(
        unit=unit,
        doc_type=CASE,
        year=2025,
        seq=seq,
        text=f"{unit.short_name}复〔2025〕{seq}号",
        template="{unit_short}复〔{year}〕{seq}号",
    )


@register_sample(NumberTemplate)
def make_number_template(unit) -> NumberTemplate:
    return NumberTemplate.objects.get_or_create(
        unit=unit, doc_type=CASE, defaults={"template": "{unit_short}行复〔{year}〕{seq}号"}
    )[0]


@register_sample(NumberSequence)
def make_number_sequence(unit) -> NumberSequence:
    return NumberSequence.objects.create(unit=unit, doc_type=CASE, year=2000 + next(_n), last=3)
