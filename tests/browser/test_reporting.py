"""Acceptance test of the yearly report in a real browser (issue 7): the 法治办 drafts the report, edits a
section, submits it; the 法治办 reviews it, the leader approves it; it is frozen and published. Records
that change after freezing no longer change the report, and the public page shows the frozen text.

Figures no module computes are typed in beforehand (as the 法治办 collects them), and the sections without
a drafting block get their text through the service; the browser drafts, edits one section and runs
every step.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.browser import chromium
from tests.browser.test_reconsideration import click_and_wait_for_new_page, css, wait
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


@pytest.fixture
def county(transactional_db):
    from fazhi.core.choices import Role, UnitKind
    from tests.factories import make_unit, make_user

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    justice = make_unit(
        "清河县司法局", parent=county, kind=UnitKind.JUSTICE, code="qh-sfj", short_name="清司"
    )
    fzb = make_user("fzb", county, Role.LEGAL_STAFF, full_name="林晓雯")
    leader = make_user("leader", county, Role.LEADER, full_name="陈志远")
    return SimpleNamespace(county=county, justice=justice, fzb=fzb, leader=leader)


def add_closed_case(unit, closed_on: datetime.date):
    from fazhi.reconsideration.choices import DecisionType
    from tests.reconsideration.factories import closed_case_row

    closed_case_row(unit, decision_type=DecisionType.UPHOLD, closed_on=closed_on).save()


def log_in(page, username: str) -> None:
    driver = page.driver
    driver.delete_all_cookies()
    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys(username)
    css(driver, "input[name=password]").send_keys(PASSWORD)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))


def step(page, name: str) -> None:
    driver = page.driver
    click_and_wait_for_new_page(driver, css(driver, f"[data-testid=step-{name}]"))
    assert driver.find_elements("css selector", ".alert-success"), css(driver, "main").text


def test_draft_edit_approve_freeze_publish(page, county):
    from fazhi.reporting.models import AnnualReport
    from fazhi.reporting.services import section_save
    from tests.reporting.factories import fill_missing

    driver = page.driver
    year = timezone.localdate().year - 1
    add_closed_case(county.justice, datetime.date(year, 6, 15))
    add_closed_case(county.justice, datetime.date(year, 9, 15))
    fill_missing(county.county, year, user=county.fzb)

    # 起草: from the list's button
    log_in(page, "fzb")
    driver.get(page.url("/reports/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=report-create]"))
    from selenium.webdriver.support.ui import Select

    Select(css(driver, "#id_unit")).select_by_value(str(county.county.pk))
    year_field = css(driver, "#id_year")
    year_field.clear()
    year_field.send_keys(str(year))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=report-create-form] button[type=submit]"))
    report = AnnualReport.objects.get()
    body = css(driver, "[data-testid=report-body]").text
    assert "全年共收到行政复议申请2件" in body
    assert "本节正文尚未撰写" in css(driver, "[data-testid=todo-list]").text
    link = css(driver, "[data-testid=report-body] a.fz-figure[data-key='reconsideration.received']")
    assert "/metrics/drilldown/" in link.get_attribute("href")

    for section in report.sections.order_by("order"):
        if (
            not section.narrative
            and section.title != "其他需要报告的情况"
            and not (
                section.level == 1 and report.sections.filter(order=section.order + 10, level=2).exists()
            )
        ):
            section_save(actor=county.fzb, section=section, narrative=f"{section.title}方面的工作情况。")

    # 修改一节: the figure token stays live in the text
    driver.get(page.url(f"/reports/{report.pk}/"))
    sections = driver.find_elements("css selector", "[data-testid=section]")
    last = next(s for s in sections if "其他需要报告的情况" in s.text)
    click_and_wait_for_new_page(driver, last.find_element("css selector", "[data-testid=edit-section]"))
    css(driver, "#id_narrative").send_keys(
        "本年度共办结行政复议案件{{reconsideration.closed}}，无其他需要报告的情况。"
    )
    css(driver, "#id_note").send_keys("补写第五部分")
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=section-save]"))
    assert "本年度共办结行政复议案件2件" in css(driver, "[data-testid=report-body]").text
    assert not driver.find_elements("css selector", "[data-testid=todo-list]")
    assert "补写第五部分" in css(driver, "[data-testid=versions]").text

    step(page, "submit")
    assert css(driver, "[data-testid=report-status]").text == "法治办审核中"
    step(page, "review_pass")
    assert css(driver, "[data-testid=report-status]").text == "领导审批中"

    log_in(page, "leader")
    driver.get(page.url(f"/reports/{report.pk}/"))
    step(page, "leader_approve")
    assert css(driver, "[data-testid=report-status]").text == "已审批待定稿"

    log_in(page, "fzb")
    driver.get(page.url(f"/reports/{report.pk}/"))
    step(page, "freeze")
    assert css(driver, "[data-testid=frozen-note]").is_displayed()
    step(page, "publish")
    assert css(driver, "[data-testid=report-status]").text == "已公布"

    # a record changes after freezing: the report does not
    add_closed_case(county.justice, datetime.date(year, 11, 20))
    driver.get(page.url(f"/reports/{report.pk}/"))
    body = css(driver, "[data-testid=report-body]").text
    assert "全年共收到行政复议申请2件" in body and "本年度共办结行政复议案件2件" in body

    # the public page, without logging in, shows the frozen text
    driver.delete_all_cookies()
    driver.get(page.url(f"/public/reports/{report.pk}/"))
    wait(driver, lambda d: d.find_elements("css selector", "[data-testid=public-report]"))
    public = css(driver, "[data-testid=public-report]").text
    assert report.title in public
    assert "全年共收到行政复议申请2件" in public and "本年度共办结行政复议案件2件" in public
    assert "3件" not in public
