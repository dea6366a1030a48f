"""The calendar and deadline pages in a real browser: enter a 2027 holiday, see a flagged deadline move."""

from __future__ import annotations

import datetime

import pytest

from tests.browser import chromium
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 — fixtures
from tests.browser.test_shell import click_and_wait_for_new_page, css, submit_login
from tests.factories import PASSWORD
from tests.workdays.samples import make_deadline

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


def test_entering_a_holiday_moves_a_flagged_deadline(page, tree, people, screenshot_dir):  # noqa: F811
    deadline = make_deadline(
        tree.dept_a, start=datetime.date(2026, 12, 15), record_repr="张某政府信息公开申请"
    )
    driver = page.driver
    submit_login(page, "root_admin", PASSWORD)

    driver.get(page.url(f"/calendar/deadlines/{deadline.pk}/"))
    assert css(driver, "[data-testid=explanation]").text == (
        "自2026-12-15起20个工作日，2027-01-12届满（《政府信息公开条例》第三十三条）（节假日数据缺失，按周一至周五估算）"
    )
    driver.save_screenshot(str(screenshot_dir / "workdays-deadline-flagged.png"))

    driver.get(page.url("/calendar/?year=2027"))
    assert css(driver, "[data-testid=year-status]").text == "节假日数据缺失"
    # A date input takes typed digits in the locale's order; setting the value is locale-independent.
    driver.execute_script("document.getElementById('id_date').value = '2027-01-01';")
    css(driver, "#id_name").send_keys("元旦")
    button = css(driver, "form[action='/calendar/days/add/'] button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    click_and_wait_for_new_page(driver, button)
    assert "已登记 2027-01-01 放假 元旦。已重新计算受影响的期限 1 项。" in css(driver, ".alert-success").text
    assert css(driver, "tr[data-date='2027-01-01'] td:nth-child(4)").text == "元旦"
    button = css(driver, "[data-testid=year-complete]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    click_and_wait_for_new_page(driver, button)
    assert css(driver, "[data-testid=year-status]").text == "人工录入，已确认完整"
    driver.save_screenshot(str(screenshot_dir / "workdays-holidays-2027.png"))

    driver.get(page.url(f"/calendar/deadlines/{deadline.pk}/"))
    assert css(driver, "[data-testid=explanation]").text == (
        "自2026-12-15起20个工作日，2027-01-13届满（《政府信息公开条例》第三十三条）"
    )
    driver.save_screenshot(str(screenshot_dir / "workdays-deadline-exact.png"))
