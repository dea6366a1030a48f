"""The results of a campaign as .xlsx: per unit, every file, and the common problems (one sheet each)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from fazhi.enforcement.casereview.choices import Grade
from fazhi.enforcement.casereview.models import ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.selectors import campaign_results, common_problems, visible
from fazhi.excel.writer import add_sheet, header_cells, new_workbook, set_layout

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _num(value):
    return float(value) if isinstance(value, Decimal) else value


def _grade(value: str) -> str:
    return str(Grade(value).label) if value else ""


def results_workbook(campaign: ReviewCampaign, user=None) -> bytes:
    """The three sheets; with ``user``, only the rows that user may see (a participating unit: its own)."""
    workbook = new_workbook()
    rows, total = campaign_results(campaign, user)

    sheet = add_sheet(workbook, "单位评查结果")
    set_layout(sheet, (30, 12, 10, 10, 10, 8, 8, 8, 10, 10))
    sheet.append(
        header_cells(
            sheet,
            [
                "单位",
                "期内已结案件",
                "抽取宗数",
                "已评定",
                "平均分",
                "优秀",
                "合格",
                "不合格",
                "触及否决项",
                "单位等次",
            ],
        )
    )
    sheet.write_rows(
        [
            r.unit.name if r.unit else "合计",
            r.candidates,
            r.files,
            r.reviewed,
            _num(r.average),
            r.excellent,
            r.passed,
            r.failed,
            r.vetoed,
            _grade(r.grade),
        ]
        for r in [*rows, total]
    )

    sheet = add_sheet(workbook, "案卷得分")
    set_layout(sheet, (30, 28, 40, 8, 10, 10, 12, 40))
    sheet.append(
        header_cells(sheet, ["单位", "案号", "案由", "得分", "等次", "否决项", "评定日期", "评查意见"])
    )
    files = (
        visible(SampledCase.objects.filter(campaign=campaign), user)
        .select_related("case", "stratum__unit")
        .order_by("stratum__unit__sort_order", "stratum__unit__code", "position")
    )
    sheet.write_rows(
        [
            f.stratum.unit.name,
            f.case.number,
            f.case.title,
            _num(f.score),
            _grade(f.grade),
            "是" if f.vetoed else "",
            f.finished_on,
            f.summary,
        ]
        for f in files
    )

    sheet = add_sheet(workbook, "共性问题")
    set_layout(sheet, (8, 12, 40, 40, 10, 10, 60))
    sheet.append(
        header_cells(
            sheet, ["项目序号", "评查类别", "评查项目", "问题", "案卷数", "扣分合计", "涉及单位（宗）"]
        )
    )
    sheet.write_rows(
        [p.number, p.section, p.item, p.text, p.files, _num(p.points), p.unit_list]
        for p in common_problems(campaign, user=user)
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
