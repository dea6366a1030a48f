"""Rubrics: the shipped standard, copies, items and their deductions; a rubric in use is fixed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.enforcement.casereview import default_rubric, services
from fazhi.enforcement.casereview.forms import parse_deductions
from fazhi.enforcement.casereview.models import Rubric
from tests.casereview.conftest import fingerprint

pytestmark = pytest.mark.django_db


def test_the_shipped_standard_is_worth_100_points_with_three_veto_items(tree, people):
    rubric = services.rubric_install_default(actor=people.legal, unit=tree.justice, year=2025)
    items = list(rubric.items.order_by("number"))
    assert len(items) == len(default_rubric.ITEMS) == 22
    assert sum(i.points for i in items) == Decimal("100")
    assert [i.number for i in items if i.veto] == [1, 2, 3]
    assert (rubric.pass_line, rubric.excellent_line) == (Decimal("60"), Decimal("90"))
    for item in items:
        for d in item.deductions:
            assert Decimal("0") < Decimal(d["points"]) <= item.points


def test_copy_keeps_items_and_points_back(tree, people):
    original = services.rubric_install_default(actor=people.legal, unit=tree.justice, year=2025)
    copy = services.rubric_copy(
        actor=people.legal, rubric=original, unit=tree.county, name="2026版", year=2026
    )
    assert copy.based_on == original
    assert list(copy.items.order_by("number").values_list("text", "points", "veto", "deductions")) == list(
        original.items.order_by("number").values_list("text", "points", "veto", "deductions")
    )


def test_item_deductions_are_checked(tree, people, world):
    before = fingerprint()
    for deductions, code in (
        ([{"text": "", "points": "1"}], "deduction_text"),
        ([{"text": "过多", "points": "11"}], "deduction_points"),
        ([{"text": "负数", "points": "-1"}], "deduction_points"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.rubric_item_save(
                actor=people.legal,
                rubric=world.rubric,
                number=9,
                section="law",
                text="新项目",
                points=Decimal("10"),
                deductions=deductions,
            )
        assert exc.value.code == code
    with pytest.raises(ValidationError) as exc:
        services.rubric_item_save(
            actor=people.legal,
            rubric=world.rubric,
            number=1,
            section="law",
            text="重号",
            points=5,
            deductions=[],
        )
    assert exc.value.code == "number_taken"
    with pytest.raises(PermissionDenied):
        services.rubric_item_save(
            actor=people.clerk_a,
            rubric=world.rubric,
            number=9,
            section="law",
            text="x",
            points=5,
            deductions=[],
        )
    assert fingerprint() == before


def test_a_rubric_used_by_a_drawn_campaign_is_fixed(people, world):
    services.rubric_item_save(
        actor=people.legal,
        rubric=world.rubric,
        number=4,
        section="law",
        text="草拟时可加",
        points=5,
        deductions=[],
    )
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.rubric_item_save(
            actor=people.legal,
            rubric=world.rubric,
            item=world.items[0],
            number=1,
            section="subject",
            text="改了",
            points=5,
            deductions=[],
        )
    assert exc.value.code == "in_use"
    assert fingerprint() == before


def test_rubric_lines_are_checked(tree, people):
    with pytest.raises(ValidationError):
        services.rubric_create(
            actor=people.legal,
            unit=tree.justice,
            name="x",
            year=2025,
            pass_line=Decimal("90"),
            excellent_line=Decimal("60"),
        )
    assert not Rubric.objects.exists()


def test_parse_deductions():
    assert parse_deductions("未附证件号｜2\n\n 材料排序混乱|1 ") == [
        {"text": "未附证件号", "points": "2"},
        {"text": "材料排序混乱", "points": "1"},
    ]
    with pytest.raises(Exception, match="第1行"):
        parse_deductions("没有分数")


def test_item_delete_while_not_in_use(login, people, world):
    from django.urls import reverse

    from fazhi.enforcement.casereview.models import RubricItem

    client = login(people.legal)
    extra = services.rubric_item_save(
        actor=people.legal, rubric=world.rubric, number=4, section="law", text="多余", points=5, deductions=[]
    )
    assert client.get(reverse("casereview:rubric-item-delete", args=[extra.pk])).status_code == 200
    assert client.post(reverse("casereview:rubric-item-delete", args=[extra.pk])).status_code == 302
    assert not RubricItem.objects.filter(pk=extra.pk).exists()
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    before = fingerprint()
    response = client.post(reverse("casereview:rubric-item-delete", args=[world.items[0].pk]))
    assert response.status_code == 400
    assert "请复制一份后修改" in response.content.decode()
    assert fingerprint() == before
    with pytest.raises(PermissionDenied):
        services.rubric_item_delete(actor=people.clerk_a, item=world.items[0])
