"""Fixtures for the browser tests: one headless Chromium per module and a small organisation.

The tests run against pytest-django's ``live_server``, so they use a transactional database; the
organisation is built afresh for every test.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.browser import chromium

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    reason = chromium.skip_reason()
    if reason:
        pytest.skip(reason)
    with chromium.new_profile_dir() as profile:
        driver = chromium.start_chromium(Path(profile))
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def page(browser, live_server):
    """The browser with no cookies left from an earlier test, and helpers bound to the live server."""
    browser.delete_all_cookies()
    return SimpleNamespace(driver=browser, url=lambda path="/": live_server.url + path)


@pytest.fixture
def org(transactional_db):
    """清河县人民政府 with two departments; a clerk of one, and a user holding two memberships."""
    from fazhi.core.choices import Role, UnitKind
    from tests.factories import make_unit, make_user

    county = make_unit("清河县人民政府", kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    scj = make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    gaj = make_unit("清河县公安局", parent=county, code="qh-gaj", short_name="清公")
    clerk = make_user("clerk_scj", scj, Role.CLERK, full_name="张敏")
    multi = make_user("multi", county, Role.LEGAL_STAFF, full_name="李强")
    from fazhi.core.models import Membership

    Membership.objects.create(user=multi, unit=gaj, role=Role.CLERK)
    return SimpleNamespace(county=county, scj=scj, gaj=gaj, clerk=clerk, multi=multi)


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
