"""Public pages: the list of bodies, the roster (no ID numbers) and the verification page by token, with
the QR code that leads to it."""

from __future__ import annotations

import datetime

import pytest
import segno
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from fazhi.enforcement import services as s
from fazhi.enforcement.choices import BodyStatus, RevocationReason
from fazhi.enforcement.models import EnforcementCertificate
from fazhi.enforcement.qr import qr_code, verification_url
from tests.enforcement.factories import D, issued_card, make_body, make_officer

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def card(tree, people):
    officer = make_officer(
        tree.dept_a,
        body=make_body(tree.dept_a),
        name="王执法",
        enforcement_category="市场监管",
        region="清河县",
    )
    return issued_card(people.legal, officer, on=TODAY - datetime.timedelta(days=10))


def test_public_bodies_lists_active_bodies_only(client, tree):
    make_body(tree.dept_a, name="清河县市场监督管理局")
    make_body(tree.dept_b, name="已撤销的执法队", status=BodyStatus.CANCELLED, cancelled_on=D(2024, 1, 1))
    response = client.get("/public/enforcement/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "清河县市场监督管理局" in body and "已撤销的执法队" not in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_public_roster_shows_no_id_numbers(client, card):
    officer = card.officer
    response = client.get(reverse("enforcement_public:roster"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "王执法" in body and card.number in body and "市场监管" in body and "有效" in body
    assert officer.id_number not in body and officer.id_number[-4:] not in body
    assert str(officer.pk) not in body and str(card.pk) not in body and card.verify_token not in body
    assert 'name="robots" content="noindex, nofollow"' in body


def test_public_roster_search(client, card):
    assert "王执法" in client.get(reverse("enforcement_public:roster"), {"q": card.number}).content.decode()
    assert "王执法" not in client.get(reverse("enforcement_public:roster"), {"q": "李"}).content.decode()


def _verify(client, card):
    return client.get(reverse("enforcement_public:verify", args=[card.verify_token]))


def test_verification_page_for_each_status(client, people, card):
    response = _verify(client, card)
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    body = response.content.decode()
    assert 'data-state="valid"' in body and "王执法" in body and card.officer.body.name in body
    assert card.officer.id_number not in body

    s.certificate_suspend(actor=people.legal, certificate=card, on=TODAY, reason="违规")
    assert 'data-state="suspended"' in _verify(client, card).content.decode()
    s.certificate_restore(actor=people.legal, certificate=card, on=TODAY)
    # 年审 overdue: the review date passed
    EnforcementCertificate.objects.filter(pk=card.pk).update(review_due_on=TODAY - datetime.timedelta(days=1))
    assert "未年审" in _verify(client, card).content.decode()
    EnforcementCertificate.objects.filter(pk=card.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
    assert 'data-state="expired"' in _verify(client, card).content.decode()
    EnforcementCertificate.objects.filter(pk=card.pk).update(
        expires_on=TODAY + datetime.timedelta(days=300), review_due_on=TODAY + datetime.timedelta(days=300)
    )
    s.certificate_revoke(actor=people.legal, certificate=card, on=TODAY, reason=RevocationReason.RESIGNED)
    body = _verify(client, card).content.decode()
    assert 'data-state="revoked"' in body and "已注销" in body


def test_replaced_card_reads_void(client, people, card):
    s.certificate_replace(actor=people.legal, certificate=card, on=TODAY, reason="遗失")
    assert 'data-state="void"' in _verify(client, card).content.decode()


def test_unknown_token_and_throttling(client, card):
    with override_settings(FAZHI_PUBLIC_CHECK_MAX_FAILURES=3):
        for _ in range(3):
            assert client.get(reverse("enforcement_public:verify", args=["x" * 32])).status_code == 404
        # even the right token is refused while the window lasts
        assert _verify(client, card).status_code == 429


def test_token_is_neither_id_nor_number(card):
    assert len(card.verify_token) == 32
    assert card.verify_token not in (str(card.pk), card.number)
    assert str(card.pk) not in verification_url(card) and card.number not in verification_url(card)


@override_settings(FAZHI_PUBLIC_BASE_URL="https://fazhi.qinghe.gov.cn/")
def test_qr_encodes_the_public_url(tree, login, people, card):
    url = verification_url(card)
    assert url == f"https://fazhi.qinghe.gov.cn/public/enforcement/verify/{card.verify_token}/"
    client = login(people.legal)
    svg = client.get(reverse("enforcement:certificate-qr", args=[card.pk]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    expected = segno.make(url, error="m", boost_error=False)
    assert qr_code(url).matrix == expected.matrix
    # the SVG served is exactly that code's drawing
    import io

    out = io.BytesIO()
    expected.save(out, kind="svg", scale=4, border=2, xmldecl=False, title="行政执法证件核验")
    assert svg.content == out.getvalue()
    png = client.get(reverse("enforcement:certificate-qr", args=[card.pk]), {"format": "png"})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    # the officer's certificate page shows it
    page = client.get(reverse("enforcement:certificate-detail", args=[card.pk])).content.decode()
    assert url in page and "<svg" in page


def test_verification_through_the_scanned_url(client, card):
    path = verification_url(card)  # no base URL: the path alone
    response = client.get(path)
    assert response.status_code == 200 and "有效" in response.content.decode()
