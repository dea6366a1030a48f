"""The 2021 layout as data: the form's rows, columns and labels, and the grid every output is drawn from."""

from __future__ import annotations

from decimal import Decimal

from fazhi.disclosure.tables import LAYOUT_2021, LAYOUTS, T3_RESULTS, check, compute, parse_value


def labels(table) -> list[str]:
    return [g.text for g in table.grid if g.text]


def test_table_three_has_25_rows_with_22_under_the_results():
    t3 = LAYOUT_2021.table("t3")
    assert len(T3_RESULTS) == 22
    assert t3.height - t3.header_rows == 25
    assert t3.width == 10
    rows = {c.row for c in t3.cells}
    assert len(rows) == 25
    assert len(t3.cells) == 25 * 7


def test_table_three_labels_are_the_forms():
    text = labels(LAYOUT_2021.table("t3"))
    assert text[:5] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
    ]
    assert text[5:10] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for label in (
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
        "3.危及“三安全一稳定”",
        "8.属于行政查询事项",
        "（四）无法提供",
        "（五）不予处理",
        "5.要求行政机关确认或重新出具已获取信息",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（七）总计",
        "四、结转下年度继续办理",
    ):
        assert label in text


def test_table_two_blocks_and_table_four_two_level_header():
    t2 = labels(LAYOUT_2021.table("t2"))
    assert t2[:5] == ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert "本年收费金额（单位：万元）" in t2
    assert len(LAYOUT_2021.table("t2").cells) == 10
    t4 = LAYOUT_2021.table("t4")
    assert len(t4.cells) == 15
    assert t4.height == 4
    assert [g.text for g in t4.grid if g.r == 0] == ["行政复议", "行政诉讼"]
    assert [g.text for g in t4.grid if g.r == 1] == [
        "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
    ]  # fmt: skip
    assert len([g for g in t4.grid if g.code]) == 15


def test_every_grid_position_is_covered_exactly_once():
    for table in LAYOUT_2021.tables:
        seen = {}
        for g in table.grid:
            for r in range(g.r, g.r + g.rowspan):
                for c in range(g.c, g.c + g.colspan):
                    assert (r, c) not in seen, (table.code, r, c)
                    seen[(r, c)] = g
        assert len(seen) == table.width * table.height
        assert {g.code for g in table.grid if g.code} == {c.code for c in table.cells}


def test_computed_cells_are_the_totals():
    computed = {c.code for c in LAYOUT_2021.computed_cells}
    assert "t3.handled.natural" in computed
    assert "t3.new.total" in computed
    assert "t4.after_review.total" in computed
    assert "t3.secret.natural" not in computed
    assert len(computed) == 25 + 6 + 3


def test_compute_and_check_on_plain_figures():
    values = compute(LAYOUT_2021, {"t3.new.natural": Decimal(2), "t3.disclosed.natural": Decimal(2)})
    assert values["t3.handled.natural"] == 2
    assert values["t3.handled.total"] == 2
    _values, errors = check(LAYOUT_2021, {"t3.new.natural": Decimal(2), "t3.disclosed.natural": Decimal(2)})
    assert errors == {}


def test_parse_value():
    cell = LAYOUT_2021.cells["t2.fees.amount"]
    assert parse_value(cell, "1,234.5") == (Decimal("1234.5000"), "")
    assert parse_value(cell, 0.1234) == (Decimal("0.1234"), "")
    assert parse_value(cell, "") == (Decimal(0), "")
    count = LAYOUT_2021.cells["t3.new.natural"]
    assert parse_value(count, 12.0) == (Decimal(12), "")
    assert parse_value(count, "1e3") == (Decimal(1000), "")
    assert parse_value(count, "nan")[1].endswith("“nan”不是数字")


def test_only_the_2021_layout_today():
    assert list(LAYOUTS) == ["2021"]
    assert LAYOUT_2021.basis == "国办公开办函〔2021〕30号"
