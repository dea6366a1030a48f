"""Acceptance test of 行政复议 in a real browser (issue 4): a clerk of the 司法局 registers an application
through the form, accepts it, records the copy sent and the respondent's answer, decides 撤销, downloads
the 行政复议决定书 (.docx, read back with python-docx) and sees the case counted on the statistics page.

Every date is today's (the form's default): the services refuse dates after today, and the statistics
page shows the current year by default.
"""

from __future__ import annotations

import io
import urllib.request
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.browser import chromium
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


def wait(driver, condition, timeout: float = 15):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(condition)


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def click_and_wait_for_new_page(driver, element) -> None:
    driver.execute_script("window.fazhiOldPage = true;")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()
    wait(
        driver,
        lambda d: d.execute_script(
            "return window.fazhiOldPage === undefined && document.readyState === 'complete';"
        ),
    )


def fill(driver, field_id: str, text: str) -> None:
    element = css(driver, f"#{field_id}")
    element.clear()
    element.send_keys(text)


def choose(driver, field_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(css(driver, f"#{field_id}")).select_by_value(value)


def take_step(page, slug: str, **texts) -> None:
    """On the case's page: click the step's button, fill its form (dates keep today's default), submit."""
    driver = page.driver
    click_and_wait_for_new_page(driver, css(driver, f'[data-testid=case-steps] [data-step="{slug}"]'))
    for field_id, text in texts.items():
        if field_id.startswith("select_"):
            choose(driver, field_id.removeprefix("select_"), text)
        else:
            fill(driver, field_id, text)
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    alerts = driver.find_elements("css selector", ".alert-success")
    assert alerts, driver.find_element("css selector", "main").text


@pytest.fixture
def bureau(transactional_db):
    from fazhi.core.choices import Role, UnitKind
    from tests.factories import make_unit, make_user

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    justice = make_unit(
        "清河县司法局", parent=county, kind=UnitKind.JUSTICE, code="qh-sfj", short_name="清司"
    )
    make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    clerk = make_user("clerk_sfj", justice, Role.CLERK, full_name="王敏")
    return SimpleNamespace(county=county, justice=justice, clerk=clerk)


def test_clerk_registers_accepts_decides_downloads_the_decision_and_sees_it_counted(page, bureau):
    import docx

    from fazhi.reconsideration.models import ReconsiderationCase

    driver = page.driver
    year = timezone.localdate().year
    number = f"清司复〔{year}〕1号"

    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys("clerk_sfj")
    css(driver, "input[name=password]").send_keys(PASSWORD)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))

    # 登记: from the list's button; unit, handler and the date of receipt are filled in already
    driver.get(page.url("/reconsideration/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=case-register]"))
    assert css(driver, "#id_unit").get_attribute("value") == str(bureau.justice.pk)
    assert css(driver, "#id_received_on").get_attribute("value") == timezone.localdate().isoformat()
    choose(driver, "id_channel", "in_person")
    choose(driver, "id_applicants-0-kind", "person")
    fill(driver, "id_applicants-0-name", "张三")
    choose(driver, "id_applicants-0-id_type", "resident_id")
    fill(driver, "id_applicants-0-id_number", "440605198001011234")
    fill(driver, "id_applicants-0-phone", "13800001234")
    fill(driver, "id_respondent_name", "清河县市场监督管理局")
    fill(driver, "id_contested_act", "清市监罚〔2025〕12号行政处罚决定")
    fill(driver, "id_act_document_number", "清市监罚〔2025〕12号")
    choose(driver, "id_category", "penalty")
    fill(driver, "id_requests", "撤销该行政处罚决定")
    fill(driver, "id_reasons", "事实不清，证据不足")
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=case-submit]"))

    assert css(driver, "[data-testid=case-number]").text == number
    assert f"已登记行政复议申请，案号 {number}。" in css(driver, "main").text
    assert css(driver, "[data-testid=id-number]").text == "440***********1234"
    assert "440605198001011234" not in driver.page_source

    take_step(page, "accept")
    assert css(driver, "[data-status]").text == "审理中"
    take_step(page, "copy-sent")
    take_step(page, "answer")
    take_step(
        page,
        "decide",
        select_id_decision_type="revoke",
        id_approver="李局长",
        id_decision_text="被申请人作出的行政处罚决定认定事实不清，决定撤销。",
    )
    assert css(driver, "[data-status]").text == "已结案"
    assert css(driver, "[data-testid=decision-type]").text == "撤销"

    # 行政复议决定书: the documents section's link, downloaded with the browser's session
    link = css(driver, '[data-testid=case-documents] [data-document="reconsideration.decision"] a')
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    href = link.get_attribute("href")
    assert href.startswith(page.url("/reconsideration/"))  # the live server's own http address
    request = urllib.request.Request(href, headers={"Cookie": cookies})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200
        content = response.read()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert number in text

    case = ReconsiderationCase.objects.get()
    assert (case.case_number, case.status, case.decision_type) == (number, "closed", "revoke")

    # 统计: the bureau's figures for this year count the case as received and revoked
    driver.get(page.url(f"/reconsideration/statistics/?unit={bureau.justice.pk}&year={year}"))
    received = css(
        driver,
        '[data-testid=statistics-headline] tr[data-key="reconsideration.received"] [data-testid=figure]',
    )
    revoked = css(
        driver,
        '[data-testid=statistics-headline] tr[data-key="reconsideration.revoked"] [data-testid=figure]',
    )
    assert received.text == "1件"
    assert revoked.text == "1件"
