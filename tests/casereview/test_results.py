"""Results per unit and the common-problems report, exact on a small campaign; the metrics."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.choices import Grade
from fazhi.enforcement.casereview.models import SampledCase
from fazhi.enforcement.casereview.selectors import campaign_results, common_problems
from fazhi.enforcement.casereview.services import ItemMark, Verdict
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate

pytestmark = pytest.mark.django_db


def finish(people, world, f, **marks):
    """Score ``f``: every item 符合 except ``marks`` (item number → ItemMark kwargs), then 评定."""
    rows = []
    for item in world.items:
        kwargs = marks.get(f"i{item.number}", {"verdict": Verdict.OK})
        rows.append(ItemMark(item_id=item.pk, **kwargs))
    services.file_score(actor=people.legal, sampled=f, marks=rows)
    services.file_finish(actor=people.legal, sampled=f, on=timezone.localdate())


@pytest.fixture
def scored(tree, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    a = list(
        SampledCase.objects.filter(campaign=world.campaign, stratum__unit=tree.dept_a).order_by("position")
    )
    t = list(
        SampledCase.objects.filter(campaign=world.campaign, stratum__unit=tree.town).order_by("position")
    )
    problem = Verdict.PROBLEM
    finish(people, world, a[0], i2={"verdict": problem, "picked": [0]})  # 98
    finish(
        people, world, a[1], i2={"verdict": problem, "picked": [0]}, i3={"verdict": problem, "picked": [1]}
    )  # 63
    finish(people, world, a[2], i1={"verdict": Verdict.VETO, "custom_text": "超越职权"})  # 90, vetoed
    finish(people, world, t[0])  # 100
    finish(people, world, t[1], i3={"verdict": problem, "picked": [0]})  # 96
    finish(people, world, t[2], i2={"verdict": problem, "picked": [0, 1]})  # 93
    return a, t


def test_results_per_unit(tree, world, scored):
    a, _t = scored
    assert [f.grade for f in SampledCase.objects.filter(pk__in=[x.pk for x in a]).order_by("position")] == [
        Grade.EXCELLENT,
        Grade.PASS,
        Grade.FAIL,
    ]
    rows, total = campaign_results(world.campaign)
    by_unit = {r.unit.pk: r for r in rows}
    ra, rt = by_unit[tree.dept_a.pk], by_unit[tree.town.pk]
    assert (
        ra.candidates,
        ra.files,
        ra.reviewed,
        ra.average,
        ra.excellent,
        ra.passed,
        ra.failed,
        ra.vetoed,
    ) == (
        7,
        3,
        3,
        Decimal("83.7"),
        1,
        1,
        1,
        1,
    )
    assert ra.grade == Grade.PASS
    assert (rt.candidates, rt.reviewed, rt.average, rt.excellent, rt.grade) == (
        3,
        3,
        Decimal("96.3"),
        3,
        Grade.EXCELLENT,
    )
    assert (total.candidates, total.files, total.average, total.excellent, total.failed) == (
        10,
        6,
        Decimal("90.0"),
        4,
        1,
    )


def test_common_problems_most_frequent_first(tree, world, scored):
    problems = common_problems(world.campaign)
    assert [(p.number, p.text, p.files, p.points, p.units) for p in problems] == [
        (2, "引用条款不具体", 3, Decimal("6"), {"清河县市场监督管理局": 2, "城关镇": 1}),
        (1, "超越职权", 1, Decimal("10.0"), {"清河县市场监督管理局": 1}),
        (2, "未说明裁量理由", 1, Decimal("5"), {"城关镇": 1}),
        (3, "文书要素填写不全", 1, Decimal("35"), {"清河县市场监督管理局": 1}),
        (3, "送达回证缺失", 1, Decimal("4"), {"城关镇": 1}),
    ]
    assert problems[0].unit_list == "清河县市场监督管理局（2）、城关镇（1）"
    assert problems[0].section == "事实证据"


def test_metrics_count_files_by_the_day_they_were_finished(tree, world, scored):
    year = timezone.localdate().year
    period = Period.for_year(year)
    assert evaluate("enforcement.case_files_reviewed", tree.county, period).value == 6
    assert evaluate("enforcement.case_files_excellent", tree.county, period).value == 4
    assert evaluate("enforcement.case_files_reviewed", tree.town, period).value == 3
    # the child unit's cases count for the child and, through the tree, for the department
    assert evaluate("enforcement.case_files_reviewed", tree.dept_a, period).value == 3
    assert evaluate("enforcement.case_files_reviewed", tree.county, Period.for_year(year - 1)).value == 0


def test_report_docx(login, people, world, scored):
    import io

    from django.urls import reverse
    from docx import Document

    response = login(people.legal).get(reverse("casereview:report", args=[world.campaign.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "关于2025年度案卷评查情况的通报" in text
    assert "已评定6宗，平均90.0分；其中优秀4宗、合格1宗、不合格1宗（触及否决项1宗）" in text
    assert (
        "1. 事实证据：引用条款不具体。涉及案卷3宗，涉及单位：清河县市场监督管理局（2）、城关镇（1）。" in text
    )
