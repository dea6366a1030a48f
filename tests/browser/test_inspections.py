"""双随机一公开 in a real browser: a 市场监管局 clerk draws a task (the seed shown, the draw verified as 一致),
records each entity's result, ends the inspection and publishes; the results appear on the public page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser import chromium
from tests.browser.test_reconsideration import click_and_wait_for_new_page, css
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium.skip_reason() is not None, reason=f"浏览器测试：{chromium.skip_reason()}"),
]


@pytest.fixture
def bureau(transactional_db):
    import datetime

    from fazhi.core.choices import Role, UnitKind
    from tests.factories import make_unit, make_user
    from tests.inspections.factories import make_entity, make_inspector, make_task

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    scj = make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    make_user("clerk_scj", scj, Role.CLERK, full_name="赵经办")
    entities = [make_entity(scj, name=f"清河县浏览器{i}号食品商行") for i in range(1, 6)]
    for name in ("张检查", "李检查", "王检查"):
        make_inspector(scj, name=name)
    today = datetime.date.today()
    task = make_task(scj, name="浏览器抽查任务", planned_start=today, planned_end=today, sample_size=2)
    return SimpleNamespace(task=task, entities=entities)


def test_draw_verify_record_publish(page, bureau):
    from fazhi.enforcement.inspections.models import DrawnEntity

    driver = page.driver
    driver.get(page.url("/login/"))
    css(driver, "input[name=username]").send_keys("clerk_scj")
    css(driver, "input[name=password]").send_keys(PASSWORD)
    click_and_wait_for_new_page(driver, css(driver, "form.fz-form button[type=submit]"))

    driver.get(page.url(f"/enforcement/inspections/{bureau.task.pk}/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=draw]"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    seed = css(driver, "[data-testid=seed]").text
    assert len(seed) == 32
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=verify]"))
    assert (
        "一致" in css(driver, "[data-testid=verdict]").text
        and "不一致" not in css(driver, "[data-testid=verdict]").text
    )

    for row in DrawnEntity.objects.filter(task=bureau.task):
        driver.get(page.url(f"/enforcement/inspections/drawn/{row.pk}/result/"))
        click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    driver.get(page.url(f"/enforcement/inspections/{bureau.task.pk}/"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=finish]"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=publish]"))
    click_and_wait_for_new_page(driver, css(driver, "[data-testid=step-submit]"))
    assert "已公示" in css(driver, "[data-testid=task-facts]").text

    driver.delete_all_cookies()
    driver.get(page.url("/public/enforcement/inspections/"))
    text = css(driver, "[data-testid=public-task]").text
    assert "浏览器抽查任务" in text and seed in text and "未发现问题" in text
    drawn = DrawnEntity.objects.filter(task=bureau.task).first()
    assert drawn.credit_code in text and drawn.entity_name in text
