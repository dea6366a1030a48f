"""A participating department sees the county's campaign — and only its own rows of it: its stratum, its
files and scores, its results row and the problems found in its files, on the pages, in the .xlsx and in
the API; it neither scores nor draws the 情况通报. A department outside the campaign sees nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.models import ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.selectors import campaign_results, common_problems

pytestmark = pytest.mark.django_db
BASE = "/api/enforcement/reviews/campaigns/"


@pytest.fixture
def scored(people, world, tree):
    """Drawn; one 市场监管局 file and one 乡镇 file scored with a problem each, both 评定."""
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    a_file = SampledCase.objects.filter(campaign=world.campaign, stratum__unit=tree.dept_a).first()
    town_file = SampledCase.objects.filter(campaign=world.campaign, stratum__unit=tree.town).first()
    item2, item3 = world.items[1], world.items[2]
    for f, item, text in ((a_file, item2, "引用条款不具体"), (town_file, item3, "送达回证缺失")):
        marks = [
            services.ItemMark(item_id=i.pk, verdict=services.Verdict.OK)
            for i in world.items
            if i.pk != item.pk
        ]
        assert item.deductions[0]["text"] == text
        marks.append(services.ItemMark(item_id=item.pk, verdict=services.Verdict.PROBLEM, picked=[0]))
        services.file_score(actor=people.legal, sampled=f, marks=marks)
        services.file_finish(actor=people.legal, sampled=f, on=timezone.localdate())
    return a_file, town_file


def test_the_department_sees_the_campaign_with_its_own_rows_only(people, world, tree, scored):
    del scored  # drawn and scored
    assert ReviewCampaign.objects.restrict(people.clerk_a).filter(pk=world.campaign.pk).exists()
    assert not ReviewCampaign.objects.restrict(people.clerk_a, "change").filter(pk=world.campaign.pk).exists()
    assert not ReviewCampaign.objects.restrict(people.clerk_b).filter(pk=world.campaign.pk).exists()

    rows, total = campaign_results(world.campaign, people.clerk_a)
    assert [r.unit for r in rows] == [tree.dept_a]
    assert (
        total.files
        == SampledCase.objects.filter(
            campaign=world.campaign, unit__path__startswith=tree.dept_a.path
        ).count()
    )
    assert total.reviewed == 1
    problems = common_problems(world.campaign, user=people.clerk_a)
    assert [p.text for p in problems] == ["引用条款不具体"]
    # the organiser's view is whole
    everything, _ = campaign_results(world.campaign, people.legal)
    assert {r.unit for r in everything} == {tree.dept_a, tree.town}
    assert {p.text for p in common_problems(world.campaign, user=people.legal)} == {
        "引用条款不具体",
        "送达回证缺失",
    }


def test_pages_show_the_department_its_own_rows(login, people, world, tree, scored):
    a_file, town_file = scored
    client = login(people.clerk_a)
    listing = client.get(reverse("casereview:list")).content.decode()
    assert world.campaign.name in listing

    detail = client.get(reverse("casereview:detail", args=[world.campaign.pk])).content.decode()
    assert 'data-testid="participant-note"' in detail
    assert str(a_file.pk) in detail and str(town_file.pk) not in detail
    assert tree.town.name not in detail
    assert 'data-testid="draw"' not in detail
    # the rubric (the 司法局's) is named, not linked
    assert reverse("casereview:rubric-detail", args=[world.rubric.pk]) not in detail

    results = client.get(reverse("casereview:results", args=[world.campaign.pk])).content.decode()
    assert "引用条款不具体" in results and "送达回证缺失" not in results and tree.town.name not in results
    assert 'data-testid="report"' not in results
    assert client.get(reverse("casereview:report", args=[world.campaign.pk])).status_code in (403, 404)

    verify = client.get(reverse("casereview:verify", args=[world.campaign.pk])).content.decode()
    assert "一致" in verify and tree.town.name not in verify

    # the department reads its own file's scores
    assert client.get(reverse("casereview:file", args=[a_file.pk])).status_code == 200
    assert client.get(reverse("casereview:file", args=[town_file.pk])).status_code == 404


def test_the_xlsx_holds_the_departments_rows_only(login, people, world, tree, scored):
    response = login(people.clerk_a).get(reverse("casereview:export", args=[world.campaign.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    units = [row[0] for row in book["单位评查结果"].iter_rows(min_row=2, values_only=True)]
    assert units == [tree.dept_a.name, "合计"]
    file_units = {row[0] for row in book["案卷得分"].iter_rows(min_row=2, values_only=True)}
    assert file_units == {tree.dept_a.name}
    problems = [row[3] for row in book["共性问题"].iter_rows(min_row=2, values_only=True)]
    assert problems == ["引用条款不具体"]


def test_the_api_gives_the_department_its_own_rows(login, people, world, tree, scored):
    client = login(people.clerk_a)
    rows = client.get(BASE).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["id"] for r in rows] == [str(world.campaign.pk)]
    assert rows[0]["units"] == [str(tree.dept_a.pk)]
    results = client.get(f"{BASE}{world.campaign.pk}/results/").json()
    assert [u["unit_name"] for u in results["units"]] == [tree.dept_a.name]
    assert results["total"]["reviewed"] == 1
    assert [p["text"] for p in results["problems"]] == ["引用条款不具体"]
    verify = client.get(f"{BASE}{world.campaign.pk}/verify/").json()
    assert verify["consistent"] is True and len(verify["units"]) == 1
    sample = client.get(f"{BASE}{world.campaign.pk}/sample/").json()
    assert {f["id"] for f in sample} == {
        str(pk)
        for pk in SampledCase.objects.filter(
            campaign=world.campaign, unit__path__startswith=tree.dept_a.path
        ).values_list("pk", flat=True)
    }
    # outside the campaign: nothing
    other = login(people.clerk_b)
    assert other.get(f"{BASE}{world.campaign.pk}/").status_code == 404
