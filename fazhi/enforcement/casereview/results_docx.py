"""The 评查情况通报 of a campaign as .docx (GB/T 9704 layout from fazhi.docgen): totals, the table of units
and the common problems, most frequent first — a draft the organiser edits before issuing it."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from fazhi.docgen.gongwen import gongwen_document
from fazhi.enforcement.casereview.choices import Grade
from fazhi.enforcement.casereview.models import ReviewCampaign
from fazhi.enforcement.casereview.selectors import campaign_results, common_problems

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOP_PROBLEMS = 10


def _grade(value: str) -> str:
    return str(Grade(value).label) if value else "—"


def report_document(campaign: ReviewCampaign) -> bytes:
    rows, total = campaign_results(campaign)
    problems = common_problems(campaign, finished_only=True)
    document = gongwen_document()
    document.add_paragraph(f"关于{campaign.name}情况的通报", style="Title")
    rubric = campaign.rubric
    document.add_paragraph(
        f"按照{campaign.unit.name}部署，依据《{rubric.name}》，从{len(rows)}个单位"
        f"{campaign.period_from:%Y年%m月%d日}至{campaign.period_to:%Y年%m月%d日}已结案件中随机抽取案卷"
        f"{total.files}宗（随机种子{campaign.seed or '—'}，可复核），已评定{total.reviewed}宗，"
        f"平均{total.average if total.average is not None else '—'}分；其中优秀{total.excellent}宗、"
        f"合格{total.passed}宗、不合格{total.failed}宗（触及否决项{total.vetoed}宗）。"
        f"评定标准：{rubric.excellent_line}分以上为优秀，{rubric.pass_line}分以上为合格。"
    )
    document.add_heading("一、各单位评查结果", level=1)
    table = document.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("单位", "抽取", "已评定", "平均分", "优秀", "不合格", "等次"), strict=True
    ):
        cell.text = text
    for r in rows:
        values = (
            r.unit.name,
            r.files,
            r.reviewed,
            r.average if r.average is not None else "—",
            r.excellent,
            r.failed,
            _grade(r.grade),
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    document.add_heading("二、存在的主要问题", level=1)
    if not problems:
        document.add_paragraph("已评定案卷未发现扣分问题。")
    for n, p in enumerate(problems[:TOP_PROBLEMS], start=1):
        document.add_paragraph(f"{n}. {p.section}：{p.text}。涉及案卷{p.files}宗，涉及单位：{p.unit_list}。")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
