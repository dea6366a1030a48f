"""The public status check: no login, status and dates only, one answer for every failure, throttled."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fazhi.reconsideration.choices import DecisionType
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.services import case_accept, case_deadline, case_decide, case_refuse, case_suspend
from fazhi.reconsideration.views.public import (
    PublicStatusCheckView,
    find_case,
    normalise_code,
    number_spellings,
)
from tests.reconsideration.factories import register

D = datetime.date
pytestmark = pytest.mark.django_db
URL = "/public/reconsideration/"
DECISION_TEXT = "经查，被申请人作出处罚决定前未告知申请人陈述申辩权利，违反法定程序。"
PERSONAL = (
    "张三",
    "440605198001011234",
    "13800001234",
    "和平路",
    "清河县市场监督管理局",
    "清市监罚",
    "撤销该行政处罚",
)


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def accepted(people, tree):
    case = register(people.legal, tree.justice).case
    return case_accept(actor=people.legal, case=case, on=D(2025, 3, 5))


def check(client, case_number, code, ip="203.0.113.7"):
    return client.post(URL, {"case_number": case_number, "code": code}, REMOTE_ADDR=ip)


def without_inputs(response) -> str:
    """The page without the CSRF token and the echoed input values."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'value="[^"]*"', 'value=""', html)


def test_route_name_and_no_login_needed(client):
    assert reverse("reconsideration_public:check") == URL
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "行政复议案件办理进度查询" in html and 'name="case_number"' in html and 'name="code"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'data-testid="public-check-result"' not in html


def test_signed_in_users_see_the_same_page(login, people):
    html = login(people.clerk_a).get(URL).content.decode()
    assert 'name="case_number"' in html and "noindex" in html


def test_view_is_declared_scope_exempt_with_a_reason():
    assert "公开查询" in PublicStatusCheckView.fazhi_scope_exempt


def test_right_code_shows_status_and_dates_and_nothing_personal(client, accepted):
    due = case_deadline(accepted, "reconsideration.decision").due_date
    response = check(client, accepted.case_number, accepted.verification_code)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="public-check-result"' in html
    assert "已受理，正在审理" in html
    assert "清河县人民政府" in html  # the organ, not the respondent
    assert "2025年3月3日" in html and "2025年3月5日" in html
    assert f"{due.year}年{due.month}月{due.day}日" in html and "法定审理期限届满日" in html
    for secret in PERSONAL:
        assert secret not in html, secret
    assert accepted.verification_code not in html


def test_closed_case_shows_its_closing_date_but_not_the_decision(client, people, accepted):
    case = case_decide(
        actor=people.legal,
        case=accepted,
        decision_type=DecisionType.REVOKE,
        decided_on=D(2025, 4, 2),
        approver="县长",
        decision_text=DECISION_TEXT,
    )
    html = check(client, case.case_number, case.verification_code).content.decode()
    assert "已办结（已作出行政复议决定）" in html
    assert "结案日期" in html and "2025年4月2日" in html
    assert "法定审理期限届满日" not in html
    for secret in (*PERSONAL, DECISION_TEXT, "撤销", "县长"):
        assert secret not in html, secret


def test_suspended_and_refused_cases_in_plain_words(client, people, tree, accepted):
    suspended = case_suspend(actor=people.legal, case=accepted, on=D(2025, 3, 20), ground="force_majeure")
    html = check(client, suspended.case_number, suspended.verification_code).content.decode()
    assert "已受理，审理中止" in html and "审理期限暂停计算" in html
    refused = register(people.legal, tree.county).case
    refused = case_refuse(actor=people.legal, case=refused, on=D(2025, 3, 6), reason="超过申请期限")
    html = check(client, refused.case_number, refused.verification_code).content.decode()
    assert "已决定不予受理" in html and "不予受理决定日期" in html and "2025年3月6日" in html
    assert "超过申请期限" not in html


def test_input_is_tolerant_of_case_width_brackets_and_spaces(client, accepted):
    number = accepted.case_number  # 清司复〔2025〕1号
    assert number == "清司复〔2025〕1号"
    code = accepted.verification_code
    spaced_lower = " ".join(code.lower()[:4]) + "　" + code.lower()[4:]  # spaces, an ideographic space
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in code)  # ＡＢＣ１２…
    for typed_number, typed_code in (
        ("清司复［２０２５］１号", spaced_lower),
        (" 清司复(2025)1 号 ", fullwidth),
        ("清司复【2025】1", code),
        ("清司复〔2025〕1号", code.lower()),
    ):
        html = check(client, typed_number, typed_code).content.decode()
        assert "已受理，正在审理" in html, (typed_number, typed_code)


def test_normalisers():
    assert normalise_code(" ab c２ ") == "ABC2"
    assert "清河复〔2025〕3号" in number_spellings("清河复（２０２５）３")


def test_only_the_exact_number_is_read(accepted):
    code = accepted.verification_code
    assert find_case(accepted.case_number, code) == accepted
    for partial in ("清司复", "清司复〔2025〕", "%", "清司复〔2025〕1号%", "清司复〔2025〕11号"):
        assert find_case(partial, code) is None


def test_wrong_code_and_unknown_number_give_the_same_answer(client, accepted):
    wrong = check(client, accepted.case_number, "ZZZZ2222")
    unknown = check(client, "清司复〔2025〕999号", accepted.verification_code)
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "案号或查询验证码不正确" in html
        assert 'data-testid="public-check-result"' not in html
    assert without_inputs(wrong) == without_inputs(unknown)


def test_a_case_without_number_or_code_never_matches(client, people, tree, accepted):
    ReconsiderationCase.objects.filter(pk=accepted.pk).update(verification_code="")
    assert check(client, accepted.case_number, " ").status_code == 400  # a blank code is no code
    response = check(client, accepted.case_number, "-")
    assert "案号或查询验证码不正确" in response.content.decode()
    blank = client.post(URL, {"case_number": "", "code": ""}, REMOTE_ADDR="203.0.113.7")
    assert blank.status_code == 400 and 'data-testid="public-check-result"' not in blank.content.decode()


def test_failures_are_throttled_per_client_address(client, accepted, settings):
    settings.FAZHI_PUBLIC_CHECK_MAX_FAILURES = 3
    for _ in range(3):
        assert check(client, accepted.case_number, "WRONG234").status_code == 200
    blocked = check(client, accepted.case_number, accepted.verification_code)  # even the right code
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "尝试次数过多，请稍后再试" in html and 'data-testid="public-check-result"' not in html
    other = check(Client(), accepted.case_number, accepted.verification_code, ip="198.51.100.20")
    assert other.status_code == 200 and "已受理，正在审理" in other.content.decode()
    cache.clear()  # the window has passed
    assert check(client, accepted.case_number, accepted.verification_code).status_code == 200


def test_successful_checks_are_not_counted(client, accepted, settings):
    settings.FAZHI_PUBLIC_CHECK_MAX_FAILURES = 2
    for _ in range(5):
        assert check(client, accepted.case_number, accepted.verification_code).status_code == 200
    check(client, accepted.case_number, "WRONG234")
    assert check(client, accepted.case_number, accepted.verification_code).status_code == 200


def test_login_page_links_to_the_public_check(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{URL}"' in html
