"""The API: campaigns read, their sample, the verification and the results."""

from __future__ import annotations

import pytest

from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.models import SampledCase

pytestmark = pytest.mark.django_db

BASE = "/api/enforcement/reviews/campaigns/"


def test_campaign_api(login, tree, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    client = login(people.legal)
    rows = client.get(BASE).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["name"] for r in rows] == ["2025年度案卷评查"]
    assert rows[0]["status"] == "drawn" and len(rows[0]["seed"]) == 32
    assert sorted(rows[0]["units"]) == sorted(str(pk) for pk in (tree.dept_a.pk, tree.town.pk))

    sample = client.get(f"{BASE}{world.campaign.pk}/sample/").json()
    assert sorted(r["case"] for r in sample) == sorted(
        str(pk)
        for pk in SampledCase.objects.filter(campaign=world.campaign).values_list("case_id", flat=True)
    )
    verify = client.get(f"{BASE}{world.campaign.pk}/verify/").json()
    assert verify["consistent"] is True
    assert sorted(u["count"] for u in verify["units"]) == [3, 7]
    results = client.get(f"{BASE}{world.campaign.pk}/results/").json()
    assert results["total"]["files"] == 6 and results["total"]["reviewed"] == 0
    assert results["problems"] == []


def test_a_department_outside_the_campaign_sees_nothing_of_it(login, tree, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    client = login(
        people.clerk_b
    )  # 公安局 takes no part (the participants: tests/casereview/test_participants.py)
    rows = client.get(BASE).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows == []
    assert client.get(f"{BASE}{world.campaign.pk}/sample/").status_code == 404
