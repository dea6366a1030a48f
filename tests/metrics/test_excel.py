"""指标填报值 from and to Excel: the template, all-or-nothing imports through the entry page's form, a
bulk save with one audit event per entry, scoping, and the export of the entries list."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import diff, snapshot, verify_chain
from fazhi.excel.registers import get_register
from fazhi.metrics.excel_registers import import_entries_file
from fazhi.metrics.forms import MetricEntryForm, MetricEntryImportForm
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.services import BulkEntryError, metric_entries_create_bulk
from tests.excel.helpers import read_sheet, response_bytes, workbook_bytes

HEADERS = ["单位代码", "指标键", "期间", "数值", "依据说明"]
SHEET = "指标填报值"
COUNT_KEYS = [
    "reconsideration.received",
    "reconsideration.accepted",
    "reconsideration.not_accepted",
    "reconsideration.other_handling",
    "reconsideration.closed",
    "reconsideration.pending",
    "reconsideration.upheld",
    "reconsideration.revoked",
    "reconsideration.changed",
    "mediation.legal_aid_cases",
]
LEGAL_AID = "mediation.legal_aid_cases"


def good_rows(count: int = 200) -> list[list]:
    """``count`` distinct rows (≤ 200) in clerk A's units: 2 units × 10 metrics × 10 years."""
    rows = []
    for unit in ("qh-scj", "qh-scj-cg"):
        for key in COUNT_KEYS:
            for year in range(2015, 2025):
                rows.append([unit, key, str(year), len(rows) % 50, f"{unit} {year} 年度统计台账"])
    return rows[:count]


def xlsx(rows: list[list], headers=HEADERS) -> bytes:
    return workbook_bytes(rows, headers=headers, sheet=SHEET)


def upload(client, content: bytes, name: str = "填报.xlsx"):
    return client.post(reverse("excel:metric_entries-import"), {"file": SimpleUploadedFile(name, content)})


def counts() -> tuple[int, int]:
    return MetricEntry.objects.count(), AuditEvent.objects.count()


# --- the template ---------------------------------------------------------------------------------


def test_the_template_has_the_columns_and_only_the_units_of_the_users_add_scope(tree, people, login):
    response = login(people.clerk_a).get(reverse("excel:metric_entries-import") + "?template=1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = response_bytes(response)
    sheet = read_sheet(content, SHEET)
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [sheet.cell(row=1, column=n).font.color.rgb for n in range(1, 6)] == ["00B3242B"] * 5  # required
    units = read_sheet(content, "单位代码")
    assert [row[0] for row in units.iter_rows(min_row=2, values_only=True)] == ["qh-scj", "qh-scj-cg"]
    guide = read_sheet(content, "填写说明")
    rules = {row[0]: row[2] for row in guide.iter_rows(values_only=True) if row[0] in HEADERS}
    assert rules["期间"] == (
        "必填。全年填 2025，季度填 2025Q3，月份填 2025-10，其他期间填 2025-01-01~2025-06-30。"
        "该列已设为文本格式，请勿改为日期。"
    )


def test_the_entries_list_links_to_export_and_import(tree, people, login):
    html = login(people.clerk_a).get(reverse("metrics:entries")).content.decode()
    assert f'href="{reverse("excel:metric_entries-import")}"' in html
    assert 'href="?export=xlsx"' in html
    # a leader may view entries but not add them: no import button, and no import page
    client = login(people.leader)
    html = client.get(reverse("metrics:entries")).content.decode()
    assert 'href="?export=xlsx"' in html
    assert reverse("excel:metric_entries-import") not in html
    assert client.get(reverse("excel:metric_entries-import")).status_code == 403


# --- a good file ----------------------------------------------------------------------------------


def test_a_good_file_of_200_rows_creates_200_entries_each_with_its_audit_event(tree, people, login):
    rows = good_rows(200)
    rows[0][1] = "收到复议申请"  # the Chinese label of reconsideration.received
    rows[1][1] = "收到复议申请（reconsideration.received）"  # as the entry page lists it
    rows[2][2] = "2017-01-01~2017-12-31"  # a range that is a year: stored as the year
    client = login(people.clerk_a)
    events_before = AuditEvent.objects.count()

    response = upload(client, xlsx(rows))

    assert response.status_code == 302
    assert response["Location"] == reverse("metrics:entries")
    assert [str(m) for m in response.wsgi_request._messages] == ["已导入 200 条指标填报值记录。"]
    entries = MetricEntry.objects.all()
    assert entries.count() == 200
    assert set(entries.values_list("entered_by", flat=True)) == {people.clerk_a.pk}
    first = MetricEntry.objects.get(key="reconsideration.received", unit=tree.dept_a, period_start__year=2015)
    assert (first.period.label, first.value, first.evidence) == (
        "2015年",
        Decimal(0),
        "qh-scj 2015 年度统计台账",
    )
    assert MetricEntry.objects.filter(key="reconsideration.received", unit=tree.dept_a).count() == 10

    new = AuditEvent.objects.filter(seq__gt=events_before).order_by("seq")
    assert new.count() == 201
    per_entry = new.filter(object_type="metrics.metricentry")
    assert set(per_entry.values_list("object_id", flat=True)) == {
        str(pk) for pk in entries.values_list("pk", flat=True)
    }
    assert set(per_entry.values_list("action", "actor", "actor_name")) == {
        (AuditAction.CREATE, people.clerk_a.pk, "市场监管经办人")
    }
    event = per_entry.get(object_id=str(first.pk))
    assert event.unit_id == tree.dept_a.pk
    assert event.object_repr == "收到复议申请 · 清河县市场监督管理局 · 2015年"
    assert event.note == "填报指标 reconsideration.received，2015年（Excel 导入）"
    # what metric_entry_create records: every field of the new entry, the value as it was entered
    assert event.changes == {
        "entered_by": [None, str(people.clerk_a.pk)],
        "evidence": [None, "qh-scj 2015 年度统计台账"],
        "id": [None, str(first.pk)],
        "key": [None, "reconsideration.received"],
        "period_end": [None, "2015-12-31"],
        "period_start": [None, "2015-01-01"],
        "unit": [None, str(tree.dept_a.pk)],
        "value": [None, "0"],
    }
    assert set(event.changes) == set(diff({}, snapshot(first)))
    summary = new.last()
    assert (summary.object_type, summary.object_id, summary.unit_id) == (
        "excel.import",
        "metric_entries",
        tree.dept_a.pk,
    )
    assert summary.note == "从文件“填报.xlsx”导入指标填报值 200 条"
    assert verify_chain().ok


def test_import_entries_file_takes_a_path_a_file_or_bytes(tree, people, tmp_path):
    path = tmp_path / "一季度.xlsx"
    path.write_bytes(xlsx([["qh-scj", LEGAL_AID, "2025Q1", 3, "法律援助系统季报"]]))

    result = import_entries_file(actor=people.clerk_a, path_or_file=path)

    assert (result.ok, result.rows, result.saved) == (True, 1, 1)
    assert (
        AuditEvent.objects.filter(object_type="excel.import").get().note
        == "从文件“一季度.xlsx”导入指标填报值 1 条"
    )
    with path.open("rb") as stream:  # the same file again: every row now collides with its entry
        again = import_entries_file(actor=people.clerk_a, path_or_file=stream)
    assert [str(e) for e in again.errors] == [
        "第 2 行：清河县市场监督管理局 2025年第一季度 的“法律援助案件”已有填报值。"
        "导入只新增、不覆盖；如需更正，请在“指标填报值”页面上修改原记录。"
    ]
    result = import_entries_file(
        actor=people.clerk_a, path_or_file=xlsx([["qh-scj", LEGAL_AID, "2025-04", "2", "月报"]])
    )
    assert result.saved == 1
    assert MetricEntry.objects.count() == 2


# --- one bad row: nothing saved, the row and column named -----------------------------------------

BAD_ROWS = {
    "unknown unit code": (
        (0, "qh-nowhere"),
        "第 7 行「单位代码」：单位代码“qh-nowhere”不存在，或不在您可以操作的单位范围内。",
    ),
    "unit outside the add scope (dept B)": (
        (0, "qh-gaj"),
        "第 7 行「单位代码」：单位代码“qh-gaj”不存在，或不在您可以操作的单位范围内。",
    ),
    "unit above the add scope (the county)": (
        (0, "qh"),
        "第 7 行「单位代码」：单位代码“qh”不存在，或不在您可以操作的单位范围内。",
    ),
    "period that is no period": (
        (2, "2025Q5"),
        "第 7 行「期间」：期间“2025Q5”无法识别，应写作 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。",
    ),
    "month 13": ((2, "2025-13"), "第 7 行「期间」：月份应为 1–12，收到的是 13。"),
    "range ending before it starts": (
        (2, "2025-06-30~2025-01-01"),
        "第 7 行「期间」：截止日期 2025-01-01 早于起始日期 2025-06-30。",
    ),
    "missing period": (
        (2, None),
        "第 7 行「期间」：请填写期间，如 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。",
    ),
    "fractional count": ((3, 1.5), "第 7 行「数值」：“法律援助案件”是计数，应为整数（单位：件）。"),
    "negative value": ((3, -2), "第 7 行「数值」：数值不能为负数。"),
    "value that is no number": ((3, "十二"), "第 7 行「数值」：请输入数字。"),
    "too many decimals": ((3, "1.23456"), "第 7 行「数值」：最多保留 4 位小数。"),
    "missing value": ((3, None), "第 7 行「数值」：请填写数值。"),
    "missing evidence": ((4, None), "第 7 行「依据说明」：请填写依据与说明：数据来自何处、由谁统计。"),
    "blank evidence": ((4, "   "), "第 7 行「依据说明」：请填写依据与说明：数据来自何处、由谁统计。"),
    "unknown metric": (
        (1, "foo.bar"),
        "第 7 行「指标键」：“foo.bar”既不是指标键，也不是指标名称。指标键和名称见“指标目录”页面。",
    ),
    "metric only computed": (
        (1, "normative.expiring"),
        "第 7 行「指标键」：“即将到期”只由业务记录计算，不能人工填报。",
    ),
    "metric only computed, by its label": (
        (1, "即将到期"),
        "第 7 行「指标键」：“即将到期”只由业务记录计算，不能人工填报。",
    ),
    "an alias": (
        (1, "normative.drafts_reviewed"),
        "第 7 行「指标键」：normative.drafts_reviewed 是 normative.reviewed 的别名，请在后者下填报。",
    ),
    "missing unit code": ((0, None), "第 7 行「单位代码」：请填写单位代码（机构代码）。"),
    "missing metric": (
        (1, None),
        "第 7 行「指标键」：请填写指标键（如 mediation.legal_aid_cases）或指标名称。",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_one_bad_row_saves_nothing_and_names_its_row_and_column(tree, people, case):
    (column, value), expected = BAD_ROWS[case]
    rows = good_rows(20)
    rows[5] = ["qh-scj", LEGAL_AID, "2030", 7, "法律援助系统年报"]  # Excel row 7
    rows[5][column] = value
    before = counts()

    result = import_entries_file(actor=people.clerk_a, path_or_file=xlsx(rows), filename="坏.xlsx")

    assert [str(error) for error in result.errors] == [expected]
    assert (result.rows, result.saved) == (20, 0)
    assert counts() == before


def test_a_rate_above_100_percent(tree, people):
    rows = [["qh-scj", "reconsideration.correction_rate", "2024", "97.5", "复议台账"],
            ["qh-scj", "reconsideration.correction_rate", "2023", 120, "复议台账"]]  # fmt: skip
    result = import_entries_file(actor=people.clerk_a, path_or_file=xlsx(rows))
    assert [str(e) for e in result.errors] == [
        "第 3 行「数值」：比率以百分数填写，应在 0 到 100 之间（如 97.5 表示 97.5%）。"
    ]
    assert MetricEntry.objects.count() == 0


def test_rows_repeated_in_the_file_or_already_entered_are_refused(tree, people, typed):
    typed(LEGAL_AID, tree.dept_a, 5, period=Period.for_year(2016))
    rows = good_rows(20)  # qh-scj: reconsideration.received 2015–2024, reconsideration.accepted 2015–2024
    rows[7] = ["qh-scj", "收到复议申请", "2015-01-01~2015-12-31", 1, "重复"]  # row 9 repeats row 2
    rows[8] = ["qh-scj", LEGAL_AID, "2016", 1, "已有"]  # row 10: entered before
    before = counts()

    result = import_entries_file(actor=people.clerk_a, path_or_file=xlsx(rows))

    assert [str(error) for error in result.errors] == [
        "第 9 行：「单位代码」「指标键」「期间」与第 2 行相同，不能重复。",
        "第 10 行：清河县市场监督管理局 2016年 的“法律援助案件”已有填报值。"
        "导入只新增、不覆盖；如需更正，请在“指标填报值”页面上修改原记录。",
    ]
    assert counts() == before


def test_through_the_page_a_bad_row_is_listed_and_marked_in_the_error_sheet(tree, people, login):
    rows = good_rows(30)
    rows[11][3] = "2.5"  # Excel row 13, 数值
    client = login(people.clerk_a)
    before = counts()

    response = upload(client, xlsx(rows))

    assert response.status_code == 200
    assert counts() == before
    assert response.context["result"].message == (
        "共发现 1 处错误（涉及 1 行），未导入任何数据。请改正后重新导入整个文件。"
    )
    message = "“受理”是计数，应为整数（单位：件）。"
    assert f"第 13 行「数值」：{message}" in response.content.decode()
    sheet = read_sheet(response_bytes(client.get(response.context["error_sheet_url"])), SHEET)
    assert [c.value for c in sheet[1]] == [*HEADERS, "错误说明"]
    assert sheet["F13"].value == f"「数值」：{message}"
    assert sheet["D13"].fill.fgColor.rgb == "00FFC7CE"


# --- scoping --------------------------------------------------------------------------------------


def test_a_clerk_of_dept_a_cannot_import_for_dept_b_nor_the_other_way_round(tree, people, login):
    client_b = login(people.clerk_b)
    before = counts()
    result = import_entries_file(
        actor=people.clerk_a, path_or_file=xlsx([["qh-gaj", LEGAL_AID, "2024", 1, "公安统计"]])
    )
    assert [str(e) for e in result.errors] == [
        "第 2 行「单位代码」：单位代码“qh-gaj”不存在，或不在您可以操作的单位范围内。"
    ]
    response = upload(client_b, xlsx([["qh-scj", LEGAL_AID, "2024", 1, "市场监管统计"]]))
    assert (
        "第 2 行「单位代码」：单位代码“qh-scj”不存在，或不在您可以操作的单位范围内。"
        in response.content.decode()
    )
    # another county's administrator sees none of this county's units
    result = import_entries_file(
        actor=people.admin_other, path_or_file=xlsx([["qh-scj", LEGAL_AID, "2024", 1, "x"]])
    )
    assert [str(e) for e in result.errors] == [
        "第 2 行「单位代码」：单位代码“qh-scj”不存在，或不在您可以操作的单位范围内。"
    ]
    assert counts() == before
    # within its scope the clerk of dept B may import
    assert upload(client_b, xlsx([["qh-gaj", LEGAL_AID, "2024", 1, "公安统计"]])).status_code == 302
    assert list(MetricEntry.objects.values_list("unit__code", flat=True)) == ["qh-gaj"]


def test_the_bulk_service_enforces_the_rules_again_when_saving(tree, people, typed):
    """The form has checked every row; the service checks again inside its transaction (a unit that
    left the scope, an entry typed in meanwhile), and blames the row."""
    row = {"unit": tree.dept_a, "key": LEGAL_AID, "period": Period.for_year(2024), "value": Decimal(1),
           "evidence": "台账"}  # fmt: skip
    before = counts()
    with pytest.raises(BulkEntryError) as refused:
        metric_entries_create_bulk(actor=people.clerk_a, rows=[row, {**row, "unit": tree.dept_b}])
    assert (refused.value.index, refused.value.field, refused.value.messages) == (
        1,
        "unit",
        ["该操作会使记录超出您的管辖范围，已取消，未作任何修改。"],
    )
    with pytest.raises(BulkEntryError) as refused:
        metric_entries_create_bulk(actor=people.clerk_a, rows=[row, {**row, "value": Decimal("0.5")}])
    assert (refused.value.index, refused.value.field) == (1, "value")
    with pytest.raises(BulkEntryError) as refused:
        metric_entries_create_bulk(actor=people.clerk_a, rows=[row, row])
    assert refused.value.messages == ["与第 1 条的指标、单位和期间相同。"]
    typed(LEGAL_AID, tree.dept_a, 9, period=Period.for_year(2024))
    with pytest.raises(BulkEntryError) as refused:
        metric_entries_create_bulk(actor=people.clerk_a, rows=[{**row, "period": Period.for_year(2023)}, row])
    assert (refused.value.index, refused.value.messages) == (
        1,
        ["清河县市场监督管理局 2024年 的“法律援助案件”已有填报值，请修改原填报记录。"],
    )
    assert counts() == (before[0] + 1, before[1])


def test_an_entry_typed_in_between_validation_and_saving_is_blamed_on_its_row(
    tree, people, typed, monkeypatch
):
    from fazhi.metrics.forms import ExistingEntries

    typed(LEGAL_AID, tree.dept_a, 9, period=Period.for_year(2024))
    monkeypatch.setattr(ExistingEntries, "has", lambda self, **kwargs: False)  # as if entered after the check
    rows = [["qh-scj", LEGAL_AID, "2023", 1, "台账"], ["qh-scj", LEGAL_AID, "2024", 1, "台账"]]
    before = counts()

    result = import_entries_file(actor=people.clerk_a, path_or_file=xlsx(rows))

    assert [str(e) for e in result.errors] == [
        "第 3 行：清河县市场监督管理局 2024年 的“法律援助案件”已有填报值，请修改原填报记录。"
    ]
    assert counts() == before


# --- the same form as the page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "evidence"),
    [(LEGAL_AID, "1.5", "x"), (LEGAL_AID, "-1", "x"), (LEGAL_AID, "abc", "x"), (LEGAL_AID, "1.23456", "x"),
     (LEGAL_AID, "3", ""), ("reconsideration.correction_rate", "100.5", "x"), ("normative.expiring", "1", "x")],
)  # fmt: skip
def test_the_import_form_refuses_what_the_entry_page_refuses(tree, people, key, value, evidence):
    data = {"key": key, "unit": str(tree.dept_a.pk), "value": value, "evidence": evidence}
    page = MetricEntryForm(data={**data, "year": "2024"}, user=people.clerk_a)
    row = MetricEntryImportForm(data={**data, "period": "2024"}, user=people.clerk_a)
    assert not page.is_valid() and not row.is_valid()
    page_errors = {name: errors for name, errors in page.errors.items() if name != "key"}
    row_errors = {name: errors for name, errors in row.errors.items() if name != "key"}
    assert row_errors == page_errors
    if "key" in page.errors:  # the page offers only typed-in metrics; the import says why not
        assert row.errors["key"] == ["“即将到期”只由业务记录计算，不能人工填报。"]
    # the import form adds no model-level pass of its own (see MetricEntryImportForm._post_clean)
    assert MetricEntry.clean is models.Model.clean


# --- export ---------------------------------------------------------------------------------------


def test_the_export_holds_only_the_entries_the_user_may_see(tree, people, login, typed):
    typed(LEGAL_AID, tree.dept_a, 12, period=Period.for_quarter(2024, 3))
    typed("reconsideration.correction_rate", tree.dept_a_child, Decimal("97.5"))
    typed(LEGAL_AID, tree.dept_b, 4)
    client = login(people.clerk_a)

    response = client.get(reverse("metrics:entries") + "?export=xlsx")

    assert response.status_code == 200
    sheet = read_sheet(response_bytes(response), SHEET)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("单位代码", "单位名称", "指标键", "指标名称", "期间", "数值", "计量单位", "依据说明", "填报人",
                       "更新时间")  # fmt: skip
    assert sorted(row[:8] for row in rows[1:]) == [
        ("qh-scj", "清河县市场监督管理局", LEGAL_AID, "法律援助案件", "2024Q3", 12, "件", "测试依据"),
        ("qh-scj-cg", "城关市场监管所", "reconsideration.correction_rate", "综合纠错率", "2024", 97.5, "%", "测试依据"),
    ]  # fmt: skip
    assert {row[8] for row in rows[1:]} == {"填报人"}
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.note == "导出指标填报值 2 行；筛选条件：无"

    # the list's filters apply to the export; the county's legal staff see all three
    response = login(people.legal).get(reverse("metrics:entries") + f"?key={LEGAL_AID}&year=2024&export=xlsx")
    rows = list(read_sheet(response_bytes(response), SHEET).iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in rows) == ["qh-gaj", "qh-scj"]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert event.note == (
        "导出指标填报值 2 行；筛选条件：指标=法律援助案件（mediation.legal_aid_cases）；期间起始年份=2024"
    )


def test_the_register_is_declared_once_for_export_and_import():
    register = get_register("metric_entries")
    assert (str(register.title), register.list_page_url(), register.import_url()) == (
        "指标填报值",
        "/metrics/entries/",
        "/excel/metric_entries/import/",
    )
    assert [c.title for c in register.import_columns()] == HEADERS


def test_a_large_import_runs_as_a_job(tree, people, login, settings, django_capture_on_commit_callbacks):
    from fazhi.jobs.choices import JobStatus
    from fazhi.jobs.models import Job

    settings.FAZHI_IMPORT_JOB_THRESHOLD = 5
    settings.FAZHI_JOBS_BACKEND = "inline"
    client = login(people.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, xlsx(good_rows(12)))

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.message) == (JobStatus.SUCCEEDED, "已导入 12 条指标填报值记录。")
    assert MetricEntry.objects.count() == 12
    assert verify_chain().ok


def test_a_corrected_error_sheet_can_be_imported_as_it_is(tree, people, login):
    rows = good_rows(4)
    rows[2][4] = None
    client = login(people.clerk_a)
    response = upload(client, xlsx(rows))
    content = response_bytes(client.get(response.context["error_sheet_url"]))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    workbook[SHEET]["E4"] = "补填的依据"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, buffer.getvalue(), name="改正后.xlsx")

    assert response.status_code == 302
    assert MetricEntry.objects.get(evidence="补填的依据").unit == tree.dept_a
    assert MetricEntry.objects.count() == 4
