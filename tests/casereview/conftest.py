"""Shared fixtures of the 案卷评查 tests: closed cases in two departments and a draft campaign at the county."""

from __future__ import annotations

import datetime
import hashlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps

from fazhi.enforcement.casereview import services
from fazhi.enforcement.cases.choices import CaseStatus
from tests.casereview.factories import make_closed_cases, make_rubric, make_rubric_item
from tests.enforcement_cases.factories import make_case, make_item

D = datetime.date


def fingerprint() -> str:
    """Every row of every fazhi table: equal before and after means a refusal changed nothing."""
    digest = hashlib.sha256()
    for model in sorted(
        (m for m in apps.get_models() if m.__module__.startswith("fazhi.")), key=lambda m: m._meta.label
    ):
        rows = list(model._base_manager.order_by("pk").values())
        digest.update(model._meta.label.encode())
        digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


@pytest.fixture
def world(tree, people):
    """dept_a: 5 closed in 2025 + 2 in its child + 1 closed in 2024 + 1 still open; town: 3 closed in 2025."""
    item_a = make_item(tree.dept_a)
    in_a = make_closed_cases(tree.dept_a, 5, item=item_a)
    in_child = make_closed_cases(tree.dept_a_child, 2, closed_on=D(2025, 1, 1))
    outside = make_closed_cases(tree.dept_a, 1, closed_on=D(2024, 12, 31), item=item_a)
    open_case = make_case(tree.dept_a, item_a, status=CaseStatus.DECIDED)
    in_town = make_closed_cases(tree.town, 3, closed_on=D(2025, 12, 31))
    rubric = make_rubric(tree.justice)
    make_rubric_item(rubric, number=1, points="10", veto=True, deductions=[])
    make_rubric_item(
        rubric,
        number=2,
        points="10",
        deductions=[{"text": "引用条款不具体", "points": "2"}, {"text": "未说明裁量理由", "points": "5"}],
    )
    make_rubric_item(
        rubric,
        number=3,
        points="80",
        deductions=[{"text": "送达回证缺失", "points": "4"}, {"text": "文书要素填写不全", "points": "35"}],
    )
    campaign = services.campaign_create(
        actor=people.legal,
        unit=tree.county,
        data=services.CampaignData(
            name="2025年度案卷评查",
            year=2025,
            rubric=rubric,
            period_from=D(2025, 1, 1),
            period_to=D(2025, 12, 31),
            units=[tree.dept_a, tree.town],
            sample_size=3,
        ),
    )
    return SimpleNamespace(
        campaign=campaign,
        rubric=rubric,
        items=list(rubric.items.order_by("number")),
        in_a=in_a,
        in_child=in_child,
        outside=outside,
        open_case=open_case,
        in_town=in_town,
    )
