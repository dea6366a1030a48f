"""The numbering pages in a real browser: the register with a voided number, and the live template preview."""

from __future__ import annotations

import pytest

from tests.browser import chromium
from tests.browser.conftest import browser, page, screenshot_dir  # noqa: F401 — fixtures
from tests.browser.test_shell import css, submit_login, wait
from tests.factories import PASSWORD
from tests.numbering.doc_types import CASE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


def test_register_and_live_template_preview(page, tree, people, screenshot_dir):  # noqa: F811
    from fazhi.numbering.services import number_issue, number_void

    first = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    number_void(actor=people.admin, issued=first, reason="文件未印发")
    driver = page.driver
    submit_login(page, "admin", PASSWORD)

    driver.get(page.url("/numbering/"))
    struck = css(driver, f'tr[data-number="{first.pk}"] del')
    assert struck.text == "清司复〔2025〕1号"
    assert struck.value_of_css_property("text-decoration-line") == "line-through"
    driver.save_screenshot(str(screenshot_dir / "numbering-list.png"))

    driver.get(page.url(f"/numbering/templates/new/?unit={tree.justice.pk}&doc_type={CASE}"))
    field = css(driver, "#id_template")
    field.clear()
    field.send_keys("{unit_short}行复〔{year}〕{seq:03d}号")
    wait(driver, lambda d: "行复〔" in css(d, "[data-testid=number-preview]").text)
    assert css(driver, "[data-testid=number-preview] strong").text.startswith("清司行复〔")
    field.send_keys("{bad}")
    wait(driver, lambda d: "未知的占位符“{bad}”" in css(d, "[data-testid=number-preview]").text)
    driver.save_screenshot(str(screenshot_dir / "numbering-template-preview.png"))

    driver.get(page.url(f"/numbering/templates/?unit={tree.justice.pk}"))
    assert css(driver, f'tr[data-doc-type="{CASE}"] td:nth-child(3)').text == "系统默认"
    driver.save_screenshot(str(screenshot_dir / "numbering-templates.png"))
    driver.get(page.url(f"/numbering/{first.pk}/"))
    assert css(driver, "[data-testid=void-info]").text.endswith("理由：文件未印发")
    driver.save_screenshot(str(screenshot_dir / "numbering-detail.png"))
