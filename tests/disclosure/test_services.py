"""The tables' services: a correct table saved with its totals computed; every cross-check refused with
the table, row and column named, and nothing stored; confirmation, reopening and scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.services import (
    report_confirm,
    report_create,
    report_reopen,
    report_save,
    report_values,
)
from tests.disclosure.factories import balanced_values

YEAR = 2025


@pytest.fixture
def report(tree, people):
    return report_create(actor=people.clerk_a, unit=tree.dept_a, year=YEAR, values=balanced_values())


def stored(report) -> dict[str, Decimal]:
    return {c.code: c.value for c in DisclosureCell.objects.filter(report=report)}


def refusal(exc: ValidationError) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_consistent_table_is_saved_with_its_totals_computed(report):
    values = report_values(report)
    assert values["t3.handled.natural"] == 11
    assert values["t3.new.total"] == 14
    assert values["t3.carried.total"] == 3
    assert values["t3.handled.total"] == 14
    assert values["t3.carried_over.total"] == 3
    assert values["t3.disclosed.total"] == 8
    assert values["t4.review.total"] == 4
    assert values["t4.direct.total"] == 1
    assert values["t4.after_review.total"] == 1
    assert values["t2.fees.amount"] == Decimal("12.3456")
    # only typed cells are stored: 10 of 表二, 144 of 表三, 12 of 表四
    assert DisclosureCell.objects.filter(report=report).count() == 166
    assert not DisclosureCell.objects.filter(report=report, column="total").exists()
    assert not DisclosureCell.objects.filter(report=report, row="handled").exists()


def test_saving_records_who_entered_what(report, people):
    cell = DisclosureCell.objects.get(report=report, table="t2", row="penalty", column="decisions")
    assert cell.entered_by == people.clerk_a
    event = AuditEvent.objects.filter(object_id=str(report.pk), action=AuditAction.UPDATE).latest("seq")
    assert event.changes["表二 第二十条第（六）项 第“行政处罚”行“本年处理决定数量”列"] == ["0", "35"]
    assert event.actor == people.clerk_a


def test_a_partial_save_keeps_the_other_cells(report, people):
    report_save(
        actor=people.clerk_a,
        report=report,
        values={"t3.new.natural": 11, "t3.disclosed.natural": 7, "t2.fees.amount": "0.5"},
    )
    values = report_values(report)
    assert values["t3.new.natural"] == 11
    assert values["t3.handled.natural"] == 12
    assert values["t3.petition.natural"] == 1
    assert values["t2.fees.amount"] == Decimal("0.5")


def assert_refused_and_unchanged(report, people, values, code, message):
    before = stored(report)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        report_save(actor=people.clerk_a, report=report, values=values)
    errors = refusal(exc)
    assert message in errors[code]
    assert stored(report) == before
    assert AuditEvent.objects.count() == events
    return errors


def test_balance_refused_naming_the_rows_and_the_column(report, people):
    # 自然人: 12 + 2 ≠ 11 + 1
    errors = assert_refused_and_unchanged(
        report,
        people,
        {"t3.new.natural": 12},
        "t3.carried_over.natural",
        "表三 第“一、本年新收政府信息公开申请数量”行加“二、上年结转政府信息公开申请数量”行之和（14）"
        "不等于“三（七）总计”行加“四、结转下年度继续办理”行之和（12）：“自然人”列",
    )
    # the 总计 column does not balance either, and says so
    assert errors["t3.carried_over.total"] == [
        "表三 第“一、本年新收政府信息公开申请数量”行加“二、上年结转政府信息公开申请数量”行之和（19）"
        "不等于“三（七）总计”行加“四、结转下年度继续办理”行之和（17）：“总计”列"
    ]
    assert set(errors) == {"t3.carried_over.natural", "t3.carried_over.total"}


@pytest.mark.parametrize(
    ("column", "label"),
    [("commercial", "商业企业"), ("research", "科研机构"), ("nonprofit", "社会公益组织"),
     ("legal_service", "法律服务机构"), ("other", "其他")],
)  # fmt: skip
def test_every_applicant_column_is_checked(report, people, column, label):
    with pytest.raises(ValidationError) as exc:
        report_save(actor=people.clerk_a, report=report, values={f"t3.process.{column}": 5})
    messages = refusal(exc)[f"t3.carried_over.{column}"]
    assert len(messages) == 1
    assert messages[0].endswith(f"：“{label}”列")
    assert "“三（七）总计”行" in messages[0]


def test_a_stated_handled_total_must_equal_the_sum_of_the_items(report, people):
    assert_refused_and_unchanged(
        report,
        people,
        {"t3.handled.natural": 10},
        "t3.handled.natural",
        "表三 第“三（七）总计”行“自然人”列填写的数（10）不等于（一）至（六）各项之和（11）",
    )


def test_a_stated_total_column_must_equal_the_six_applicant_columns(report, people):
    assert_refused_and_unchanged(
        report,
        people,
        {"t3.new.total": 15},
        "t3.new.total",
        "表三 第“一、本年新收政府信息公开申请数量”行“总计”列填写的数（15）不等于"
        "“自然人”、“商业企业”、“科研机构”、“社会公益组织”、“法律服务机构”、“其他”六列之和（14）",
    )


def test_a_sub_item_row_is_named_with_its_heading(report, people):
    assert_refused_and_unchanged(
        report,
        people,
        {"t3.secret.total": 3},
        "t3.secret.total",
        "表三 第“三（三）不予公开 1.属于国家秘密”行“总计”列填写的数（3）不等于"
        "“自然人”、“商业企业”、“科研机构”、“社会公益组织”、“法律服务机构”、“其他”六列之和（1）",
    )


def test_table_four_totals_must_equal_their_four_results(report, people):
    assert_refused_and_unchanged(
        report,
        people,
        {"t4.direct.total": 2},
        "t4.direct.total",
        "表四 “行政诉讼·未经复议直接起诉”栏“总计”列填写的数（2）不等于"
        "“结果维持”、“结果纠正”、“其他结果”、“尚未审结”四列之和（1）",
    )


def test_stated_totals_that_agree_are_accepted(report, people):
    result = report_save(
        actor=people.clerk_a,
        report=report,
        values={"t3.new.total": 14, "t3.handled.natural": 11, "t4.review.total": 4, "t3.handled.total": ""},
    )
    assert result.changed == []


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("t3.new.natural", -1, "表三 第“一、本年新收政府信息公开申请数量”行“自然人”列：不能为负数（-1）"),
        ("t3.new.natural", "2.5", "表三 第“一、本年新收政府信息公开申请数量”行“自然人”列：应为整数（件数），不能是 2.5"),
        ("t2.penalty.decisions", "十二", "表二 第二十条第（六）项 第“行政处罚”行“本年处理决定数量”列：“十二”不是数字"),
        ("t2.fees.amount", "1.23456",
         "表二 第二十条第（八）项 第“行政事业性收费”行“本年收费金额（单位：万元）”列：金额以万元为单位，最多保留4位小数（1.23456）"),
        ("t4.review.upheld", True, "表四 “行政复议”栏“结果维持”列：应填写数字"),
        ("t9.nothing.here", 1, "没有编号为“t9.nothing.here”的单元格。"),
    ],
)  # fmt: skip
def test_values_that_are_not_non_negative_figures_are_refused(report, people, code, raw, message):
    assert_refused_and_unchanged(report, people, {code: raw, "t2.rules.issued": 5}, code, message)


def test_one_bad_cell_refuses_the_whole_save(report, people):
    before = stored(report)
    with pytest.raises(ValidationError):
        report_save(actor=people.clerk_a, report=report, values={"t2.rules.issued": 3, "t3.new.natural": 99})
    assert stored(report) == before


def test_create_with_figures_that_break_a_check_stores_nothing(tree, people):
    values = balanced_values() | {"t3.carried.commercial": 1}
    with pytest.raises(ValidationError) as exc:
        report_create(actor=people.clerk_a, unit=tree.dept_a, year=YEAR, values=values)
    assert refusal(exc)["t3.carried_over.commercial"][0].endswith("：“商业企业”列")
    assert not DisclosureReport.objects.exists()
    assert not DisclosureCell.objects.exists()


def test_one_table_per_unit_and_year(report, tree, people):
    with pytest.raises(ValidationError) as exc:
        report_create(actor=people.clerk_a, unit=tree.dept_a, year=YEAR)
    assert refusal(exc)["year"] == ["清河县市场监督管理局 2025年度的年报表已存在，请在原表上修改。"]


def test_a_year_in_the_future_is_refused(tree, people):
    with pytest.raises(ValidationError) as exc:
        report_create(actor=people.clerk_a, unit=tree.dept_a, year=2999)
    assert "年度应在 2008 年至" in refusal(exc)["year"][0]


def test_create_outside_the_scope_is_refused(tree, people):
    with pytest.raises(ScopeViolation):
        report_create(actor=people.clerk_a, unit=tree.dept_b, year=YEAR)
    assert not DisclosureReport.objects.exists()


def test_save_outside_the_scope_is_refused(report, people):
    before = stored(report)
    with pytest.raises(ScopeViolation):
        report_save(actor=people.clerk_b, report=report, values={"t2.rules.issued": 1})
    assert stored(report) == before


def test_confirm_needs_approve_and_freezes_the_figures(report, people):
    with pytest.raises(PermissionDenied):
        report_confirm(actor=people.clerk_a, report=report)
    report_confirm(actor=people.leader, report=report)
    report.refresh_from_db()
    assert report.status == DisclosureReport.Status.CONFIRMED
    assert report.confirmed_by == people.leader
    event = AuditEvent.objects.filter(object_id=str(report.pk), action=AuditAction.TRANSITION).get()
    assert event.changes["status"] == ["draft", "confirmed"]
    before = stored(report)
    with pytest.raises(ValidationError) as exc:
        report_save(actor=people.clerk_a, report=report, values={"t2.rules.issued": 1})
    assert "已确认，不能修改" in exc.value.messages[0]
    assert stored(report) == before


def test_reopen_needs_a_reason_and_allows_corrections_again(report, people):
    report_confirm(actor=people.leader, report=report)
    with pytest.raises(ValidationError):
        report_reopen(actor=people.leader, report=report, reason="")
    report_reopen(actor=people.leader, report=report, reason="表二行政处罚数字有误")
    report.refresh_from_db()
    assert report.status == DisclosureReport.Status.DRAFT
    assert report.confirmed_by is None
    report_save(actor=people.clerk_a, report=report, values={"t2.penalty.decisions": 36})
    assert report_values(report)["t2.penalty.decisions"] == 36
