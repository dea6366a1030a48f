"""The pages: create a campaign, draw, score and finish a file, verify, results and the .xlsx export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus
from fazhi.enforcement.casereview.models import ReviewCampaign, Rubric, SampledCase
from tests.casereview.conftest import fingerprint

pytestmark = pytest.mark.django_db


def test_campaign_list_shows_the_tab_and_the_campaign(login, people, world):
    response = login(people.legal).get(reverse("casereview:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2025年度案卷评查" in body
    assert reverse("casereview:list") in body  # the 案卷评查 tab of the enforcement nav
    assert "新建评查活动" in body


def test_create_campaign_through_the_page(login, tree, people, world):
    client = login(people.legal)
    assert client.get(reverse("casereview:create")).status_code == 200
    response = client.post(
        reverse("casereview:create"),
        {
            "unit": tree.county.pk,
            "name": "专项评查",
            "year": 2025,
            "rubric": world.rubric.pk,
            "period_from": "2025-01-01",
            "period_to": "2025-12-31",
            "units": [tree.dept_a.pk, tree.town.pk],
            "sample_rule": "fixed",
            "sample_size": 2,
        },
    )
    campaign = ReviewCampaign.objects.get(name="专项评查")
    assert response.status_code == 302
    assert response["Location"] == reverse("casereview:detail", args=[campaign.pk])
    assert campaign.strata.count() == 2


def test_create_refusal_is_shown_and_writes_nothing(login, tree, people, world):
    client = login(people.legal)
    client.get(reverse("casereview:create"))  # the first request of a session writes its own rows
    before = fingerprint()
    response = client.post(
        reverse("casereview:create"),
        {
            "unit": tree.county.pk,
            "name": "重叠",
            "year": 2025,
            "rubric": world.rubric.pk,
            "period_from": "2025-01-01",
            "period_to": "2025-12-31",
            "units": [tree.dept_a.pk, tree.dept_a_child.pk],
            "sample_rule": "fixed",
            "sample_size": 2,
        },
    )
    assert response.status_code == 200
    assert "参评单位不能相互包含" in response.content.decode()
    assert fingerprint() == before


def test_draw_page_previews_then_draws(login, people, world):
    client = login(people.legal)
    page = client.get(reverse("casereview:draw", args=[world.campaign.pk]))
    assert page.status_code == 200
    assert sorted((p["count"], p["take"]) for p in page.context["preview"]) == [(3, 3), (7, 3)]
    response = client.post(reverse("casereview:draw", args=[world.campaign.pk]))
    assert response.status_code == 302
    assert ReviewCampaign.objects.get(pk=world.campaign.pk).status == CampaignStatus.DRAWN
    again = client.post(reverse("casereview:draw", args=[world.campaign.pk]))
    assert again.status_code == 400
    assert "不能重抽" in again.content.decode()
    detail = client.get(reverse("casereview:detail", args=[world.campaign.pk]))
    assert detail.context["files"] and len(detail.context["files"]) == 6
    verify = client.get(reverse("casereview:verify", args=[world.campaign.pk]))
    assert verify.context["consistent"] is True
    assert "一致" in verify.content.decode()


def test_score_and_finish_a_file_through_the_pages(login, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    f = SampledCase.objects.filter(campaign=world.campaign).first()
    client = login(people.legal)
    url = reverse("casereview:file", args=[f.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_score"]
    i1, i2, i3 = (str(i.pk) for i in world.items)
    # a refusal: 有问题 without a deduction
    before = fingerprint()
    bad = client.post(url, {f"v-{i2}": "problem"})
    assert bad.status_code == 400
    assert "请选择或填写扣分情形" in bad.content.decode()
    assert fingerprint() == before
    response = client.post(
        url,
        {
            f"v-{i1}": "ok",
            f"v-{i2}": "problem",
            f"d-{i2}": ["0"],
            f"v-{i3}": "problem",
            f"ct-{i3}": "询问笔录未签名",
            f"cp-{i3}": "3",
            "finish": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("casereview:file-finish", args=[f.pk])
    finish = client.post(
        response["Location"], {"on": timezone.localdate().isoformat(), "summary": "基本规范"}
    )
    assert finish.status_code == 302
    f.refresh_from_db()
    assert (f.status, str(f.score), f.grade) == (FileStatus.FINISHED, "95.0", "excellent")


def test_a_leader_sees_the_sheet_but_cannot_score(login, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    f = SampledCase.objects.filter(campaign=world.campaign).first()
    client = login(people.leader)
    page = client.get(reverse("casereview:file", args=[f.pk]))
    assert page.status_code == 200 and not page.context["can_score"]
    before = fingerprint()
    assert client.post(reverse("casereview:file", args=[f.pk]), {}).status_code == 403
    assert fingerprint() == before


def test_results_page_and_export(login, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    client = login(people.legal)
    page = client.get(reverse("casereview:results", args=[world.campaign.pk]))
    assert page.status_code == 200
    events = AuditEvent.objects.count()
    response = client.get(reverse("casereview:export", args=[world.campaign.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["单位评查结果", "案卷得分", "共性问题"]
    rows = list(book["单位评查结果"].iter_rows(values_only=True))
    assert rows[0][0] == "单位" and rows[-1][0] == "合计" and rows[-1][2] == 6
    assert AuditEvent.objects.count() == events + 1


def test_rubric_pages(login, tree, people):
    client = login(people.legal)
    response = client.post(
        reverse("casereview:rubric-default"), {"unit": tree.justice.pk, "year": 2025, "name": ""}
    )
    rubric = Rubric.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("casereview:rubric-detail", args=[rubric.pk]))
    assert page.context["points_total"] == 100
    item = rubric.items.get(number=22)
    response = client.post(
        reverse("casereview:rubric-item-edit", args=[item.pk]),
        {
            "number": 22,
            "section": "archive",
            "text": "案卷装订规范",
            "points": "2",
            "deductions": "无卷内目录｜1",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deductions == [{"text": "无卷内目录", "points": "1"}]
    copy = client.post(
        reverse("casereview:rubric-copy", args=[rubric.pk]),
        {"unit": tree.justice.pk, "year": 2026, "name": "新版"},
    )
    assert copy.status_code == 302
    assert Rubric.objects.get(name="新版").items.count() == 22


def test_list_pages_query_counts_do_not_grow_with_rows(
    login, tree, people, world, django_assert_max_num_queries
):
    from tests.casereview.factories import make_campaign

    client = login(people.legal)
    client.get(reverse("casereview:list"))
    for _ in range(5):
        make_campaign(tree.county, rubric=world.rubric)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("casereview:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("casereview:rubrics")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/enforcement/reviews/campaigns/").status_code == 200


def test_home_panel_while_files_are_open(login, people, world):
    client = login(people.legal)
    assert 'data-testid="casereview-panel"' not in client.get("/").content.decode()  # nothing drawn yet
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    body = client.get("/").content.decode()
    assert 'data-testid="casereview-panel"' in body
    assert "待评定 6 / 6 宗" in body
    assert 'data-testid="casereview-panel"' not in login(people.clerk_a).get("/").content.decode()
