"""Cleanup campaigns (清理): the filter, decisions with reason and reviewer, publication refused while
undecided (nothing changed), then the decisions applied and the lists published (staff, public, .xlsx)."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.normative.choices import CampaignStatus, CleanupDecision, DocumentKind, DocumentStatus
from fazhi.normative.models import CleanupCampaign, CleanupItem, NormativeDocument
from fazhi.normative.services.campaigns import (
    campaign_counts,
    campaign_create,
    campaign_lists,
    campaign_publish,
    cleanup_decide,
)
from tests.normative import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(tree):
    """Four department documents of the county, one government document, one after the cut-off, one
    repealed already and one of the other county."""
    return {
        "old_a": f.document_row(tree.dept_a, published_on=D(2018, 5, 1)),
        "old_child": f.document_row(tree.dept_a_child, published_on=D(2019, 6, 1)),
        "old_b": f.document_row(tree.dept_b, published_on=D(2019, 7, 1)),
        "old_b2": f.document_row(tree.dept_b, published_on=D(2017, 1, 9), status=DocumentStatus.FILED),
        "gov": f.document_row(tree.county, published_on=D(2018, 3, 1), kind=DocumentKind.GOVERNMENT),
        "new": f.document_row(tree.dept_a, published_on=D(2021, 3, 1)),
        "repealed": f.document_row(tree.dept_a, published_on=D(2018, 2, 1), status=DocumentStatus.REPEALED),
        "elsewhere": f.document_row(tree.other_county, published_on=D(2018, 2, 1)),
    }


def _campaign(people, tree, **kwargs):
    values = {
        "actor": people.legal,
        "unit": tree.county,
        "name": "2025年规范性文件清理",
        "started_on": D(2025, 3, 3),
        "kinds": [DocumentKind.DEPARTMENT],
        "issued_before": D(2020, 1, 1),
        **kwargs,
    }
    return campaign_create(**values)


def state(*objs) -> list[dict]:
    return [type(o).objects.filter(pk=o.pk).values().get() for o in objs]


def test_campaign_takes_the_documents_in_force_matching_the_filter(people, tree, documents):
    campaign = _campaign(people, tree)
    covered = set(campaign.items.values_list("document", flat=True))
    assert covered == {documents[k].pk for k in ("old_a", "old_child", "old_b", "old_b2")}
    assert campaign.criteria["kinds"] == [DocumentKind.DEPARTMENT]
    assert "2020-01-01以前公布" in campaign.criteria_text
    assert set(campaign.items.values_list("unit", flat=True)) == {tree.county.pk}
    # an organ's subtree only
    narrow = _campaign(people, tree, name="市场监管局清理", organ=tree.dept_a, issued_before=None, kinds=[])
    # old_a and old_child are already under the first (open) campaign: left to it
    assert set(narrow.items.values_list("document", flat=True)) == {documents["new"].pk}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " "}, "请填写清理名称"),
        ({"issued_before": D(2000, 1, 1)}, "没有符合清理范围的现行有效文件"),
        ({"issued_after": D(2020, 1, 1), "issued_before": D(2019, 1, 1)}, "起始日期应早于截止日期"),
        ({"kinds": ["bylaw"]}, "文件类别无效"),
        ({"started_on": D(2099, 1, 1)}, "不能晚于今天"),
    ],
)
def test_create_refusals_leave_nothing(people, tree, documents, kwargs, message):
    with pytest.raises(ValidationError) as info:
        _campaign(people, tree, **kwargs)
    assert message in info.value.messages[0]
    assert CleanupCampaign.objects.count() == 0 and CleanupItem.objects.count() == 0


def test_create_outside_scope_or_organ_outside_unit_is_refused(people, tree, documents):
    with pytest.raises(ScopeViolation):
        _campaign(people, tree, actor=people.clerk_a)  # a clerk of a department cannot run the county's
    with pytest.raises(ValidationError):
        _campaign(people, tree, unit=tree.dept_a, organ=tree.dept_b, actor=people.admin)
    assert CleanupCampaign.objects.count() == 0


def _decide_all(campaign, actor, decisions):
    for item in campaign.items.select_related("document"):
        decision = decisions.get(item.document_id, CleanupDecision.KEEP)
        cleanup_decide(
            actor=actor, item=item, decision=decision, reason="经审查，" + str(decision), on=D(2025, 4, 1)
        )


def test_publish_is_refused_while_an_item_is_undecided(people, tree, documents):
    campaign = _campaign(people, tree)
    first = campaign.items.order_by("document__published_on").first()
    cleanup_decide(
        actor=people.legal,
        item=first,
        decision=CleanupDecision.REPEAL,
        reason="上位法已废止",
        on=D(2025, 4, 1),
    )
    docs = [documents[k] for k in ("old_a", "old_child", "old_b", "old_b2")]
    before, events = state(campaign, *docs), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        campaign_publish(actor=people.legal, campaign=campaign, on=D(2025, 5, 1))
    assert "还有 3 件文件未作出清理结论" in info.value.messages[0]
    assert state(campaign, *docs) == before
    assert AuditEvent.objects.count() == events


def test_decision_needs_a_reason_and_an_open_campaign(people, tree, documents):
    campaign = _campaign(people, tree)
    item = campaign.items.first()
    before = state(item)
    with pytest.raises(ValidationError):
        cleanup_decide(actor=people.legal, item=item, decision=CleanupDecision.KEEP, reason="  ")
    with pytest.raises(ValidationError):
        cleanup_decide(actor=people.legal, item=item, decision="maybe", reason="x")
    with pytest.raises(ValidationError):
        cleanup_decide(
            actor=people.legal, item=item, decision=CleanupDecision.KEEP, reason="x", on=D(2025, 1, 1)
        )
    with pytest.raises(CleanupItem.DoesNotExist):
        cleanup_decide(actor=people.clerk_b, item=item, decision=CleanupDecision.KEEP, reason="x")
    assert state(item) == before


def test_publish_applies_the_decisions_and_publishes_the_lists(people, tree, documents, login, client):
    campaign = _campaign(people, tree)
    _decide_all(
        campaign,
        people.legal,
        {
            documents["old_a"].pk: CleanupDecision.REPEAL,
            documents["old_child"].pk: CleanupDecision.EXPIRE,
            documents["old_b"].pk: CleanupDecision.AMEND,
        },
    )
    item = campaign.items.get(document=documents["old_a"])
    assert (item.reviewer, item.decided_on) == (people.legal, D(2025, 4, 1))
    campaign_publish(actor=people.leader, campaign=campaign, on=D(2025, 5, 6))
    campaign.refresh_from_db()
    assert (campaign.status, campaign.published_on) == (CampaignStatus.PUBLISHED, D(2025, 5, 6))
    status = dict(NormativeDocument.objects.values_list("pk", "status"))
    assert status[documents["old_a"].pk] == DocumentStatus.REPEALED
    assert status[documents["old_child"].pk] == DocumentStatus.EXPIRED
    assert status[documents["old_b"].pk] == DocumentStatus.AMENDED
    assert status[documents["old_b2"].pk] == DocumentStatus.FILED
    repealed = NormativeDocument.objects.get(pk=documents["old_a"].pk)
    assert repealed.ended_on == D(2025, 5, 6) and "2025年规范性文件清理" in repealed.ended_reason
    assert campaign_counts(campaign) == {"keep": 1, "amend": 1, "repeal": 1, "expire": 1, "undecided": 0}
    lists = {decision: [i.document_id for i in items] for decision, _h, items in campaign_lists(campaign)}
    assert lists["repeal"] == [documents["old_a"].pk] and lists["keep"] == [documents["old_b2"].pk]

    with pytest.raises(ValidationError):  # published once
        campaign_publish(actor=people.leader, campaign=campaign, on=D(2025, 5, 7))
    with pytest.raises(ValidationError):
        cleanup_decide(actor=people.legal, item=item, decision=CleanupDecision.KEEP, reason="x")

    # public pages, no login
    page = client.get(reverse("normative_public:cleanup-detail", args=[campaign.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert documents["old_a"].title in body and "废止的规范性文件目录（1 件）" in body
    export = client.get(reverse("normative_public:cleanup-export", args=[campaign.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == [
        "继续有效的规范性文件目录",
        "修改的规范性文件目录",
        "废止的规范性文件目录",
        "宣布失效的规范性文件目录",
    ]
    assert workbook["废止的规范性文件目录"]["B2"].value == documents["old_a"].title
    assert client.get(reverse("normative_public:cleanup-list")).status_code == 200


def test_unpublished_campaign_is_not_public(people, tree, documents, client):
    campaign = _campaign(people, tree)
    assert client.get(reverse("normative_public:cleanup-detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("normative_public:cleanup-export", args=[campaign.pk])).status_code == 404


def test_publish_refused_when_a_document_left_force_meanwhile(people, tree, documents):
    campaign = _campaign(people, tree)
    _decide_all(campaign, people.legal, {})
    NormativeDocument.objects.filter(pk=documents["old_a"].pk).update(status=DocumentStatus.REPEALED)
    before = state(campaign)
    with pytest.raises(ValidationError) as info:
        campaign_publish(actor=people.legal, campaign=campaign, on=D(2025, 5, 6))
    assert "已是“已废止”" in info.value.messages[0]
    assert state(campaign) == before
    assert NormativeDocument.objects.get(pk=documents["old_b"].pk).status == DocumentStatus.PUBLISHED


def test_staff_pages(people, tree, documents, login):
    client = login(people.legal)
    response = client.post(
        reverse("normative:campaign-create"),
        {
            "name": "部门文件清理",
            "unit": tree.county.pk,
            "kinds": [DocumentKind.DEPARTMENT],
            "issued_before": "2020-01-01",
            "started_on": "2025-03-03",
        },
    )
    campaign = CleanupCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "normative:campaign-detail", args=[campaign.pk]
    )
    item = campaign.items.first()
    response = client.post(
        reverse("normative:cleanup-decide", args=[item.pk]),
        {"decision": CleanupDecision.REPEAL, "reason": "上位法已废止", "decided_on": "2025-04-01"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == CleanupDecision.REPEAL
    # publishing with undecided items: the page says why, nothing changes
    response = client.post(
        reverse("normative:campaign-publish", args=[campaign.pk]), {"published_on": "2025-05-06"}
    )
    assert response.status_code == 200 and "未作出清理结论" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    detail = client.get(reverse("normative:campaign-detail", args=[campaign.pk]))
    assert detail.status_code == 200 and "未作结论 3 件" in detail.content.decode()
    export = client.get(reverse("normative:campaign-export", args=[campaign.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("normative:campaign-list")).status_code == 200
