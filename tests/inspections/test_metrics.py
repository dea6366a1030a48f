"""enforcement.random_inspection_tasks / _entities / cross_dept_tasks and the cross_dept_share rate."""

from __future__ import annotations

import pytest

from fazhi.enforcement.inspections import services
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from tests.inspections.factories import D, make_entity, make_inspector, make_task

pytestmark = pytest.mark.django_db


def value(key, unit, year):
    return evaluate(key, unit, Period.for_year(year)).value


def test_inspection_metrics(people, tree):
    for _ in range(4):
        make_entity(tree.dept_a)
        make_entity(tree.dept_b)
    for name in "甲乙":
        make_inspector(tree.dept_a, name=name)
        make_inspector(tree.dept_b, name=name + "公")
    own = [make_task(tree.dept_a, sample_size=2) for _ in range(3)]
    joint = make_task(tree.dept_a, participants=[tree.dept_b], sample_size=3)
    make_task(tree.dept_a)  # never drawn
    for task in [*own, joint]:
        services.task_draw(actor=people.admin, task=task, on=D(2025, 9, 1))
    last_year = make_task(tree.dept_b, sample_size=1)
    services.task_draw(actor=people.admin, task=last_year, on=D(2024, 12, 30))

    assert value("enforcement.random_inspection_tasks", tree.county, 2025) == 4
    assert (
        value("enforcement.random_inspection_tasks", tree.dept_b, 2025) == 0
    )  # the joint task counts for its lead
    assert value("enforcement.random_inspection_tasks", tree.county, 2024) == 1
    assert value("enforcement.cross_dept_tasks", tree.county, 2025) == 1
    assert value("enforcement.random_inspection_entities", tree.county, 2025) == 9
    assert value("enforcement.cross_dept_share", tree.county, 2025) == 25
