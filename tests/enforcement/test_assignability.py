"""The gate a case will use (处罚法 第42条): only officers with a usable 行政执法证, at least two."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fazhi.enforcement import services as s
from fazhi.enforcement.choices import CertificateKind, RevocationReason
from fazhi.enforcement.selectors import ensure_assignable, officers_assignable
from tests.enforcement.factories import D, issued_card, make_body, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(tree, people):
    body = make_body(tree.dept_a)
    names = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]
    o = {n: make_officer(tree.dept_a, body=body, name=n) for n in names}
    for n in ("甲", "乙", "丁", "戊", "己"):
        issued_card(people.legal, o[n], on=D(2025, 3, 3))
    issued_card(people.legal, o["庚"], on=D(2025, 3, 3), kind=CertificateKind.SUPERVISION)
    s.certificate_suspend(
        actor=people.legal,
        certificate=o["丁"].certificates.get(),
        on=D(2025, 5, 1),
        reason="违规执法",
        until=D(2025, 8, 1),
    )
    s.certificate_revoke(
        actor=people.legal,
        certificate=o["戊"].certificates.get(),
        on=D(2025, 5, 1),
        reason=RevocationReason.DISCIPLINE,
        note="严重违纪",
    )
    # 己 passed nothing wrong, but later 年审 is missed (due 2026-03-03)
    return o


def messages(fn) -> list[str]:
    with pytest.raises(ValidationError) as info:
        fn()
    return info.value.messages


def test_two_certified_officers_may_be_assigned(crew):
    ensure_assignable([crew["甲"], crew["乙"]], on=D(2025, 6, 1))


def test_officers_assignable_selects_usable_cards(tree, crew):
    on = D(2025, 6, 1)
    assert set(officers_assignable(on=on, within=tree.dept_a).values_list("name", flat=True)) == {
        "甲",
        "乙",
        "己",
    }
    assert (
        set(officers_assignable(on=D(2026, 3, 4), within=tree.dept_a).values_list("name", flat=True)) == set()
    )
    assert officers_assignable(on=on, within=tree.dept_b).count() == 0
    assert officers_assignable(on=D(2025, 3, 2), within=tree.county).count() == 0  # not yet issued


def test_each_refused_officer_is_named_with_the_reason(crew):
    found = messages(
        lambda: ensure_assignable(
            [crew["甲"], crew["丙"], crew["丁"], crew["戊"], crew["庚"]], on=D(2025, 6, 1)
        )
    )
    assert found == [
        "丙：未取得行政执法证",
        f"丁：行政执法证（{crew['丁'].certificates.get().number}）已被暂扣，暂扣期限至 2025-08-01",
        f"戊：行政执法证（{crew['戊'].certificates.get().number}）已注销",
        "庚：未取得行政执法证",  # a supervision card is not a 行政执法证
    ]


def test_expired_and_review_overdue(crew):
    number = crew["己"].certificates.get().number
    assert messages(lambda: ensure_assignable([crew["甲"], crew["己"]], on=D(2026, 3, 4)))[1] == (
        f"己：行政执法证（{number}）应于 2026-03-03 前年审而未年审"
    )
    assert messages(lambda: ensure_assignable([crew["己"], crew["乙"]], on=D(2030, 3, 3)))[0] == (
        f"己：行政执法证（{number}）已于 2030-03-02 过期"
    )


def test_fewer_than_two_is_refused_citing_article_42(crew):
    with pytest.raises(ValidationError) as info:
        ensure_assignable([crew["甲"]], on=D(2025, 6, 1))
    assert [e.code for e in info.value.error_list] == ["too_few_officers"]
    assert "第四十二条" in info.value.messages[0] and "不得少于两人" in info.value.messages[0]
    # the same officer twice is one officer
    with pytest.raises(ValidationError):
        ensure_assignable([crew["甲"], crew["甲"]], on=D(2025, 6, 1))


def test_an_officer_who_left_is_refused(crew):
    crew["乙"].status = "transferred"
    crew["乙"].save()
    assert messages(lambda: ensure_assignable([crew["甲"], crew["乙"]], on=D(2025, 6, 1))) == [
        "乙：人员状态为“调离”，不得从事行政执法"
    ]
