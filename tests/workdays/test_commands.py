"""``fazhi deadline`` (compute and explain; Chinese errors, exit codes) and ``fazhi remind`` (daily, once)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail

from fazhi.cli import main
from fazhi.workdays.models import Deadline, ReminderLog
from fazhi.workdays.services import calendar_day_add, calendar_year_set_complete
from tests.workdays.samples import make_deadline

D = datetime.date
USAGE = (
    "用法：fazhi deadline [-h] --from YYYY-MM-DD\n"
    "                  [--working-days N | --days N | --months N] [--rule KEY]\n"
    "                  [--json]\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


pytestmark = pytest.mark.django_db


# --- fazhi deadline --------------------------------------------------------------------------------


def test_working_days(capsys):
    assert run(capsys, "deadline", "--from", "2025-09-30", "--working-days", "20") == (
        0,
        "2025-11-04\n自2025-09-30起20个工作日，2025-11-04届满\n",
        "",
    )


def test_start_on_a_holiday(capsys):
    assert run(capsys, "deadline", "--from", "2025-10-01", "--working-days", "20")[:2] == (
        0,
        "2025-11-04\n自2025-10-01起20个工作日，2025-11-04届满\n",
    )


def test_days_months_and_rules(capsys):
    assert run(capsys, "deadline", "--from", "2025-09-05", "--days", "30")[:2] == (
        0,
        "2025-10-09\n自2025-09-05起30日；末日2025-10-05为休息日，顺延，2025-10-09届满\n",
    )
    assert run(capsys, "deadline", "--from", "2025-01-31", "--months", "1")[:2] == (
        0,
        "2025-02-28\n自2025-01-31起1个月，2025-02-28届满\n",
    )
    assert run(capsys, "deadline", "--from", "2025-09-30", "--rule", "disclosure.reply")[:2] == (
        0,
        "2025-11-04\n自2025-09-30起20个工作日，2025-11-04届满（《政府信息公开条例》第三十三条）\n",
    )
    assert run(
        capsys, "deadline", "--from", "2025-08-01", "--days", "60", "--rule", "reconsideration.decision"
    )[:2] == (0, "2025-09-30\n自2025-08-01起60日，2025-09-30届满（《行政复议法》第六十二条）\n")


def test_json(capsys):
    code, out, err = run(capsys, "deadline", "--from", "2025-09-30", "--working-days", "20", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "start": "2025-09-30",
        "kind": "working_days",
        "count": 20,
        "due": "2025-11-04",
        "uncertain": False,
        "unknown_years": [],
        "calendar_version": "cc1.11.0+r0",
        "rule": None,
        "explanation": "自2025-09-30起20个工作日，2025-11-04届满",
    }


def test_an_unknown_year_prints_the_flagged_result(capsys):
    assert run(capsys, "deadline", "--from", "2026-12-15", "--working-days", "20") == (
        0,
        "2027-01-12\n自2026-12-15起20个工作日，2027-01-12届满（节假日数据缺失，按周一至周五估算）\n",
        "注意：2027年度的节假日安排尚未录入，结果按周一至周五估算，请在国务院公布放假安排后复核。\n",
    )


def test_entered_days_are_used(capsys, people):
    calendar_day_add(actor=people.root_admin, date=D(2027, 1, 1), kind="holiday", name="元旦")
    calendar_year_set_complete(actor=people.root_admin, year=2027)
    assert run(capsys, "deadline", "--from", "2026-12-15", "--working-days", "20") == (
        0,
        "2027-01-13\n自2026-12-15起20个工作日，2027-01-13届满\n",
        "",
    )


def test_without_a_database_the_package_alone_is_used(capsys, monkeypatch):
    monkeypatch.setattr("fazhi.workdays.management.commands.deadline.database_problem", lambda: "未初始化")
    assert run(capsys, "deadline", "--from", "2025-09-30", "--working-days", "20") == (
        0,
        "2025-11-04\n自2025-09-30起20个工作日，2025-11-04届满\n",
        "（数据库不可用，仅按 chinesecalendar 数据包计算）\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--from", "2025-13-01", "--working-days", "20"],
            "参数 --from：日期“2025-13-01”无效，应为 YYYY-MM-DD 格式，如 2025-09-30",
        ),
        (
            ["--from", "2025-09-30", "--working-days", "-5"],
            "参数 --working-days：期间长度应为 1 至 100000 之间的整数，收到的是 -5",
        ),
        (
            ["--from", "2025-09-30", "--days", "0"],
            "参数 --days：期间长度应为 1 至 100000 之间的整数，收到的是 0",
        ),
        (
            ["--from", "2025-09-30", "--working-days", "5", "--days", "3"],
            "参数 --days：不能与参数 --working-days 同时使用",
        ),
        (["--working-days", "5"], "缺少必需的参数：--from"),
    ],
)
def test_bad_arguments_exit_2_in_chinese(capsys, argv, message):
    assert run(capsys, "deadline", *argv) == (2, "", f"{USAGE}fazhi deadline：参数有误：{message}\n")


def test_missing_period_and_unknown_rule(capsys):
    assert run(capsys, "deadline", "--from", "2025-09-30") == (
        2,
        "",
        "错误：请用 --working-days、--days、--months 之一指定期间，或用 --rule 指定规则。\n",
    )
    assert run(capsys, "deadline", "--from", "2025-09-30", "--rule", "x.y") == (
        1,
        "",
        "错误：未登记的期限规则：x.y\n",
    )
    assert run(capsys, "deadline", "--from", "2025-09-30", "--days", "20", "--rule", "disclosure.reply") == (
        2,
        "",
        "错误：指定的期间与规则 disclosure.reply 不一致（规则为20个工作日）。\n",
    )


# --- fazhi remind ----------------------------------------------------------------------------------


@pytest.fixture
def due(tree, people):
    for user, email in (
        (people.clerk_a, "clerk_a@example.gov.cn"),
        (people.admin_a, "admin_a@example.gov.cn"),
    ):
        user.email = email
        user.save(update_fields=["email"])
    return [
        make_deadline(tree.dept_a, responsible=people.clerk_a, record_repr="甲申请"),  # due 11-04
        make_deadline(
            tree.dept_a,
            rule_key="disclosure.correction_notice",
            start=D(2025, 10, 9),
            responsible=people.clerk_a,
            record_repr="乙申请",
        ),  # due 10-17: overdue
        make_deadline(tree.dept_a_child, responsible=people.admin_a, record_repr="丙申请"),  # due 11-04
        make_deadline(
            tree.dept_a,
            rule_key="reconsideration.decision",
            start=D(2025, 10, 1),
            responsible=people.clerk_a,
            record_repr="丁案",
        ),  # due 12-01: not yet
        make_deadline(tree.dept_b, responsible=people.clerk_b, record_repr="戊申请"),  # clerk_b has no e-mail
        make_deadline(tree.dept_b, record_repr="己申请"),  # nobody responsible
    ]


def test_remind_sends_one_mail_per_responsible_user_once_a_day(capsys, due, people):
    code, out, err = run(capsys, "remind", "--date", "2025-11-03")
    assert (code, err) == (0, "")
    assert out == (
        "2025-11-03：已向 2 位负责人发送期限提醒（共 3 项，届满日截至 2025-11-06）；"
        "今日已发送而跳过 0 位；未填电子邮箱 1 位；按新日历重新计算 0 项。\n"
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["admin_a@example.gov.cn"], "【期限提醒】1 项即将到期"),
        (["clerk_a@example.gov.cn"], "【期限提醒】1 项已逾期，1 项即将到期"),
    ]
    assert mail.outbox[1].body == (
        "市场监管经办人：\n\n"
        "截至 2025-11-03，您负责的下列期限需要关注。\n\n"
        "已逾期（1 项）：\n"
        "- 乙申请：告知补正，届满日 2025-10-17（清河县市场监督管理局）\n"
        "  自2025-10-09起7个工作日，2025-10-17届满（《政府信息公开条例》第三十条）\n\n"
        "3个工作日内到期（1 项）：\n"
        "- 甲申请：依申请公开答复，届满日 2025-11-04（清河县市场监督管理局）\n"
        "  自2025-09-30起20个工作日，2025-11-04届满（《政府信息公开条例》第三十三条）\n\n"
        "请登录 fazhi 法治政府建设工作平台办理。本邮件由系统每日自动发送，每天至多一封。\n"
    )
    assert list(
        ReminderLog.objects.order_by("email").values_list("email", "date", "overdue", "due_soon")
    ) == [("admin_a@example.gov.cn", D(2025, 11, 3), 0, 1), ("clerk_a@example.gov.cn", D(2025, 11, 3), 1, 1)]

    _code, out, _err = run(capsys, "remind", "--date", "2025-11-03")
    assert out == (
        "2025-11-03：已向 0 位负责人发送期限提醒（共 0 项，届满日截至 2025-11-06）；"
        "今日已发送而跳过 2 位；未填电子邮箱 1 位；按新日历重新计算 0 项。\n"
    )
    assert len(mail.outbox) == 2

    run(capsys, "remind", "--date", "2025-11-04")
    assert len(mail.outbox) == 4  # a new day, new reminders
    assert ReminderLog.objects.count() == 4


def test_remind_skips_what_the_user_can_no_longer_see_and_refreshes_stale_deadlines(capsys, due, people):
    people.admin_a.memberships.update(is_active=False)
    Deadline.objects.filter(record_repr="甲申请").update(
        calendar_version="cc1.10.0+r0", due_date=D(2025, 10, 1)
    )
    code, out, err = run(capsys, "remind", "--date", "2025-11-03")
    assert (code, err) == (0, "")
    assert out == (
        "2025-11-03：已向 1 位负责人发送期限提醒（共 2 项，届满日截至 2025-11-06）；"
        "今日已发送而跳过 0 位；未填电子邮箱 1 位；按新日历重新计算 1 项。\n"
    )
    assert [m.to for m in mail.outbox] == [["clerk_a@example.gov.cn"]]
    assert Deadline.objects.get(record_repr="甲申请").due_date == D(2025, 11, 4)
