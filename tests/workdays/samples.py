"""Samples of the deadline engine's scoped models for the generated scoping suite."""

from __future__ import annotations

import datetime
import itertools
import uuid

from django.contrib.contenttypes.models import ContentType

from fazhi.core.models import OrgUnit
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import EventKind
from fazhi.workdays.models import Deadline, DeadlineEvent
from fazhi.workdays.rules import get_rule
from fazhi.workdays.services import apply_computation
from tests.scoping_samples import register_sample

_n = itertools.count(1)


@register_sample(Deadline)
def make_deadline(
    unit: OrgUnit,
    *,
    rule_key: str = "disclosure.reply",
    start=datetime.date(2025, 9, 30),
    responsible=None,
    record_repr: str | None = None,
) -> Deadline:
    """An open deadline on a made-up record of ``unit`` (the generic link needs no real row)."""
    rule = get_rule(rule_key)
    deadline = Deadline(
        unit=unit,
        content_type=ContentType.objects.get_for_model(OrgUnit),
        object_id=str(uuid.uuid4()),
        record_repr=record_repr or f"样本申请{next(_n)}",
        rule_key=rule.key,
        rule_label=rule.label,
        period_kind=rule.kind,
        period_count=rule.count,
        start_event=rule.start_event,
        citation=rule.citation,
        restartable=rule.restartable,
        max_extension=rule.max_extension,
        start_date=start,
        responsible=responsible,
    )
    apply_computation(deadline, load_calendar(), events=[])
    deadline.save()
    return deadline


@register_sample(DeadlineEvent)
def make_deadline_event(unit: OrgUnit) -> DeadlineEvent:
    deadline = make_deadline(unit)
    return DeadlineEvent.objects.create(
        deadline=deadline, kind=EventKind.PAUSE, on=datetime.date(2025, 10, 10), reason="征求第三方意见"
    )
