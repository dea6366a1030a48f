"""Historical 行政复议 cases from .xlsx (register ``reconsideration.cases``): consistency rules, all-or-nothing,
案号, scope, export → import round trip."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.choices import Role, UnitKind
from fazhi.core.models import AuditEvent
from fazhi.excel.export import write_export
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.numbering.models import IssuedNumber
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import CaseStatus, DecisionType, EventKind, TerminationGround
from fazhi.reconsideration.excel_registers import KEY
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services import case_deadline, case_deadlines
from tests.factories import make_unit, make_user
from tests.reconsideration.factories import register

pytestmark = pytest.mark.django_db
D = datetime.date
ID_1 = "390121198001010018"  # valid check digit (GB 11643)
ID_2 = "390121199203150021"


@pytest.fixture
def clerk(tree):
    return make_user("fy_clerk", tree.justice, Role.CLERK, full_name="复议科经办人")


def row(**values) -> dict:
    """A closed 维持 case; override by column header."""
    base = {
        "案号": "",
        "收到申请日期": D(2025, 3, 3),
        "申请人": "张某、李某",
        "申请人类型": "自然人",
        "证件类型": "居民身份证",
        "证件号码": f"{ID_1}、{ID_2}",
        "代理人": "",
        "被申请人": "清河县公安局",
        "被申请人单位编码": "qh-gaj",
        "行政行为": "《行政处罚决定书》（清公罚决字〔2025〕12号）",
        "文书编号": "清公罚决字〔2025〕12号",
        "案件类别": "行政处罚",
        "知道日期": D(2025, 2, 20),
        "复议请求": "撤销该行政处罚决定",
        "申请方式": "当面",
        "审理程序": "普通程序",
        "受理日期": D(2025, 3, 5),
        "不予受理日期": None,
        "不予受理理由": "",
        "视为放弃日期": None,
        "结案方式": "维持",
        "终止事由": "",
        "决定日期": D(2025, 4, 20),
        "批准人": "陈县长",
        "结案日期": D(2025, 4, 20),
        "超期结案": "",
        "听证日期": None,
        "承办人": "fy_clerk",
        "单位": "qh-sfj",
    }
    base.update(values)
    return base


def workbook(rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "行政复议案件"
    headers = list(dict.fromkeys(h for values in rows for h in values))
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) if values.get(h) != "" else None for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def do_import(actor, rows: list[dict] | bytes):
    content = rows if isinstance(rows, bytes) else workbook(rows)
    return run_import(
        get_register(KEY), io.BytesIO(content), actor=actor, size=len(content), filename="台账.xlsx"
    )


def test_happy_path_creates_each_kind_of_case(tree, clerk):
    rows = [
        row(案号="清司复〔2025〕7号", 听证日期=D(2025, 4, 10)),  # closed, with a hearing
        row(申请人="某商贸有限公司", 申请人类型="法人", 证件类型="", 证件号码="", 受理日期=None, 结案方式="",
            决定日期=None, 批准人="", 结案日期=None, 不予受理日期=D(2025, 3, 6),
            不予受理理由="申请超过法定申请期限"),
        row(申请人="王某", 证件号码="", 受理日期=D(2025, 3, 5), 结案方式="", 决定日期=None, 批准人="", 结案日期=None,
            收到申请日期=D(2025, 3, 3)),  # open, 审理中
        row(申请人="赵某", 证件号码="", 收到申请日期=D(2026, 2, 26), 受理日期=None, 结案方式="", 决定日期=None,
            批准人="", 结案日期=None),  # open, 待审查
        row(申请人="钱某", 证件号码="", 结案方式="终止", 终止事由=str(TerminationGround.WITHDRAWN.label), 批准人="",
            决定日期=None, 结案日期=D(2025, 3, 20)),
        row(申请人="孙某", 证件号码="", 受理日期=None, 结案方式="", 决定日期=None, 批准人="", 结案日期=None,
            视为放弃日期=D(2025, 3, 28)),
    ]  # fmt: skip
    audit_before = AuditEvent.objects.count()
    result = do_import(clerk, rows)
    assert result.ok, [str(e) for e in result.errors] + [result.refused]
    assert result.saved == 6
    cases = list(ReconsiderationCase.objects.order_by("created_at"))
    assert [c.status for c in cases] == [
        CaseStatus.CLOSED,
        CaseStatus.REFUSED,
        CaseStatus.ACCEPTED,
        CaseStatus.REVIEW,
        CaseStatus.CLOSED,
        CaseStatus.ABANDONED,
    ]
    closed, refused, open_case, review, terminated, abandoned = cases
    # a given 案号 is kept and entered in the register; blank ones are drawn past it for the year of receipt
    assert closed.case_number == "清司复〔2025〕7号"
    assert [c.case_number for c in cases[1:]] == [
        "清司复〔2025〕8号",
        "清司复〔2025〕9号",
        "清司复〔2026〕1号",
        "清司复〔2025〕10号",
        "清司复〔2025〕11号",
    ]
    assert IssuedNumber.objects.get(text="清司复〔2025〕7号").object_id == str(closed.pk)
    assert all(len(c.verification_code) == 8 for c in cases)
    assert len({c.verification_code for c in cases}) == 6
    assert [(a.name, a.id_number) for a in closed.applicants.order_by("created_at")] == [
        ("张某", ID_1),
        ("李某", ID_2),
    ]
    assert closed.respondent_unit == tree.dept_b and closed.handler == clerk
    assert (closed.decision_type, closed.decided_on, closed.closed_on, closed.closed_late) == (
        DecisionType.UPHOLD,
        D(2025, 4, 20),
        D(2025, 4, 20),
        False,
    )
    assert refused.applicants.get().kind == "legal_person"
    assert refused.refusal_reason == "申请超过法定申请期限"
    assert terminated.termination_ground == TerminationGround.WITHDRAWN
    assert terminated.decided_on == D(2025, 3, 20)
    assert abandoned.abandoned_on == D(2025, 3, 28)
    # open cases get the periods registration and acceptance open (第三十条, 第四十八条, 第六十二条)
    assert case_deadline(review, rules.ACCEPTANCE).start_date == D(2026, 2, 26)
    assert {d.rule_key for d in case_deadlines(open_case)} == {rules.DECISION, rules.RESPONDENT_COPY}
    assert case_deadline(open_case, rules.DECISION).due_date == D(
        2025, 5, 6
    )  # 60日 from 03-05, 05-04 a rest day
    assert not case_deadlines(closed).exists()
    hearing = CaseEvent.objects.get(kind=EventKind.HEARING)
    assert (hearing.case, hearing.on) == (closed, D(2025, 4, 10))
    # every record audited: 6 cases, 7 applicants, 1 hearing, 6 numbers, 4 deadlines, and the import itself
    created = AuditEvent.objects.filter(seq__gt=audit_before)
    assert created.filter(object_type="reconsideration.reconsiderationcase").count() == 6
    assert created.filter(object_type="reconsideration.caseapplicant").count() == 7
    assert created.filter(object_type="reconsideration.caseevent").count() == 1
    assert created.filter(object_type="numbering.issuednumber").count() == 6
    assert created.filter(object_type="excel.import").count() == 1
    # the metrics count the imported cases
    year = Period.for_year(2025)
    assert evaluate("reconsideration.received", tree.justice, year).value == 5
    assert evaluate("reconsideration.closed", tree.justice, year).value == 2
    assert evaluate("reconsideration.upheld", tree.justice, year).value == 1
    assert evaluate("reconsideration.withdrawn", tree.justice, year).value == 1
    assert evaluate("reconsideration.not_accepted", tree.justice, year).value == 1
    assert evaluate("reconsideration.other_handling", tree.justice, year).value == 1
    assert evaluate("reconsideration.hearings", tree.justice, year).value == 1
    assert evaluate("reconsideration.pending", tree.justice, year).value == 1


def test_closed_late_is_computed_when_blank_and_kept_when_given(clerk):
    rows = [
        row(受理日期=D(2025, 3, 5), 决定日期=D(2025, 5, 12), 结案日期=D(2025, 5, 12)),  # due 2025-05-06
        row(申请人="王某", 证件号码="", 受理日期=D(2025, 3, 5), 决定日期=D(2025, 5, 12), 结案日期=D(2025, 5, 12),
            超期结案="否"),  # an extension the register does not show
        row(申请人="李某", 证件号码="", 审理程序="简易程序", 决定日期=D(2025, 4, 8), 结案日期=D(2025, 4, 8)),
    ]  # fmt: skip
    assert do_import(clerk, rows).ok
    assert list(ReconsiderationCase.objects.order_by("created_at").values_list("closed_late", flat=True)) == [
        True,
        False,
        True,  # 简易程序: 30日 from 03-05, 04-04 a holiday: due 04-07
    ]
    assert (
        evaluate(
            "reconsideration.overdue", ReconsiderationCase.objects.first().unit, Period.for_year(2025)
        ).value
        == 2
    )


REFUSALS = [
    ({"结案日期": None}, "结案日期", "填写了结案方式，请同时填写结案日期。"),
    ({"受理日期": None}, "受理日期", "结案方式为“维持”的案件须填写受理日期"),
    ({"不予受理日期": D(2025, 3, 6), "不予受理理由": "不属于受理范围"}, "不予受理日期",
     "已填写受理日期的案件不能同时填写不予受理日期。"),
    ({"受理日期": None, "结案方式": "", "批准人": "", "决定日期": None, "结案日期": None,
      "不予受理日期": D(2025, 3, 6)}, "不予受理理由", "请同时填写不予受理理由（第三十条第二款）"),
    ({"结案方式": "终止", "批准人": ""}, "终止事由", "结案方式为“终止”，请填写终止事由（第四十一条）。"),
    ({"终止事由": str(TerminationGround.WITHDRAWN.label)}, "终止事由", "只有结案方式为“终止”的案件才填写终止事由。"),
    ({"批准人": ""}, "批准人", "请填写批准人"),
    ({"受理日期": D(2025, 3, 1)}, "受理日期", "受理日期（2025-03-01）不能早于收到申请日期（2025-03-03）。"),
    ({"结案日期": D(2025, 3, 4), "决定日期": None}, "结案日期", "结案日期（2025-03-04）不能早于受理日期"),
    ({"决定日期": D(2025, 4, 21)}, "结案日期", "结案日期（2025-04-20）不能早于决定日期（2025-04-21）。"),
    ({"知道日期": D(2025, 3, 4)}, "收到申请日期", "收到申请日期（2025-03-03）不能早于知道日期（2025-03-04）。"),
    ({"结案方式": "", "批准人": "", "决定日期": None}, "结案方式", "填写了结案日期，请同时填写结案方式。"),
    ({"结案方式": "", "批准人": "", "决定日期": None, "结案日期": None, "超期结案": "是"}, "超期结案",
     "未结案的案件不能填写超期结案为“是”。"),
    ({"听证日期": D(2025, 3, 4)}, "听证日期", "听证日期（2025-03-04）不能早于受理日期"),
    ({"听证日期": D(2025, 5, 4)}, "听证日期", "不能晚于结案日期"),
    ({"收到申请日期": D(2099, 1, 5), "受理日期": None, "结案方式": "", "批准人": "", "决定日期": None,
      "结案日期": None, "知道日期": None}, "收到申请日期", "收到申请日期不能晚于今天"),
    ({"结案方式": "撤回"}, "结案方式", "“撤回”不是可选的值"),
    ({"案件类别": "行政处理"}, "案件类别", "“行政处理”不是可选的值"),
    ({"申请方式": "电话"}, "申请方式", "“电话”不是可选的值"),
    ({"证件号码": "390121198001010017"}, "证件号码", "不是有效的居民身份证号码"),
    ({"证件号码": "390***********0018"}, "证件号码", "是导出时脱敏的号码"),
    ({"证件号码": f"{ID_1}、{ID_2}、{ID_1}"}, "证件号码", "证件号码有 3 个，多于申请人（2 名）"),
    ({"被申请人单位编码": "no-such"}, "被申请人单位编码", "单位编码“no-such”不存在或已停用。"),
    ({"被申请人": "", "被申请人单位编码": ""}, "被申请人", "请填写被申请人"),
    ({"复议请求": ""}, "复议请求", "请填写复议请求。"),
    ({"承办人": "nobody_here"}, "承办人", "用户名“nobody_here”不存在"),
    ({"状态": "审理中"}, "状态", "按所填日期和结案方式，状态应为“已结案”。"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "column", "message"), REFUSALS)
def test_each_inconsistency_is_refused_with_row_and_column(clerk, changes, column, message):
    before = (ReconsiderationCase.objects.count(), AuditEvent.objects.count(), IssuedNumber.objects.count())
    result = do_import(clerk, [row(申请人="甲某", 证件号码=""), row(**changes)])
    assert not result.ok
    texts = [str(e) for e in result.errors]
    assert any(t.startswith(f"第 3 行「{column}」") and message in t for t in texts), texts
    assert all(e.row == 3 for e in result.errors), texts
    assert result.error_sheet
    assert (
        ReconsiderationCase.objects.count(),
        AuditEvent.objects.count(),
        IssuedNumber.objects.count(),
    ) == before


def test_handler_outside_the_unit_is_refused(tree, clerk):
    make_user("scj_clerk", tree.dept_a, Role.CLERK)
    legal = make_user("legal2", tree.county, Role.LEGAL_STAFF)
    result = do_import(legal, [row(承办人="scj_clerk")])
    assert [str(e) for e in result.errors] == [
        "第 2 行「承办人」：承办人“scj_clerk”不在清河县司法局的管辖范围内。"
    ]
    assert not ReconsiderationCase.objects.exists()


def test_one_bad_row_stores_nothing(clerk):
    rows = [row(申请人=f"申请人{i}", 证件号码="") for i in range(5)] + [row(结案日期=None)]
    before = (AuditEvent.objects.count(), IssuedNumber.objects.count(), CaseEvent.objects.count())
    result = do_import(clerk, rows)
    assert result.saved == 0
    assert [str(e) for e in result.errors] == ["第 7 行「结案日期」：填写了结案方式，请同时填写结案日期。"]
    assert not ReconsiderationCase.objects.exists()
    assert (AuditEvent.objects.count(), IssuedNumber.objects.count(), CaseEvent.objects.count()) == before


def test_duplicate_case_numbers_in_the_file_and_already_stored(tree, clerk):
    result = do_import(
        clerk, [row(案号="清司复〔2024〕3号"), row(案号="清司复〔2024〕3号", 申请人="王某", 证件号码="")]
    )
    assert [str(e) for e in result.errors] == ["第 3 行：「单位」「案号」与第 2 行相同，不能重复。"]
    assert not ReconsiderationCase.objects.exists()

    assert do_import(clerk, [row(案号="清司复〔2024〕3号")]).ok
    result = do_import(clerk, [row(案号="清司复〔2024〕3号", 申请人="王某", 证件号码="")])
    assert [str(e) for e in result.errors] == ["第 2 行「案号」：本单位已有案号为“清司复〔2024〕3号”的案件。"]
    # a number the engine has issued to a registered case is taken as well
    issued = register(clerk, tree.justice, received_on=D(2025, 3, 3)).case.case_number
    result = do_import(clerk, [row(案号=issued, 申请人="王某", 证件号码="")])
    assert [str(e) for e in result.errors] == [f"第 2 行「案号」：本单位已有案号为“{issued}”的案件。"]
    assert ReconsiderationCase.objects.count() == 2


def test_an_imported_number_is_never_issued_again(tree, clerk):
    assert do_import(clerk, [row(案号="清司复〔2025〕7号")]).ok
    assert register(clerk, tree.justice, received_on=D(2025, 3, 3)).case.case_number == "清司复〔2025〕8号"
    # a number in another format is kept as it is and leaves the sequence alone
    assert do_import(clerk, [row(案号="清司复字（2025）第3号", 申请人="王某", 证件号码="")]).ok
    assert register(clerk, tree.justice, received_on=D(2025, 3, 3)).case.case_number == "清司复〔2025〕9号"


def test_a_unit_outside_the_importers_scope_is_refused(tree, clerk):
    result = do_import(clerk, [row(单位="qh-scj")])
    assert [str(e) for e in result.errors] == [
        "第 2 行「单位」：单位代码“qh-scj”不存在，或不在您可以操作的单位范围内。"
    ]
    assert not ReconsiderationCase.objects.exists()


def test_import_page_and_template(tree, clerk, login, people):
    client = login(clerk)
    url = reverse(f"excel:{KEY}-import")
    assert client.get(url).status_code == 200
    response = client.get(url + "?template=1")
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book["行政复议案件"][1]]
    assert headers[:3] == ["案号", "收到申请日期", "申请人"] and headers[-2:] == ["单位", "状态"]
    assert login(people.leader).get(url).status_code == 403  # a leader may not add cases
    upload = io.BytesIO(workbook([row()]))
    upload.name = "台账.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert ReconsiderationCase.objects.get().case_number == "清司复〔2025〕1号"


def test_export_then_import_into_an_empty_unit(tree, clerk, people):
    rows = [
        row(案号="清司复〔2025〕7号", 听证日期=D(2025, 4, 10), 代理人="周律师"),
        row(申请人="某商贸有限公司", 申请人类型="法人", 证件类型="统一社会信用代码", 证件号码="91390121MA0000000X",
            受理日期=None, 结案方式="", 决定日期=None, 批准人="", 结案日期=None, 不予受理日期=D(2025, 3, 6),
            不予受理理由="申请超过法定申请期限"),
        row(申请人="王某", 证件号码="", 结案方式="终止", 终止事由=str(TerminationGround.WITHDRAWN_SELF_CORRECTED.label),
            批准人="", 决定日期=None, 结案日期=D(2025, 3, 20)),
        row(申请人="赵某", 证件号码="", 收到申请日期=D(2026, 2, 26), 受理日期=None, 结案方式="", 决定日期=None,
            批准人="", 结案日期=None, 承办人=""),
    ]  # fmt: skip
    assert do_import(clerk, rows).ok
    register_ = get_register(KEY)
    out = io.BytesIO()
    write_export(
        register_, ReconsiderationCase.objects.restrict(clerk).order_by("created_at"), out, actor=clerk
    )
    book = load_workbook(io.BytesIO(out.getvalue()))
    sheet = book["行政复议案件"]
    headers = [c.value for c in sheet[1]]
    assert headers[-1] == "状态"
    exported = [dict(zip(headers, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert exported[0]["证件号码"] == "390***********0018、390***********0021"  # masked
    assert exported[0]["申请人"] == "张某、李某" and exported[0]["状态"] == "已结案"

    empty = make_unit(
        "清河县行政复议中心", parent=tree.county, kind=UnitKind.JUSTICE, code="qh-fyzx", short_name="清复"
    )
    importer = people.legal
    for r in sheet.iter_rows(min_row=2):
        r[headers.index("单位")].value = "qh-fyzx"
        r[headers.index("承办人")].value = None  # the old unit's handler does not work at the new one
    content = io.BytesIO()
    book.save(content)
    result = do_import(importer, content.getvalue())
    assert "是导出时脱敏的号码" in str(result.errors[0])
    assert not ReconsiderationCase.objects.filter(unit=empty).exists()

    full = {0: f"{ID_1}、{ID_2}", 1: "91390121MA0000000X"}
    for index, r in enumerate(sheet.iter_rows(min_row=2)):
        r[headers.index("证件号码")].value = full.get(index)
    content = io.BytesIO()
    book.save(content)
    result = do_import(importer, content.getvalue())
    assert result.ok, [str(e) for e in result.errors]

    def picture(unit):
        cases = ReconsiderationCase.objects.filter(unit=unit).order_by("received_on", "case_number")
        return [
            (
                c.case_number, c.status, c.received_on, c.accepted_on, c.refused_on, c.refusal_reason,
                c.decision_type, c.termination_ground, c.decided_on, c.closed_on, c.closed_late,
                c.respondent_name, c.respondent_unit_id, c.contested_act, c.category, c.channel,
                c.agent_name, c.procedure,
                [(a.kind, a.name, a.id_type, a.id_number) for a in c.applicants.order_by("created_at")],
                list(c.events.filter(kind=EventKind.HEARING).values_list("on", flat=True)),
            )
            for c in cases
        ]  # fmt: skip

    assert picture(empty) == picture(tree.justice)
    assert len(picture(empty)) == 4
