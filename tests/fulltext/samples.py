"""Scoping sample for the generated suite: one index entry in the given unit."""

from __future__ import annotations

import uuid

from fazhi.fulltext import services
from fazhi.fulltext.models import IndexEntry
from tests.scoping_samples import register_sample


@register_sample(IndexEntry)
def make_entry(unit) -> IndexEntry:
    return services.index(
        kind="sample.record",
        obj_id=uuid.uuid4(),
        unit=unit,
        title="样本行政规范性文件",
        body="样本正文：行政规范性文件应当经过合法性审核。",
    )
