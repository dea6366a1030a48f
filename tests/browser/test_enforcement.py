"""行政执法证件 in a real browser: the 法治办 applies for an officer's card, approves it, records the exam,
issues it, then anyone scanning the card's QR code (its URL) sees 有效 — and 暂扣 after a suspension."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser import chromium
from tests.browser.test_reconsideration import click_and_wait_for_new_page, css, fill
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


@pytest.fixture
def office(transactional_db):
    from fazhi.core.choices import Role, UnitKind
    from tests.enforcement.factories import make_body, make_officer
    from tests.factories import make_unit, make_user

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    scj = make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    legal = make_user("fzb", county, Role.LEGAL_STAFF, full_name="李强")
    officer = make_officer(scj, body=make_body(scj), name="王执法", enforcement_category="市场监管")
    return SimpleNamespace(county=county, legal=legal, officer=officer)


def step(driver, slug: str, **texts) -> None:
    click_and_wait_for_new_page(driver, css(driver, f'[data-testid=certificate-steps] [data-step="{slug}"]'))
    for field_id, text in texts.items():
        fill(driver, field_id, text)
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    assert driver.find_elements("css selector", ".alert-success"), css(driver, "main").text


def test_card_from_application_to_verification(page, office):
    driver = page.driver
    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys("fzb")
    css(driver, "input[name=password]").send_keys(PASSWORD)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))

    driver.get(page.url(f"/enforcement/officers/{office.officer.pk}/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=officer-apply]"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    step(driver, "approve")
    step(driver, "exam", id_score="88")
    step(driver, "issue")
    assert "有效" in css(driver, "h1").text
    assert css(driver, "[data-testid=certificate-qr] svg")
    verify_url = css(driver, "[data-testid=verify-url]").text
    assert verify_url.startswith(page.url("/public/enforcement/verify/"))

    step(driver, "suspend", id_reason="执法过程中未出示执法证件")
    driver.delete_all_cookies()  # a citizen scanning the card
    driver.get(verify_url)
    assert css(driver, "[data-testid=verify-state]").text == "暂扣"
    assert "王执法" in css(driver, "[data-testid=verify-result]").text
