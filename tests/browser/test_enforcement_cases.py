"""行政执法案件 in a real browser: the 法治办 registers a case with two certified officers, marks it major,
submits it to 法制审核, records 通过, decides, publishes — and the decision appears on the public page, which
anyone can open without logging in (the party's given name masked)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.browser import chromium
from tests.browser.test_reconsideration import choose, click_and_wait_for_new_page, css, fill
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


@pytest.fixture
def bureau(transactional_db):
    from django.utils import timezone

    from fazhi.core.choices import Role, UnitKind
    from tests.enforcement.factories import issued_card, make_body, make_officer
    from tests.enforcement_cases.factories import make_item, make_standard
    from tests.factories import make_unit, make_user

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    scj = make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    legal = make_user("fzb", county, Role.LEGAL_STAFF, full_name="李强")
    body = make_body(scj)
    card_day = timezone.localdate() - datetime.timedelta(days=10)
    officers = [make_officer(scj, body=body, name=name) for name in ("王执法", "赵执法")]
    for officer in officers:
        issued_card(legal, officer, on=card_day)
    item = make_item(scj, body=body, name="对销售过期食品的处罚")
    standard = make_standard(item, fine_min=Decimal("5000"), fine_max=Decimal("10000"))
    return SimpleNamespace(body=body, officers=officers, item=item, standard=standard)


def tick(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    driver.execute_script("arguments[0].click();", element)


def take_step(driver, slug: str, *, checks=(), **texts) -> None:
    click_and_wait_for_new_page(driver, css(driver, f'[data-testid=case-steps] [data-step="{slug}"]'))
    for field_id in checks:
        tick(driver, css(driver, f"#{field_id}"))
    for field_id, text in texts.items():
        if field_id.startswith("select_"):
            choose(driver, field_id.removeprefix("select_"), text)
        else:
            fill(driver, field_id, text)
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    assert driver.find_elements("css selector", ".alert-success"), css(driver, "main").text


def test_case_from_registration_to_public_decision(page, bureau):
    driver = page.driver
    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys("fzb")
    css(driver, "input[name=password]").send_keys(PASSWORD)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))

    driver.get(page.url("/enforcement/cases/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=case-create]"))
    choose(driver, "id_body", str(bureau.body.pk))
    choose(driver, "id_item", str(bureau.item.pk))
    choose(driver, "id_source", "complaint")
    choose(driver, "id_party_kind", "person")
    fill(driver, "id_title", "销售超过保质期的食品")
    fill(driver, "id_party_name", "张三丰")
    for box in driver.find_elements("css selector", "input[name=officers]"):
        tick(driver, box)
    choose(driver, "id_lead", str(bureau.officers[0].pk))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=case-submit]"))
    assert "已立案" in css(driver, ".alert-success").text, css(driver, "main").text
    number = css(driver, "h1").text.split()[0]
    assert number.startswith("清市监罚立〔")
    officers = css(driver, "[data-testid=case-officers]").text
    assert "王执法（主办）" in officers and "赵执法（协办）" in officers

    take_step(driver, "notify")
    take_step(driver, "major", checks=["id_grounds_0"])
    take_step(driver, "submit-review")
    assert "法制审核中" in css(driver, "[data-testid=case-status]").text
    take_step(
        driver,
        "review-result",
        checks=["id_reviewer_qualified"],
        select_id_result="passed",
        id_reviewer_name="周法审",
    )
    take_step(
        driver,
        "decide",
        checks=["id_penalty_kinds_1"],
        select_id_decision_kind="penalty",
        select_id_standard=str(bureau.standard.pk),
        id_fine_amount="8000",
        id_decision_number="清市监罚〔2026〕8号",
        id_approver="局长 刘某",
    )
    assert "已决定" in css(driver, "[data-testid=case-status]").text
    take_step(driver, "publish", id_public_summary="当事人销售超过保质期的食品，依法处罚款八千元。")
    assert "已公示" in css(driver, "[data-testid=case-publication]").text

    driver.delete_all_cookies()  # the public page needs no login
    driver.get(page.url("/public/enforcement/cases/"))
    table = css(driver, "[data-testid=public-decisions]").text
    assert "清市监罚〔2026〕8号" in table and "张某" in table and "张三丰" not in table
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=public-decisions] a"))
    assert "依法处罚款八千元" in css(driver, "[data-testid=public-summary]").text
