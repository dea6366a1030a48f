"""The tables of the 政府信息公开工作年度报告, as data: rows, columns, cells, sums and cross-checks.

The 2021 format (国办公开办函〔2021〕30号, RULES.md §2.4) is the only layout today. A layout is a
:class:`Layout` holding its tables; each table lists its cells (typed or computed), the sums that
compute the computed cells, the balance checks, and the grid that places labels and cells exactly as
the form prints them (merged cells included). The entry page, the read-only page, the .docx and the
.xlsx are all drawn from that one grid, and the services validate against the same rules, so they
cannot drift apart. The trial format (国办公开办函〔2019〕60号) would be another ``Layout`` in
``LAYOUTS``: its 表二 blocks differ and its 表三（六） has no sub-items; 表四 is the same.

Labels are the form's own words, character for character (full-width brackets and quotes as printed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

COUNT = "count"
AMOUNT = "amount"  # 万元, up to four decimals
MAX_COUNT = Decimal(10) ** 9
MAX_AMOUNT = Decimal(10) ** 11


@dataclass(frozen=True)
class Cell:
    """One figure of a table: ``code`` is ``<table>.<row>.<column>`` (``t3.new.natural``)."""

    table: str
    row: str
    column: str
    #: where the figure stands, in the form's words: 表三 第“一、本年新收政府信息公开申请数量”行“自然人”列
    where: str
    row_label: str
    column_label: str
    kind: str = COUNT
    computed: bool = False
    #: catalog metric keys whose computed value may fill this cell (looked up at run time; see prefill)
    sources: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"


@dataclass(frozen=True)
class Sum:
    """``target`` is the sum of ``parts``; ``parts_text`` names the parts in a refusal."""

    target: str
    parts: tuple[str, ...]
    parts_text: str


@dataclass(frozen=True)
class Balance:
    """``left`` summed equals ``right`` summed; the refusal is filed at ``at``."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    at: str
    message: str  # with {left} and {right} for the two sums


@dataclass(frozen=True)
class GridCell:
    """A rectangle of the printed table: a label (``text``) or a figure (``code``)."""

    r: int
    c: int
    text: str = ""
    code: str = ""
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # a column heading (bold, shaded) rather than a row label


@dataclass(frozen=True)
class Table:
    code: str  # t2, t3, t4
    number: str  # 表二
    heading: str  # 二、主动公开政府信息情况
    cells: tuple[Cell, ...]
    sums: tuple[Sum, ...]
    balances: tuple[Balance, ...]
    grid: tuple[GridCell, ...]
    #: rows of the grid that are column headings (repeated on each page of a long table)
    header_rows: int = 0

    @property
    def width(self) -> int:
        return max(g.c + g.colspan for g in self.grid)

    @property
    def height(self) -> int:
        return max(g.r + g.rowspan for g in self.grid)

    def grid_rows(self) -> list[list[GridCell]]:
        rows: list[list[GridCell]] = [[] for _ in range(self.height)]
        for g in self.grid:
            rows[g.r].append(g)
        for row in rows:
            row.sort(key=lambda g: g.c)
        return rows


@dataclass(frozen=True)
class Layout:
    code: str
    label: str
    basis: str
    tables: tuple[Table, ...]
    cells: dict[str, Cell] = field(default_factory=dict)

    def __post_init__(self):
        for table in self.tables:
            for cell in table.cells:
                if cell.code in self.cells:
                    raise ValueError(f"单元格 {cell.code} 重复")
                self.cells[cell.code] = cell

    @property
    def input_cells(self) -> list[Cell]:
        return [c for c in self.cells.values() if not c.computed]

    @property
    def computed_cells(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.computed]

    def table(self, code: str) -> Table:
        return next(t for t in self.tables if t.code == code)

    @property
    def sums(self) -> list[Sum]:
        return [s for t in self.tables for s in t.sums]

    @property
    def balances(self) -> list[Balance]:
        return [b for t in self.tables for b in t.balances]


def _q(text: str) -> str:
    return f"“{text}”"


# --- 表二 主动公开政府信息情况 ----------------------------------------------------------------------

T2_BLOCKS = (
    # (block heading, value columns (code, label), rows (code, label, sources per column), kind)
    (
        "第二十条第（一）项",
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (
            ("rules", "规章", {}),
            (
                "normative",
                "行政规范性文件",
                {
                    "issued": ("normative.issued",),
                    "repealed": ("normative.repealed", "normative.cleanup_repealed"),
                    "in_force": ("normative.in_force",),
                },
            ),
        ),
        COUNT,
    ),
    (
        "第二十条第（五）项",
        (("decisions", "本年处理决定数量"),),
        (("licensing", "行政许可", {"decisions": ("enforcement.licensing_decisions",)}),),
        COUNT,
    ),
    (
        "第二十条第（六）项",
        (("decisions", "本年处理决定数量"),),
        (
            ("penalty", "行政处罚", {"decisions": ("enforcement.penalty_decisions",)}),
            ("coercion", "行政强制", {"decisions": ("enforcement.coercion_decisions",)}),
        ),
        COUNT,
    ),
    (
        "第二十条第（八）项",
        (("amount", "本年收费金额（单位：万元）"),),
        (("fees", "行政事业性收费", {}),),
        AMOUNT,
    ),
)


def _table2() -> Table:
    cells: list[Cell] = []
    grid: list[GridCell] = []
    width = 4
    r = 0
    for heading, columns, rows, kind in T2_BLOCKS:
        grid.append(GridCell(r, 0, text=heading, colspan=width, header=True))
        r += 1
        grid.append(GridCell(r, 0, text="信息内容", header=True))
        span = (width - 1) // len(columns)
        for i, (_code, label) in enumerate(columns):
            grid.append(GridCell(r, 1 + i * span, text=label, colspan=span, header=True))
        r += 1
        for row_code, row_label, sources in rows:
            grid.append(GridCell(r, 0, text=row_label))
            for i, (col_code, col_label) in enumerate(columns):
                cell = Cell(
                    "t2", row_code, col_code,
                    where=f"表二 {heading} 第{_q(row_label)}行{_q(col_label)}列",
                    row_label=row_label, column_label=col_label, kind=kind,
                    sources=tuple(sources.get(col_code, ())),
                )  # fmt: skip
                cells.append(cell)
                grid.append(GridCell(r, 1 + i * span, code=cell.code, colspan=span))
            r += 1
    return Table("t2", "表二", "二、主动公开政府信息情况", tuple(cells), (), (), tuple(grid))


# --- 表三 收到和处理政府信息公开申请情况 ------------------------------------------------------------

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
)
T3_TOTAL = ("total", "总计")
T3_SECTION = "三、本年度办理结果"
#: (code, label in its cell, group heading or "") — the 22 rows under 三, in the form's order
T3_RESULTS = (
    ("disclosed", "（一）予以公开", ""),
    ("partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("secret", "1.属于国家秘密", "（三）不予公开"),
    ("prohibited", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("security", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("internal", "5.属于三类内部事务信息", "（三）不予公开"),
    ("process", "6.属于四类过程性信息", "（三）不予公开"),
    ("enforcement_file", "7.属于行政执法案卷", "（三）不予公开"),
    ("inquiry", "8.属于行政查询事项", "（三）不予公开"),
    ("not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("petition", "1.信访举报投诉类申请", "（五）不予处理"),
    ("repeated", "2.重复申请", "（五）不予处理"),
    ("publication", "3.要求提供公开出版物", "（五）不予处理"),
    ("excessive", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    (
        "no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
    ),
    (
        "no_payment",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
    ),
    ("other_handling", "3.其他", "（六）其他处理"),
    ("handled", "（七）总计", ""),
)
T3_ROWS_BEFORE = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried", "二、上年结转政府信息公开申请数量"),
)
T3_ROWS_AFTER = (("carried_over", "四、结转下年度继续办理"),)
#: the reply types (RULES.md §2.2) grouped as their headings in the form: the catalog's responses_by_type
T3_RESPONSE_GROUPS = {
    "disclosed": ("disclosed",),
    "partly_disclosed": ("partly",),
    "not_disclosed": tuple(c for c, _l, g in T3_RESULTS if g == "（三）不予公开"),
    "unavailable": tuple(c for c, _l, g in T3_RESULTS if g == "（四）无法提供"),
    "not_processed": tuple(c for c, _l, g in T3_RESULTS if g == "（五）不予处理"),
    "other": tuple(c for c, _l, g in T3_RESULTS if g == "（六）其他处理"),
}


def t3_row_name(code: str) -> str:
    """The row as a refusal names it: 一、本年新收…, 三（七）总计, 三（三）不予公开 1.属于国家秘密."""
    for c, label in (*T3_ROWS_BEFORE, *T3_ROWS_AFTER):
        if c == code:
            return label
    for c, label, group in T3_RESULTS:
        if c == code:
            return f"三{group} {label}" if group else f"三{label}"
    raise KeyError(code)


def _table3() -> Table:
    columns = (*T3_APPLICANTS, T3_TOTAL)
    rows = [*(c for c, _ in T3_ROWS_BEFORE), *(c for c, _, _ in T3_RESULTS), *(c for c, _ in T3_ROWS_AFTER)]
    items = [c for c, _, _ in T3_RESULTS if c != "handled"]
    applicant_codes = [c for c, _ in T3_APPLICANTS]
    cells: list[Cell] = []
    for row in rows:
        for col, col_label in columns:
            cells.append(
                Cell(
                    "t3", row, col,
                    where=f"表三 第{_q(t3_row_name(row))}行{_q(col_label)}列",
                    row_label=t3_row_name(row), column_label=col_label,
                    computed=row == "handled" or col == "total",
                )
            )  # fmt: skip
    sums: list[Sum] = []
    for col, _label in T3_APPLICANTS:
        sums.append(Sum(f"t3.handled.{col}", tuple(f"t3.{r}.{col}" for r in items), "（一）至（六）各项之和"))
    applicants_text = "、".join(_q(label) for _c, label in T3_APPLICANTS) + "六列之和"
    for row in rows:
        sums.append(Sum(f"t3.{row}.total", tuple(f"t3.{row}.{c}" for c in applicant_codes), applicants_text))
    balances = tuple(
        Balance(
            left=(f"t3.new.{col}", f"t3.carried.{col}"),
            right=(f"t3.handled.{col}", f"t3.carried_over.{col}"),
            at=f"t3.carried_over.{col}",
            message=(
                f"表三 第{_q(T3_ROWS_BEFORE[0][1])}行加{_q(T3_ROWS_BEFORE[1][1])}行之和（{{left}}）"
                f"不等于{_q('三（七）总计')}行加{_q(T3_ROWS_AFTER[0][1])}行之和（{{right}}）：{_q(label)}列"
            ),
        )
        for col, label in columns
    )

    grid: list[GridCell] = [
        GridCell(0, 0, text=T3_NOTE, rowspan=3, colspan=3, header=True),
        GridCell(0, 3, text="申请人情况", colspan=7, header=True),
        GridCell(1, 3, text="自然人", rowspan=2, header=True),
        GridCell(1, 4, text="法人或其他组织", colspan=5, header=True),
        GridCell(1, 9, text="总计", rowspan=2, header=True),
        *(GridCell(2, 4 + i, text=label, header=True) for i, (_c, label) in enumerate(T3_APPLICANTS[1:])),
    ]
    r = 3

    def figures(row: str, at: int) -> None:
        for i, (col, _label) in enumerate(columns):
            grid.append(GridCell(at, 3 + i, code=f"t3.{row}.{col}"))

    for code, label in T3_ROWS_BEFORE:
        grid.append(GridCell(r, 0, text=label, colspan=3))
        figures(code, r)
        r += 1
    grid.append(GridCell(r, 0, text=T3_SECTION, rowspan=len(T3_RESULTS)))
    seen_groups: set[str] = set()
    for code, label, group in T3_RESULTS:
        if group:
            if group not in seen_groups:
                seen_groups.add(group)
                span = sum(1 for _c, _l, g in T3_RESULTS if g == group)
                grid.append(GridCell(r, 1, text=group, rowspan=span))
            grid.append(GridCell(r, 2, text=label))
        else:
            grid.append(GridCell(r, 1, text=label, colspan=2))
        figures(code, r)
        r += 1
    for code, label in T3_ROWS_AFTER:
        grid.append(GridCell(r, 0, text=label, colspan=3))
        figures(code, r)
        r += 1
    return Table(
        "t3", "表三", "三、收到和处理政府信息公开申请情况", tuple(cells), tuple(sums), balances, tuple(grid),
        header_rows=3,
    )  # fmt: skip


# --- 表四 政府信息公开行政复议、行政诉讼情况 ---------------------------------------------------------

T4_RESULTS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_GROUPS = (
    ("review", "行政复议", ""),
    ("direct", "未经复议直接起诉", "行政诉讼"),
    ("after_review", "复议后起诉", "行政诉讼"),
)


def _table4() -> Table:
    cells: list[Cell] = []
    sums: list[Sum] = []
    parts_text = "、".join(_q(label) for c, label in T4_RESULTS if c != "total") + "四列之和"
    for group, label, parent in T4_GROUPS:
        name = f"{parent}·{label}" if parent else label
        for col, col_label in T4_RESULTS:
            cells.append(
                Cell(
                    "t4", group, col, where=f"表四 {_q(name)}栏{_q(col_label)}列", row_label=name,
                    column_label=col_label, computed=col == "total",
                )
            )  # fmt: skip
        sums.append(Sum(f"t4.{group}.total", tuple(f"t4.{group}.{c}" for c, _ in T4_RESULTS[:4]), parts_text))
    grid: list[GridCell] = [
        GridCell(0, 0, text="行政复议", colspan=5, header=True),
        GridCell(0, 5, text="行政诉讼", colspan=10, header=True),
        *(GridCell(1, i, text=label, rowspan=2, header=True) for i, (_c, label) in enumerate(T4_RESULTS)),
        GridCell(1, 5, text="未经复议直接起诉", colspan=5, header=True),
        GridCell(1, 10, text="复议后起诉", colspan=5, header=True),
        *(GridCell(2, 5 + i, text=label, header=True) for i, (_c, label) in enumerate(T4_RESULTS)),
        *(GridCell(2, 10 + i, text=label, header=True) for i, (_c, label) in enumerate(T4_RESULTS)),
    ]
    for g, (group, _label, _parent) in enumerate(T4_GROUPS):
        for i, (col, _col_label) in enumerate(T4_RESULTS):
            grid.append(GridCell(3, g * 5 + i, code=f"t4.{group}.{col}"))
    return Table(
        "t4", "表四", "四、政府信息公开行政复议、行政诉讼情况", tuple(cells), tuple(sums), (), tuple(grid),
        header_rows=3,
    )  # fmt: skip


LAYOUT_2021 = Layout(
    code="2021",
    label="2021年版",
    basis="国办公开办函〔2021〕30号",
    tables=(_table2(), _table3(), _table4()),
)
LAYOUTS: dict[str, Layout] = {LAYOUT_2021.code: LAYOUT_2021}
LAYOUT_CHOICES = [(code, f"{layout.label}（{layout.basis}）") for code, layout in LAYOUTS.items()]
DEFAULT_LAYOUT = LAYOUT_2021.code


def get_layout(code: str) -> Layout:
    return LAYOUTS[code]


# --- values: parsing, totals, checks -------------------------------------------------------------------


def format_value(cell: Cell, value: Decimal | None) -> str:
    """12; 3.5; 0.1234 — counts whole, amounts without trailing zeros."""
    if value is None:
        return ""
    if cell.kind == COUNT:
        return str(int(value))
    text = f"{Decimal(value).quantize(Decimal('0.0001')):f}".rstrip("0").rstrip(".")
    return text or "0"


def parse_value(cell: Cell, raw) -> tuple[Decimal | None, str]:
    """``raw`` (text, number or None) as the cell's value, or the reason it is refused (in Chinese).

    Blank is 0: the form prints every cell, and an empty one is a nil return."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Decimal(0), ""
    if isinstance(raw, bool):
        return None, f"{cell.where}：应填写数字"
    text = str(raw).strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(text) if not isinstance(raw, float) else Decimal(repr(raw))
    except InvalidOperation:
        return None, f"{cell.where}：“{str(raw).strip()[:20]}”不是数字"
    if not value.is_finite():
        return None, f"{cell.where}：“{str(raw).strip()[:20]}”不是数字"
    if value < 0:
        return None, f"{cell.where}：不能为负数（{format_plain(value)}）"
    if cell.kind == COUNT:
        if value != value.to_integral_value():
            return None, f"{cell.where}：应为整数（件数），不能是 {format_plain(value)}"
        if value >= MAX_COUNT:
            return None, f"{cell.where}：数值过大（{format_plain(value)}）"
        return Decimal(int(value)), ""
    if value.as_tuple().exponent < -4 and value != value.quantize(Decimal("0.0001")):
        return None, f"{cell.where}：金额以万元为单位，最多保留4位小数（{format_plain(value)}）"
    if value >= MAX_AMOUNT:
        return None, f"{cell.where}：数值过大（{format_plain(value)}）"
    return value.quantize(Decimal("0.0001")), ""


def format_plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def compute(layout: Layout, inputs: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Every cell's value: the inputs as given (missing ones 0) and the sums in the layout's order."""
    values: dict[str, Decimal] = {c.code: Decimal(inputs.get(c.code, 0)) for c in layout.input_cells}
    for rule in layout.sums:  # ordered: a sum's parts are inputs or sums listed before it
        values[rule.target] = sum((values[p] for p in rule.parts), start=Decimal(0))
    return values


def check(
    layout: Layout, inputs: Mapping[str, Decimal], stated: Mapping[str, Decimal] | None = None
) -> tuple[dict[str, Decimal], dict[str, list[str]]]:
    """All values and the refusals, by cell code.

    ``stated`` holds figures given for computed cells (a total typed into the .xlsx or sent to the API):
    each must equal its sum. Every balance (一 + 二 = 三（七） + 四, per column) is checked on the
    computed values."""
    values = compute(layout, inputs)
    errors: dict[str, list[str]] = {}
    for rule in layout.sums:
        if stated and rule.target in stated and stated[rule.target] != values[rule.target]:
            cell = layout.cells[rule.target]
            errors.setdefault(rule.target, []).append(
                f"{cell.where}填写的数（{format_value(cell, stated[rule.target])}）不等于{rule.parts_text}"
                f"（{format_value(cell, values[rule.target])}）"
            )
    for balance in layout.balances:
        left = sum((values[c] for c in balance.left), start=Decimal(0))
        right = sum((values[c] for c in balance.right), start=Decimal(0))
        if left != right:
            errors.setdefault(balance.at, []).append(
                balance.message.format(left=format_plain(left), right=format_plain(right))
            )
    return values, errors
