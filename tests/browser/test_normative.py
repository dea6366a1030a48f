"""Acceptance test of 行政规范性文件 in a real browser (issue 5): the 法治办 registers a draft through the
form and sends it to legality review; sending it to collective deliberation before the review has passed is
refused with its reason (国办发〔2018〕37号) and changes nothing; after a passing opinion (the review
assistant's flag concluded first) it goes through deliberation, is published with its number, and the
public library (``/public/normative/``, no login) finds it by a phrase of its body, marked 现行有效.

Every date is today's (the forms' default): the services refuse dates after today.
"""

from __future__ import annotations

import urllib.parse
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.browser import chromium
from tests.browser.test_reconsideration import choose, click_and_wait_for_new_page, css, fill
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]

TITLE = "清河县农贸市场管理办法"
BODY = (
    "第一条 为规范本县农贸市场管理，维护市场秩序，制定本办法。\n"
    "第二条 市场开办者应当建立健全市场管理制度，落实食品安全主体责任。\n"
    "第三条 入场经营者应当缴纳市场管理费，收费标准由县发展和改革局依照省定收费目录核定。"
)


@pytest.fixture
def government(transactional_db):
    from fazhi.core.choices import Role, UnitKind
    from tests.factories import make_unit, make_user

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    legal = make_user("fzb", county, Role.LEGAL_STAFF, full_name="李审核")
    return SimpleNamespace(county=county, legal=legal)


def step(driver, slug: str) -> None:
    """On the document's page: open the step's form."""
    click_and_wait_for_new_page(driver, css(driver, f'[data-testid=document-steps] [data-step="{slug}"]'))


def submit(driver) -> None:
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))


def succeeded(driver) -> None:
    assert driver.find_elements("css selector", ".alert-success"), css(driver, "main").text


def test_unreviewed_draft_is_refused_deliberation_then_published_and_in_the_library(page, government):
    from fazhi.normative.models import NormativeDocument

    driver = page.driver
    year = timezone.localdate().year

    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys("fzb")
    css(driver, "input[name=password]").send_keys(PASSWORD)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))

    # 登记 the draft
    driver.get(page.url("/normative/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=document-register]"))
    choose(driver, "id_unit", str(government.county.pk))
    fill(driver, "id_title", TITLE)
    choose(driver, "id_kind", "government")
    fill(driver, "id_drafting_unit_name", "清河县市场监督管理局")
    fill(driver, "id_body", BODY)
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=document-submit]"))
    succeeded(driver)
    assert "起草（未公布）" in css(driver, "[data-status]").text

    # 送合法性审核: the review assistant flags the fee clause
    step(driver, "submit-review")
    submit(driver)
    succeeded(driver)
    assert css(driver, "[data-status]").get_attribute("data-status") == "reviewing"
    assert css(driver, '[data-testid=flags] tr[data-category="fee"]')

    # 提交集体审议 before the review has passed: the page says why, and submitting is refused
    step(driver, "deliberate")
    reason = "未经合法性审核或者经审核不合法的，不得提交集体审议（国办发〔2018〕37号）。"
    assert reason in css(driver, "[data-testid=step-refusal]").text
    submit(driver)
    errors = css(driver, "[data-testid=form-errors]").text
    assert reason in errors and "本文件的合法性审核尚未作出审核意见。" in errors
    document = NormativeDocument.objects.get()
    assert (document.status, document.review_opinion) == ("reviewing", "")
    driver.get(page.url(f"/normative/{document.pk}/"))

    # the reviewer concludes on the flagged clause, then gives a passing opinion
    click_and_wait_for_new_page(driver, css(driver, '[data-testid=flags] tr[data-category="fee"] a'))
    choose(driver, "id_conclusion", "has_basis")
    fill(driver, "id_note", "省定行政事业性收费目录第12项")
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=clause-submit]"))
    succeeded(driver)
    step(driver, "review")
    choose(driver, "id_opinion", "lawful")
    submit(driver)
    succeeded(driver)
    assert css(driver, "[data-testid=review-opinion]").text.startswith("合法")

    # now it goes through: deliberation, its meeting, publication with the number
    step(driver, "deliberate")
    assert not driver.find_elements("css selector", "[data-testid=step-refusal]")
    submit(driver)
    succeeded(driver)
    step(driver, "deliberation")
    fill(driver, "id_meeting", "县政府第12次常务会议")
    submit(driver)
    succeeded(driver)
    step(driver, "publish")
    submit(driver)
    succeeded(driver)
    number = f"清河规〔{year}〕1号"
    assert css(driver, "[data-testid=document-number]").text == number
    assert css(driver, "[data-in-force]").text == "现行有效"

    # the public library, signed out: found by a phrase of its body, marked 现行有效
    driver.delete_all_cookies()
    driver.get(page.url("/public/normative/?" + urllib.parse.urlencode({"q": "食品安全主体责任"})))
    hit = css(driver, f'[data-testid=library-results] [data-document="{document.pk}"]')
    assert TITLE in hit.text
    assert css(driver, f'[data-document="{document.pk}"] [data-testid=status-badge]').text == "现行有效"
    assert number in hit.text
