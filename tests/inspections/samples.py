"""Samples of the 双随机一公开 models for the generated scoping suite."""

from __future__ import annotations

from fazhi.enforcement.inspections.choices import ConflictReason, ResultKind
from fazhi.enforcement.inspections.models import (
    Conflict,
    DrawnEntity,
    InspectedEntity,
    InspectionResult,
    InspectionTask,
    Inspector,
)
from tests.inspections.factories import D, make_entity, make_inspector, make_task
from tests.scoping_samples import register_sample


@register_sample(InspectedEntity)
def sample_entity(unit) -> InspectedEntity:
    return make_entity(unit)


@register_sample(Inspector)
def sample_inspector(unit) -> Inspector:
    return make_inspector(unit, name="样本检查员")


@register_sample(Conflict)
def sample_conflict(unit) -> Conflict:
    return Conflict.objects.create(
        unit=unit,
        inspector=sample_inspector(unit),
        entity=sample_entity(unit),
        reason=ConflictReason.RELATIVE,
    )


@register_sample(InspectionTask)
def sample_task(unit) -> InspectionTask:
    return make_task(unit)


@register_sample(DrawnEntity)
def sample_drawn(unit) -> DrawnEntity:
    entity = sample_entity(unit)
    a, b = sample_inspector(unit), sample_inspector(unit)
    return DrawnEntity.objects.create(
        unit=unit,
        task=sample_task(unit),
        entity=entity,
        position=1,
        entity_name=entity.name,
        credit_code=entity.credit_code,
        inspector_1=a.officer,
        inspector_2=b.officer,
    )


@register_sample(InspectionResult)
def sample_result(unit) -> InspectionResult:
    return InspectionResult.objects.create(
        unit=unit, drawn=sample_drawn(unit), result=ResultKind.NO_PROBLEM, inspected_on=D(2025, 9, 10)
    )
