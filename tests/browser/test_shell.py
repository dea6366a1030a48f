"""The UI shell in a real browser: login page and its assets, sign-in, lockout, switching role, logout."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser import chromium
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    # One worker runs them all, so one Chromium serves the whole module under pytest-xdist.
    pytest.mark.xdist_group("browser"),
    # live_server serves from another thread: the data must be committed, not inside a test transaction.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]

INVALID_LOGIN = "用户名或密码错误。连续 5 次输错，账号将被锁定 15 分钟。"


def wait(driver, condition, timeout: float = 10):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # While a page is being replaced Chromium may answer with errors about the old document.
    return WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(condition)


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def click_and_wait_for_new_page(driver, element) -> None:
    """Click something that loads a new page, and wait until that page has loaded completely."""
    driver.execute_script("window.fazhiOldPage = true;")
    element.click()
    wait(
        driver,
        lambda d: d.execute_script(
            "return window.fazhiOldPage === undefined && document.readyState === 'complete';"
        ),
    )


def submit_login(page, username: str, password: str) -> None:
    driver = page.driver
    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys(username)
    css(driver, "input[name=password]").send_keys(password)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))


def test_login_page_renders_with_its_assets(page):
    driver = page.driver
    driver.get(page.url("/login/"))

    assert driver.title == "登录 · fazhi 法治政府建设工作平台"
    assert css(driver, "h1").text == "法治政府建设工作平台"
    assert css(driver, "label[for=id_username]").text == "用户名"
    assert css(driver, "label[for=id_password]").text == "密码"
    # Every linked stylesheet is served by the site itself (no CDN) and was loaded, not just linked.
    # (htmx adds one inline <style> of its own, which has no href.)
    sheets = driver.execute_script(
        "return Array.from(document.styleSheets).filter(s => s.href).map(s => [s.href, s.cssRules.length]);"
    )
    hrefs = {href.removeprefix(page.url("")): rules for href, rules in sheets}
    assert set(hrefs) == {
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
        "/static/fazhi/fazhi.css",
    }
    assert all(rules > 0 for rules in hrefs.values()), hrefs
    assert driver.execute_script("return typeof window.htmx") == "object"
    assert driver.execute_script("return typeof window.bootstrap") == "object"
    # Bootstrap's rules apply: the sign-in button has its danger colour.
    button = css(driver, "form.fz-form button[type=submit]")
    assert button.value_of_css_property("background-color") == "rgba(220, 53, 69, 1)"


def test_login_lands_on_home_with_the_users_unit(page, org, screenshot_dir):
    driver = page.driver
    submit_login(page, "clerk_scj", PASSWORD)

    assert driver.current_url == page.url("/")
    assert css(driver, "main h1").text == "工作台"
    assert css(driver, "[data-testid=current-unit]").text == "清河县市场监督管理局"
    assert css(driver, "[data-testid=current-role]").text == "经办人"
    driver.save_screenshot(str(screenshot_dir / "home.png"))


def test_wrong_password_shows_the_chinese_error(page, org):
    driver = page.driver
    submit_login(page, "clerk_scj", "Wrong2026pass")

    assert driver.current_url == page.url("/login/")
    assert css(driver, "[data-testid=login-error]").text == INVALID_LOGIN
    org.clerk.refresh_from_db()
    assert org.clerk.failed_login_count == 1
    assert org.clerk.locked_until is None


def test_five_wrong_passwords_lock_the_account(page, org):
    driver = page.driver
    for _ in range(4):
        submit_login(page, "clerk_scj", "Wrong2026pass")
        assert css(driver, "[data-testid=login-error]").text == INVALID_LOGIN
    submit_login(page, "clerk_scj", "Wrong2026pass")
    org.clerk.refresh_from_db()
    assert org.clerk.locked_until is not None
    locked = (
        f"该账号因连续登录失败已被锁定，请于 {timezone.localtime(org.clerk.locked_until).strftime('%H:%M')} "
        "后再试，或联系系统管理员解锁。"
    )
    assert css(driver, "[data-testid=login-error]").text == locked

    submit_login(page, "clerk_scj", PASSWORD)

    assert driver.current_url == page.url("/login/")
    assert css(driver, "[data-testid=login-error]").text == locked
    assert driver.get_cookie("sessionid") is None


def test_switching_membership_changes_the_top_bar(page, org):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    driver = page.driver
    submit_login(page, "multi", PASSWORD)
    assert css(driver, "[data-testid=current-unit]").text == "清河县人民政府"
    assert css(driver, "[data-testid=current-role]").text == "法治工作人员"

    css(driver, "#membership-switcher .dropdown-toggle").click()
    menu = css(driver, "#membership-switcher .dropdown-menu")
    wait(driver, EC.visibility_of(menu))
    items = [item.text for item in menu.find_elements(By.CSS_SELECTOR, "button.dropdown-item")]
    assert items == ["清河县人民政府 · 法治工作人员", "清河县公安局 · 经办人"]
    click_and_wait_for_new_page(driver, menu.find_elements(By.CSS_SELECTOR, "button.dropdown-item")[1])

    assert css(driver, "[data-testid=current-unit]").text == "清河县公安局"
    assert css(driver, "[data-testid=current-role]").text == "经办人"
    assert css(driver, ".alert-success").text == "已切换为：清河县公安局 · 经办人"
    org.multi.refresh_from_db()
    assert org.multi.active_membership.unit == org.gaj


def test_logout_returns_to_the_login_page(page, org):
    from selenium.webdriver.common.by import By

    driver = page.driver
    submit_login(page, "clerk_scj", PASSWORD)
    assert css(driver, "[data-testid=current-unit]").text == "清河县市场监督管理局"

    click_and_wait_for_new_page(
        driver, driver.find_element(By.XPATH, "//nav//button[normalize-space()='退出']")
    )

    assert driver.current_url == page.url("/login/")
    assert css(driver, "form.fz-form")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=current-unit]") == []
    driver.get(page.url("/"))
    assert driver.current_url == page.url("/login/?next=/")
