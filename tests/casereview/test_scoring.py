"""Scoring a file item by item: floors, veto items, grade lines, finishing, completing — and the refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.core.models import AuditEvent
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus, Grade
from fazhi.enforcement.casereview.models import FileScore, ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.scoring import grade_of
from fazhi.enforcement.casereview.services import ItemMark, Verdict
from tests.casereview.conftest import fingerprint

pytestmark = pytest.mark.django_db


def day(n: int):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def drawn(people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    files = list(
        SampledCase.objects.filter(campaign=world.campaign).order_by("stratum__unit__path", "position")
    )
    return files


def all_ok(world, **override):
    marks = {i.number: ItemMark(item_id=i.pk, verdict=Verdict.OK) for i in world.items}
    marks.update(override)
    return list(marks.values())


def test_grade_lines():
    lines = {"pass_line": Decimal("60"), "excellent_line": Decimal("90")}
    assert grade_of(Decimal("90"), vetoed=False, **lines) == Grade.EXCELLENT
    assert grade_of(Decimal("89.5"), vetoed=False, **lines) == Grade.PASS
    assert grade_of(Decimal("60"), vetoed=False, **lines) == Grade.PASS
    assert grade_of(Decimal("59.5"), vetoed=False, **lines) == Grade.FAIL
    assert grade_of(Decimal("100"), vetoed=True, **lines) == Grade.FAIL


def test_an_item_never_goes_below_zero(people, world, drawn):
    f = drawn[0]
    item2 = world.items[1]  # 10 points: 2 + 5 + a custom 6 = 13 → 10
    mark = ItemMark(
        item_id=item2.pk, verdict=Verdict.PROBLEM, picked=[0, 1], custom_text="笔录无页码", custom_points=6
    )
    services.file_score(actor=people.legal, sampled=f, marks=[mark])
    score = FileScore.objects.get(sampled=f, item=item2)
    assert score.deducted == Decimal("10")
    assert [d["text"] for d in score.deductions] == ["引用条款不具体", "未说明裁量理由", "笔录无页码"]
    assert score.deductions[2]["custom"] is True


def test_finish_needs_every_item_and_computes_score_and_grade(people, world, drawn):
    f = drawn[0]
    item2, item3 = world.items[1], world.items[2]
    services.file_score(
        actor=people.legal,
        sampled=f,
        marks=[ItemMark(item_id=item2.pk, verdict=Verdict.PROBLEM, picked=[0])],
    )
    assert SampledCase.objects.get(pk=f.pk).status == FileStatus.SCORING
    assert ReviewCampaign.objects.get(pk=world.campaign.pk).status == CampaignStatus.REVIEWING
    before, events = fingerprint(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.file_finish(actor=people.legal, sampled=f, on=day(1))
    assert exc.value.code == "unscored"
    assert "序号：1、3" in exc.value.messages[0]
    assert fingerprint() == before and AuditEvent.objects.count() == events

    marks = all_ok(world)
    marks[1] = ItemMark(item_id=item2.pk, verdict=Verdict.PROBLEM, picked=[0])  # -2
    marks[2] = ItemMark(item_id=item3.pk, verdict=Verdict.PROBLEM, picked=[0])  # -4
    services.file_score(actor=people.legal, sampled=f, marks=marks)
    services.file_finish(actor=people.legal, sampled=f, on=day(1), summary="基本规范")
    f.refresh_from_db()
    assert (f.status, f.score, f.grade, f.vetoed, f.reviewer) == (
        FileStatus.FINISHED,
        Decimal("94"),
        Grade.EXCELLENT,
        False,
        people.legal,
    )


def test_a_failed_veto_item_fails_the_file_whatever_the_points(people, world, drawn):
    f = drawn[0]
    marks = all_ok(world)
    marks[0] = ItemMark(
        item_id=world.items[0].pk, verdict=Verdict.VETO, custom_text="超越职权", custom_points=1
    )
    services.file_score(actor=people.legal, sampled=f, marks=marks)
    services.file_finish(actor=people.legal, sampled=f, on=day(1))
    f.refresh_from_db()
    assert (f.score, f.grade, f.vetoed) == (Decimal("90"), Grade.FAIL, True)


def test_below_the_pass_line_fails(people, world, drawn):
    f = drawn[0]
    marks = all_ok(world)
    marks[2] = ItemMark(item_id=world.items[2].pk, verdict=Verdict.PROBLEM, picked=[0, 1])  # -39
    marks[1] = ItemMark(item_id=world.items[1].pk, verdict=Verdict.PROBLEM, picked=[0])  # -2 → 59
    services.file_score(actor=people.legal, sampled=f, marks=marks)
    services.file_finish(actor=people.legal, sampled=f, on=day(1))
    f.refresh_from_db()
    assert (f.score, f.grade) == (Decimal("59"), Grade.FAIL)


@pytest.mark.parametrize(
    ("index", "mark", "code"),
    [
        (1, {"verdict": Verdict.OK, "picked": [0]}, "ok_with_deduction"),
        (1, {"verdict": Verdict.PROBLEM}, "no_deduction"),
        (1, {"verdict": Verdict.VETO}, "not_veto"),
        (1, {"verdict": Verdict.PROBLEM, "picked": [7]}, "deduction"),
        (1, {"verdict": Verdict.PROBLEM, "custom_text": "只有问题没有分"}, "custom"),
        (1, {"verdict": Verdict.PROBLEM, "custom_text": "负分", "custom_points": Decimal("-1")}, "custom"),
        (1, {"verdict": "bogus"}, "verdict"),
    ],
)
def test_invalid_verdicts_are_refused_and_nothing_changes(people, world, drawn, index, mark, code):
    f = drawn[0]
    services.file_score(
        actor=people.legal, sampled=f, marks=all_ok(world)
    )  # stored verdicts stay as they are
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        marks = all_ok(world)
        marks[index] = ItemMark(item_id=world.items[index].pk, **mark)
        services.file_score(actor=people.legal, sampled=f, marks=marks)
    assert exc.value.code == code
    assert fingerprint() == before


def test_a_finished_file_and_foreign_scorers_are_refused(tree, people, world, drawn):
    f = drawn[0]
    services.file_score(actor=people.legal, sampled=f, marks=all_ok(world))
    services.file_finish(actor=people.legal, sampled=f, on=day(1))
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.file_score(actor=people.legal, sampled=f, marks=all_ok(world))
    assert exc.value.code == "finished"
    with pytest.raises(ValidationError):
        services.file_finish(actor=people.legal, sampled=f, on=day(2))
    # the department whose case it is sees the file but does not score it; neither does a 领导
    other = next(x for x in drawn[1:] if x.unit_id == tree.dept_a.pk)
    assert SampledCase.objects.restrict(people.clerk_a, "view").filter(pk=other.pk).exists()
    for actor in (people.clerk_a, people.leader):
        with pytest.raises(PermissionDenied):
            services.file_score(actor=actor, sampled=other, marks=all_ok(world))
    assert fingerprint() == before


def test_campaign_completes_only_when_every_file_is_finished(people, world, drawn):
    for f in drawn[:-1]:
        services.file_score(actor=people.legal, sampled=f, marks=all_ok(world))
        services.file_finish(actor=people.legal, sampled=f, on=day(1))
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.campaign_complete(actor=people.legal, campaign=world.campaign, on=day(5))
    assert exc.value.code == "files_open"
    assert "还有1宗" in exc.value.messages[0]
    assert fingerprint() == before
    services.file_score(actor=people.legal, sampled=drawn[-1], marks=all_ok(world))
    services.file_finish(actor=people.legal, sampled=drawn[-1], on=day(2))
    services.campaign_complete(actor=people.legal, campaign=world.campaign, on=day(5))
    campaign = ReviewCampaign.objects.get(pk=world.campaign.pk)
    assert (campaign.status, campaign.completed_on) == (CampaignStatus.COMPLETED, day(5))
    with pytest.raises(ValidationError):
        services.file_score(actor=people.legal, sampled=drawn[0], marks=all_ok(world))


def test_unscoring_an_item_removes_its_verdict(people, world, drawn):
    f = drawn[0]
    services.file_score(actor=people.legal, sampled=f, marks=all_ok(world))
    services.file_score(
        actor=people.legal, sampled=f, marks=[ItemMark(item_id=world.items[0].pk, verdict=Verdict.UNSCORED)]
    )
    assert sorted(FileScore.objects.filter(sampled=f).values_list("item__number", flat=True)) == [2, 3]
