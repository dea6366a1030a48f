"""Results, the end of the inspection, the publication deadline (20 working days, calendar engine) and
publication; each refusal changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fazhi.enforcement.inspections import rules, services
from fazhi.enforcement.inspections.choices import ResultKind, TaskStatus
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionResult, InspectionTask
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import compute
from tests.inspections.conftest import fingerprint
from tests.inspections.factories import DRAW_DAY, D

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(people, pool, task):
    services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed="s1")
    return InspectionTask.objects.get(pk=task.pk)


VISIT = D(2025, 9, 20)


def record_all(actor, task, on=VISIT):
    for row in DrawnEntity.objects.filter(task=task):
        services.result_record(actor=actor, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=on)


def test_first_result_starts_the_inspection_and_a_second_entry_corrects(people, drawn):
    row = DrawnEntity.objects.filter(task=drawn).first()
    services.result_record(
        actor=people.clerk_a, drawn=row, result=ResultKind.RECTIFY, inspected_on=D(2025, 9, 9)
    )
    assert InspectionTask.objects.get(pk=drawn.pk).status == TaskStatus.INSPECTING
    services.result_record(
        actor=people.clerk_a, drawn=row, result=ResultKind.CASE_FILED, inspected_on=D(2025, 9, 9), note="立案"
    )
    result = InspectionResult.objects.get(drawn=row)
    assert result.result == ResultKind.CASE_FILED and result.note == "立案"


def test_result_before_the_draw_is_refused(people, drawn):
    row = DrawnEntity.objects.filter(task=drawn).first()
    before = fingerprint()
    with pytest.raises(ValidationError, match="不能早于抽取日期"):
        services.result_record(
            actor=people.clerk_a, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=D(2025, 8, 1)
        )
    assert fingerprint() == before


def test_finish_refused_while_results_are_missing(people, drawn):
    row = DrawnEntity.objects.filter(task=drawn).order_by("position").first()
    services.result_record(
        actor=people.clerk_a, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=D(2025, 9, 9)
    )
    before = fingerprint()
    with pytest.raises(ValidationError, match="还有 2 户未登记检查结果"):
        services.task_finish(actor=people.clerk_a, task=drawn, on=D(2025, 9, 26))
    assert fingerprint() == before


def test_publication_deadline_runs_20_working_days_across_national_day(people, drawn):
    record_all(people.clerk_a, drawn)
    task = services.task_finish(actor=people.clerk_a, task=drawn, on=D(2025, 9, 26))
    # 2025: 9月28日(日) and 10月11日(六) are 调休上班, 10月1日–8日 放假 — 20 working days end on 10月30日
    assert task.publication_due_on == D(2025, 10, 30)
    assert (
        task.publication_due_on
        == compute(kind="working_days", count=20, start=D(2025, 9, 26), calendar=load_calendar()).due
    )
    assert rules.publication_due(D(2025, 6, 3)) == D(2025, 7, 1)  # no holiday between: four weeks
    assert task.status == TaskStatus.AWAITING_PUBLICATION and task.finished_on == D(2025, 9, 26)


def test_finish_before_the_last_visit_is_refused(people, drawn):
    record_all(people.clerk_a, drawn, on=D(2025, 9, 20))
    before = fingerprint()
    with pytest.raises(ValidationError, match="不能早于最后一户的检查日期"):
        services.task_finish(actor=people.clerk_a, task=drawn, on=D(2025, 9, 19))
    assert fingerprint() == before


def test_publish_and_its_refusals(people, drawn):
    before = fingerprint()
    with pytest.raises(ValidationError, match="不能执行“公示结果”"):
        services.task_publish(actor=people.clerk_a, task=drawn, on=D(2025, 10, 10))
    assert fingerprint() == before
    record_all(people.clerk_a, drawn)
    task = services.task_finish(actor=people.clerk_a, task=drawn, on=D(2025, 9, 26))
    before = fingerprint()
    with pytest.raises(ValidationError, match="不能早于检查结束日期"):
        services.task_publish(actor=people.clerk_a, task=task, on=D(2025, 9, 25))
    assert fingerprint() == before
    task = services.task_publish(actor=people.clerk_a, task=task, on=D(2025, 10, 15))
    assert task.status == TaskStatus.PUBLISHED and task.published_on == D(2025, 10, 15)
    # no more results once published
    row = DrawnEntity.objects.filter(task=task).first()
    before = fingerprint()
    with pytest.raises(ValidationError, match="不能登记检查结果"):
        services.result_record(
            actor=people.clerk_a, drawn=row, result=ResultKind.RECTIFY, inspected_on=D(2025, 9, 20)
        )
    assert fingerprint() == before
