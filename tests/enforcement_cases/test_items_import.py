"""Import of the 权责清单 (.xlsx, one row per 裁量基准): all or nothing, errors per row and column."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
from openpyxl import Workbook

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.excel_registers import KEY
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from tests.enforcement.factories import make_body
from tests.enforcement_cases.factories import make_item

pytestmark = pytest.mark.django_db

HEADERS = [
    "单位代码",
    "执法主体",
    "事项编码",
    "事项名称",
    "事项类别",
    "设定依据",
    "处罚依据",
    "基准编码",
    "裁量阶次",
    "违法情形",
    "处罚标准",
    "罚款下限（元）",
    "罚款上限（元）",
]


@pytest.fixture
def bodies(tree):
    return make_body(tree.dept_a, name="清河县市场监督管理局"), make_body(tree.dept_b, name="清河县公安局")


def row(**values) -> dict:
    base = {
        "单位代码": "qh-scj",
        "执法主体": "清河县市场监督管理局",
        "事项编码": "330217001000",
        "事项名称": "对未按规定公示食品经营许可证的处罚",
        "事项类别": "行政处罚",
        "设定依据": "《中华人民共和国食品安全法》第一百二十六条第一款",
        "处罚依据": "责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款",
        "基准编码": "01",
        "裁量阶次": "一般",
        "违法情形": "拒不改正，首次被发现",
        "处罚标准": "处五千元以上二万元以下罚款",
        "罚款下限（元）": 5000,
        "罚款上限（元）": 20000,
    }
    aliases = {"下限": "罚款下限（元）", "上限": "罚款上限（元）"}
    base.update({aliases.get(key, key): value for key, value in values.items()})
    return base


def workbook(rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "权责清单"
    sheet.append(HEADERS)
    for values in rows:
        sheet.append([values.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def do_import(actor, rows):
    content = workbook(rows)
    return run_import(
        get_register(KEY), io.BytesIO(content), actor=actor, size=len(content), filename="清单.xlsx"
    )


def counts():
    return (
        list(EnforcementItem.objects.order_by("pk").values()),
        list(DiscretionStandard.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def test_import_creates_items_with_their_bands(people, tree, bodies):
    result = do_import(
        people.legal,
        [
            row(基准编码="01", 裁量阶次="从轻或减轻", 下限=5000, 上限=10000),
            row(基准编码="02", 裁量阶次="一般", 下限=10000, 上限=30000),
            row(基准编码="03", 裁量阶次="从重", 下限=30000, 上限=50000),
            row(
                单位代码="qh-scj-cg",
                事项编码="330217001000",
                基准编码=None,
                裁量阶次=None,
                违法情形=None,
                处罚标准=None,
                下限=None,
                上限=None,
            ),
            row(
                单位代码="qh-gaj",
                执法主体="清河县公安局",
                事项编码="GA-001",
                事项名称="对扰乱单位秩序的处罚",
                事项类别=None,
                设定依据="《中华人民共和国治安管理处罚法》第二十三条第一款第（一）项",
                基准编码="01",
                裁量阶次="不予处罚",
                违法情形="情节特别轻微",
                处罚标准="不予处罚，予以批评教育",
                下限=None,
                上限=None,
            ),
        ],
    )
    assert result.ok, [str(e) for e in result.errors] or result.refused
    assert result.saved == 5
    food = EnforcementItem.objects.get(unit=tree.dept_a, code="330217001000")
    assert food.body == bodies[0]
    assert [(b.code, b.severity, b.fine_min, b.fine_max) for b in food.standards.order_by("code")] == [
        ("01", "lighter", Decimal("5000.00"), Decimal("10000.00")),
        ("02", "ordinary", Decimal("10000.00"), Decimal("30000.00")),
        ("03", "heavier", Decimal("30000.00"), Decimal("50000.00")),
    ]
    sub = EnforcementItem.objects.get(unit=tree.dept_a_child)
    assert sub.body == bodies[0] and sub.standards.count() == 0
    police = EnforcementItem.objects.get(code="GA-001")
    assert police.kind == "penalty"
    assert police.standards.get().severity == "exempt"
    # one event per record, and the import's own event
    assert AuditEvent.objects.filter(object_type="enforcement_cases.enforcementitem").count() == 3
    assert AuditEvent.objects.filter(object_type="enforcement_cases.discretionstandard").count() == 4
    assert AuditEvent.objects.filter(object_type="excel.import").count() == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"执法主体": "清河县不存在局"},
            "第 3 行「执法主体」：在“清河县市场监督管理局”及其上级单位中找不到名为“清河县不存在局”的执法主体，请先登记执法主体。",
        ),
        (
            {"事项名称": "名称不一样"},
            "第 3 行「事项名称」：同一事项（编码“330217001000”）的各行应一致，与该事项首行的“事项名称”不同。",
        ),
        ({"下限": 60000}, "第 3 行「罚款上限（元）」：罚款上限（20000 元）不能低于下限（60000 元）。"),
        ({"下限": -10}, "第 3 行「罚款下限（元）」：罚款金额不能为负数。"),
        ({"裁量阶次": None}, "第 3 行「裁量阶次」：填写裁量基准的，请选择裁量阶次。"),
        ({"基准编码": "01"}, "第 3 行：「单位代码」「事项编码」「基准编码」与第 2 行相同，不能重复。"),
        ({"单位代码": "qh-xx"}, "第 3 行「单位代码」：单位代码“qh-xx”不存在，或不在您可以操作的单位范围内。"),
        (
            {"裁量阶次": "特别严重"},
            "第 3 行「裁量阶次」：“特别严重”不是可选的值，应为：不予处罚、从轻或减轻、一般、从重。",
        ),
    ],
)
def test_a_bad_row_imports_nothing(people, bodies, changes, expected):
    before = counts()
    result = do_import(people.legal, [row(), row(**({"基准编码": "02"} | changes))])
    assert not result.ok
    assert expected in [str(e) for e in result.errors]
    assert result.error_sheet
    assert counts() == before


def test_an_item_code_already_registered_is_refused(people, tree, bodies):
    make_item(tree.dept_a, bodies[0], code="330217001000")
    before = counts()
    result = do_import(people.legal, [row()])
    assert [str(e) for e in result.errors] == [
        "第 2 行「事项编码」：“清河县市场监督管理局”已登记编码为“330217001000”的执法事项；导入只新增事项，已有事项请在页面上修改。"
    ]
    assert counts() == before


def test_a_unit_outside_the_importers_scope_is_refused(people, bodies):
    before = counts()
    result = do_import(people.clerk_a, [row(单位代码="qh-gaj", 执法主体="清河县公安局")])
    assert [str(e) for e in result.errors] == [
        "第 2 行「单位代码」：单位代码“qh-gaj”不存在，或不在您可以操作的单位范围内。"
    ]
    assert counts() == before


def test_a_few_hundred_rows_in_one_go(people, tree, bodies):
    rows = [
        row(
            事项编码=f"SC-{n // 3:04d}", 事项名称=f"对第{n // 3}类违法行为的处罚", 基准编码=f"{n % 3 + 1:02d}"
        )
        for n in range(600)
    ]
    started = time.perf_counter()
    result = do_import(people.legal, rows)
    elapsed = time.perf_counter() - started
    assert result.ok, [str(e) for e in result.errors[:5]]
    assert EnforcementItem.objects.count() == 200
    assert DiscretionStandard.objects.count() == 600
    assert elapsed < 30


def test_the_import_page_template_and_upload(people, tree, bodies, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from openpyxl import load_workbook

    client = login(people.clerk_a)
    url = reverse("excel:enforcement.items-import")
    page = client.get(url)
    assert page.status_code == 200
    assert "每行一条裁量基准" in page.content.decode()
    template = client.get(url, {"template": 1})
    book = load_workbook(io.BytesIO(template.content))
    assert [c.value.rstrip("*") for c in book["权责清单"][1]] == HEADERS
    upload = SimpleUploadedFile("清单.xlsx", workbook([row(单位代码="qh-scj-cg")]))
    response = client.post(url, {"file": upload})
    assert response.status_code in (200, 302)
    item = EnforcementItem.objects.get()
    assert item.unit == tree.dept_a_child and item.standards.count() == 1
