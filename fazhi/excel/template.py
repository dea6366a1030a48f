"""The import template of a register: the header row, the rules, and drop-down lists.

* sheet 1 (the register's name): the header row (required columns in red), each header with a
  comment stating its rule; text columns formatted as text so long numbers (身份证号) stay intact;
  drop-down lists for choice, yes/no and unit columns;
* “填写说明”: every column with whether it is required, its rule and an example, and the general rules
  (no formulas, no merged cells, the row limit);
* “单位代码” (when a column takes a unit): the units the user may choose, code and name.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.excel import conf
from fazhi.excel.registers import BOOL, CHOICE, DATE, DATETIME, DECIMAL, INT, UNIT, USER, Register
from fazhi.excel.writer import DATE_FORMAT, HEADER_FILL, HEADER_FONT, REQUIRED_FONT

UNIT_SHEET = gettext_lazy("单位代码")
GUIDE_SHEET = gettext_lazy("填写说明")
KIND_RULES = {
    DATE: gettext_lazy("填写日期，如 2025-01-31。"),
    DATETIME: gettext_lazy("填写日期和时间，如 2025-01-31 09:30。"),
    INT: gettext_lazy("填写整数。"),
    DECIMAL: gettext_lazy("填写数字。"),
    BOOL: gettext_lazy("填写“是”或“否”。"),
}


def column_rule(register: Register, column) -> str:
    parts = []
    if column.required:
        parts.append(_("必填。"))
    if column.type == CHOICE:
        labels = "、".join(label for _v, label in register.choices(column))
        parts.append(_("可选：%(labels)s。") % {"labels": labels})
    elif column.type in KIND_RULES:
        parts.append(str(KIND_RULES[column.type]))
    if column.hint:
        parts.append(str(column.hint))
    return "".join(parts) or _("选填。")


def build_template(register: Register, *, actor) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = register.sheet_name
    columns = register.import_columns()
    limit = conf.max_rows()
    last_row = limit + 1
    kwargs = register.form_kwargs(actor) if register.form_kwargs else {"user": actor}
    form = register.form_class(data=None, **kwargs)
    unit_rows = None

    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        comment = Comment(column_rule(register, column), "fazhi")
        comment.width, comment.height = 260, 120
        cell.comment = comment
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.type in (DATE,):
            dimension.number_format = DATE_FORMAT
        elif column.type == DATETIME:
            dimension.number_format = "yyyy-mm-dd hh:mm"
        elif column.type not in (INT, DECIMAL):
            dimension.number_format = "@"  # text: Excel keeps 身份证号 and leading zeros as typed
        area = f"{letter}2:{letter}{last_row}"
        if column.type in (CHOICE, BOOL):
            if column.type == BOOL:
                labels = [_("是"), _("否")]
            else:
                labels = [label for _v, label in register.choices(column)]
            listed = ",".join(labels)
            if len(listed) <= 250 and '"' not in listed:
                _add_list(sheet, f'"{listed}"', area, column.title)
        elif column.type in (UNIT, USER):
            field = form.fields.get(column.fields[0])
            if column.type == UNIT and field is not None and hasattr(field, "queryset"):
                if unit_rows is None:
                    unit_rows = _unit_sheet(workbook, field)
                if unit_rows:
                    source = f"{quote_sheetname(str(UNIT_SHEET))}!$A$2:$A${unit_rows + 1}"
                    _add_list(sheet, source, area, column.title)
    sheet.freeze_panes = "A2"
    _guide_sheet(workbook, register, columns, limit)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_list(sheet, formula: str, area: str, title: str) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    validation.errorTitle = _("输入值无效")
    validation.error = _("「%(title)s」请从下拉列表中选择。") % {"title": title}
    sheet.add_data_validation(validation)
    validation.add(area)


def _unit_sheet(workbook: Workbook, field) -> int:
    """The units this user may choose (the form's own narrowed list), in tree order."""
    from fazhi.core.forms.units import tree_order

    units = tree_order(list(field.queryset))
    sheet = workbook.create_sheet(str(UNIT_SHEET))
    sheet.append([_("单位代码"), _("单位名称")])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for unit in units:
        sheet.append([unit.code, unit.name])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 36
    sheet.freeze_panes = "A2"
    return len(units)


def _guide_sheet(workbook: Workbook, register: Register, columns, limit: int) -> None:
    sheet = workbook.create_sheet(str(GUIDE_SHEET))
    sheet.append([_("%(title)s导入模板 · 填写说明") % {"title": register.title}])
    sheet["A1"].font = Font(bold=True, size=14)
    rules = [
        _("在“%(sheet)s”工作表中从第 2 行起每行填写一条记录；第 1 行是表头，请勿修改、删除或调整列名。")
        % {"sheet": register.sheet_name},
        _("红色表头的列必须填写；鼠标移到表头上可看到该列的填写要求。"),
        _("不要使用公式（请复制后“粘贴为数值”），不要合并单元格，不要插入空白的表头列。"),
        _("一次最多导入 %(limit)s 行；所有行都校验通过后才会保存，只要有一行有错误，就不会保存任何数据。")
        % {"limit": f"{limit:,}"},
        _("如有错误，页面会逐行列出，并可下载“错误说明表”：改正其中标红的单元格后，可直接上传该表重新导入。"),
    ]
    if register.description:
        rules.append(str(register.description))
    for number, rule in enumerate(rules, 1):
        sheet.append([f"{number}. {rule}"])
    sheet.append([])
    sheet.append([_("列名"), _("是否必填"), _("填写要求"), _("示例")])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for column in columns:
        example = column.example
        required = _("必填") if column.required else _("选填")
        example = "" if example is None else str(example)
        sheet.append([column.title, required, column_rule(register, column), example])
    for letter, width in (("A", 16), ("B", 10), ("C", 80), ("D", 26)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
