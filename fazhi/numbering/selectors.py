"""Reads of the numbering engine: the template that applies, the next number, a record's numbers."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.core.selectors import nearest_in_lineage
from fazhi.numbering.formats import render_number
from fazhi.numbering.models import IssuedNumber, NumberSequence, NumberTemplate
from fazhi.numbering.registry import get_doc_type


@dataclass(frozen=True)
class EffectiveTemplate:
    template: str
    #: the unit whose own template applies (the unit itself or its nearest ancestor), None: the code default
    source: OrgUnit | None
    record: NumberTemplate | None

    @property
    def is_default(self) -> bool:
        return self.source is None


def effective_template(*, unit: OrgUnit, doc_type: str) -> EffectiveTemplate:
    """The unit's own template, else its nearest ancestor's, else the default the module registered."""
    default = get_doc_type(doc_type).default_template
    found = nearest_in_lineage(NumberTemplate.objects.filter(doc_type=doc_type), unit)
    if found is None:
        return EffectiveTemplate(default, None, None)
    return EffectiveTemplate(found.template, found.unit, found)


def current_year() -> int:
    return timezone.localdate().year


def number_preview(
    *, unit: OrgUnit, doc_type: str, year: int | None = None, template: str | None = None
) -> str:
    """The number the next issue would get, without drawing it (another request may take it first)."""
    year = year or current_year()
    if template is None:
        template = effective_template(unit=unit, doc_type=doc_type).template
    last = (
        NumberSequence.objects.filter(unit=unit, doc_type=doc_type, year=year)
        .values_list("last", flat=True)
        .first()
    )
    return render_number(template, unit=unit, year=year, seq=(last or 0) + 1)


def numbers_for_record(record: models.Model, *, user=None) -> models.QuerySet[IssuedNumber]:
    """Every number issued for ``record``, voided ones included; restricted to ``user``'s view when given."""
    content_type = ContentType.objects.get_for_model(record)
    qs = IssuedNumber.objects.restrict(user, "view") if user is not None else IssuedNumber.objects.all()
    return qs.filter(content_type=content_type, object_id=str(record.pk)).order_by("created_at")
