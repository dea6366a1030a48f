# ruff: noqa: F811 (the crew fixture is imported)
"""The public 行政处罚决定公示: published and not withdrawn decisions only, a natural person's name masked."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.choices import PenaltyKind
from fazhi.enforcement.cases.rules import masked_party
from tests.enforcement_cases.test_cases_support import D, crew, decide, register  # noqa: F401

pytestmark = pytest.mark.django_db


def _decided(people, crew, **extra):
    number = extra.pop("decision_number")
    kinds = {"penalty_kinds": extra.pop("penalty_kinds")} if "penalty_kinds" in extra else {}
    case = register(people.clerk_a, crew, **extra)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    decide(people.clerk_a, case, crew, decision_number=number, **kinds)
    return case


def test_masked_party():
    assert masked_party("张三丰", "person") == "张某"
    assert masked_party("欧阳娜娜", "person") == "欧阳某"
    assert masked_party("清河县某某餐饮有限公司", "legal_person") == "清河县某某餐饮有限公司"


def test_public_list_shows_published_and_hides_the_rest(people, crew):
    shown = _decided(
        people,
        crew,
        party_kind="person",
        party_name="张三丰",
        decision_number="清市监罚〔2025〕1号",
        penalty_kinds=[PenaltyKind.WARNING, PenaltyKind.FINE],
    )
    hidden = _decided(people, crew, decision_number="清市监罚〔2025〕2号")  # decided, not published
    withdrawn = _decided(people, crew, decision_number="清市监罚〔2025〕3号")
    for case in (shown, withdrawn):
        s.case_publish(
            actor=people.clerk_a, case=case, published_on=D(2025, 5, 22), public_summary="罚款八千元"
        )
    s.case_decision_changed(actor=people.clerk_a, case=withdrawn, on=D(2025, 9, 1), what="经行政复议被撤销")
    s.case_withdraw_publication(actor=people.clerk_a, case=withdrawn, withdrawn_on=D(2025, 9, 2), reason="")

    client = Client()
    response = client.get(reverse("enforcement_cases_public:decisions"))
    page = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "清市监罚〔2025〕1号" in page and "张某" in page and "张三丰" not in page
    assert "清市监罚〔2025〕2号" not in page and "清市监罚〔2025〕3号" not in page
    assert "440605" not in page
    # the kinds are whole items of 第九条, set apart by “；”; the amount says what it is
    assert "给予行政处罚：警告、通报批评；罚款、没收违法所得、没收非法财物（罚没金额 8000.00 元）" in page

    assert (
        "清市监罚〔2025〕1号"
        in client.get(reverse("enforcement_cases_public:decisions"), {"q": "张三"}).content.decode()
    )
    assert (
        "没有符合条件"
        in client.get(reverse("enforcement_cases_public:decisions"), {"year": "2024"}).content.decode()
    )
    filtered = client.get(
        reverse("enforcement_cases_public:decisions"), {"body": str(crew.body.pk), "year": "2025"}
    )
    assert "清市监罚〔2025〕1号" in filtered.content.decode()

    detail = client.get(reverse("enforcement_cases_public:decision", args=[shown.pk]))
    assert (
        detail.status_code == 200
        and "罚款八千元" in detail.content.decode()
        and "张某" in detail.content.decode()
    )
    assert client.get(reverse("enforcement_cases_public:decision", args=[withdrawn.pk])).status_code == 404
    assert client.get(reverse("enforcement_cases_public:decision", args=[hidden.pk])).status_code == 404
