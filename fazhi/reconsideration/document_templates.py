"""Default templates of the 行政复议 documents, built with the 公文 helper (GB/T 9704-2012 layout).

Each builder returns a fresh python-docx Document whose ``{{字段}}`` placeholders are the fields
registered in ``documents.py``; the fixed wording follows the 2023 《行政复议法》 and cites the article
each notice or decision rests on. Administrators may replace any of them with their unit's own Word
file on the 文书模板 page (docs/docgen.md); the placeholders stay the same.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from fazhi.docgen.gongwen import BODY_SIZE, gongwen_document

LAW = "《中华人民共和国行政复议法》"


def _heading(title: str):
    """Organ name and document name (方正小标宋 2号, centred), then the 案号 right-aligned."""
    document = gongwen_document()
    document.add_paragraph("{{复议机关}}", style="Title")
    document.add_paragraph(title, style="Title")
    number = document.add_paragraph("{{案号}}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.paragraph_format.first_line_indent = Pt(0)
    return document


def _flush(document, text: str):
    """A line without first-line indent (addressee, party particulars)."""
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(0)
    return paragraph


def _body(document, *texts: str) -> None:
    for text in texts:
        document.add_paragraph(text)


def _signature(document) -> None:
    """Organ name and date, right-aligned four characters in (右空四字, GB/T 9704 §7.3.5)."""
    document.add_paragraph("")
    for text in ("{{复议机关}}", "{{成文日期}}"):
        line = document.add_paragraph(text)
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.first_line_indent = Pt(0)
        line.paragraph_format.right_indent = BODY_SIZE * 4


def _parties(document) -> None:
    """申请人 / 委托代理人 / 被申请人 particulars of a 决定书 (one applicant a line)."""
    _flush(document, "申请人：{{申请人信息}}")
    _flush(document, "{{委托代理人信息}}")
    _flush(document, "被申请人：{{被申请人}}")


def acceptance_notice():
    """受理通知书 — 第三十条第一款 (or 第三款, 视为受理); the 案号 and 验证码 for the status check."""
    document = _heading("行政复议受理通知书")
    _flush(document, "{{申请人}}：")
    _body(
        document,
        "你（单位）不服{{被申请人}}作出的{{行政行为}}，于{{收到申请日期}}向本机关提出行政复议申请。"
        "{{受理情形}}，受理日期为{{受理日期}}。",
        "本案适用{{审理程序}}审理。本机关将依照" + LAW + "第六十二条的规定，{{审理期限说明}}。"
        "行政复议期间，你（单位）可以依照该法第四十七条的规定查阅、复制被申请人提出的书面答复、"
        "作出行政行为的证据、依据和其他有关材料。",
        "本案案号为{{案号}}，查询验证码为{{查询验证码}}。你（单位）可以凭案号和查询验证码在{{查询网址}}"
        "查询本案办理进度。查询验证码仅用于查询办理进度，请妥善保管，不要告知他人。",
        "特此通知。",
    )
    _signature(document)
    return document


def correction_notice():
    """补正通知书 — 第三十一条: the items, once, and 十个工作日 from receipt."""
    document = _heading("行政复议申请补正通知书")
    _flush(document, "{{申请人}}：")
    _body(
        document,
        "你（单位）不服{{被申请人}}作出的{{行政行为}}，于{{收到申请日期}}向本机关提出行政复议申请。"
        "经审查，你（单位）提交的行政复议申请材料不齐全或者表述不清楚，无法判断该申请是否符合"
        + LAW
        + "第三十条第一款规定的受理条件。根据该法第三十一条第一款的规定，请你（单位）补正以下事项：",
        "{{补正事项}}",
        "请你（单位）自收到本通知书之日起十个工作日内向本机关提交补正材料。有正当理由不能按期补正的，"
        "可以向本机关申请延长补正期限。无正当理由逾期不补正的，视为你（单位）放弃行政复议申请，并记录在案。",
        "特此通知。",
    )
    _signature(document)
    return document


def refusal_decision():
    """不予受理决定书 — 第三十条第二款; the competent organ where named; 起诉 within 15 days."""
    document = _heading("不予受理行政复议申请决定书")
    _flush(document, "申请人：{{申请人信息}}")
    _flush(document, "被申请人：{{被申请人}}")
    _body(
        document,
        "申请人不服被申请人作出的{{行政行为}}，于{{收到申请日期}}向本机关提出行政复议申请。",
        "经审查，{{不予受理理由}}该申请不符合" + LAW + "第三十条第一款规定的受理条件。{{有权机关告知}}",
        "根据" + LAW + "第三十条第二款的规定，本机关决定不予受理。",
        "申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。",
    )
    _signature(document)
    return document


def answer_notice():
    """提出答复通知书 — 第四十八条 (10 working days) / 第五十四条 (简易, 5 working days)."""
    document = _heading("提出行政复议答复通知书")
    _flush(document, "{{被申请人}}：")
    _body(
        document,
        "{{申请人}}不服你单位作出的{{行政行为}}，于{{收到申请日期}}向本机关提出行政复议申请，本机关已于"
        "{{受理日期}}依法受理，本案适用{{审理程序}}审理。现将行政复议申请书副本（或者行政复议申请笔录复印件）"
        "发送你单位。",
        "根据"
        + LAW
        + "{{答复依据}}的规定，请你单位自收到本通知书之日起{{答复期限}}内，向本机关提出书面答复，"
        "并提交作出该行政行为的证据、依据和其他有关材料。",
        "行政复议期间，被申请人不得自行向申请人和其他有关单位或者个人收集证据（第四十六条）。"
        "你单位不按照规定提出书面答复、提交作出行政行为的证据、依据和其他有关材料的，视为该行政行为没有证据、"
        "依据，本机关将依照" + LAW + "第七十条的规定作出行政复议决定。",
        "特此通知。",
    )
    _signature(document)
    return document


def hearing_notice():
    """听证通知书 — 第五十条、第五十一条: written notice five working days before, time, place, matter."""
    document = _heading("行政复议听证通知书")
    _flush(document, "{{申请人}}、{{被申请人}}：")
    _body(
        document,
        "{{申请人}}不服{{被申请人}}作出的{{行政行为}}申请行政复议一案，本机关已于{{受理日期}}依法受理。"
        "根据" + LAW + "第五十条、第五十一条的规定，本机关决定举行听证。现将有关事项通知如下：",
        "一、听证时间：{{听证时间}}",
        "二、听证地点：{{听证地点}}",
        "三、听证事项：就{{行政行为}}的事实、证据、依据和程序听取当事人的陈述、申辩和质证意见。",
        "请按时参加听证。申请人无正当理由拒不参加听证的，视为放弃听证权利。被申请人的负责人应当参加听证；"
        "不能参加的，应当说明理由并委托相应的工作人员参加听证。",
        "特此通知。",
    )
    _signature(document)
    return document


def suspension_notice():
    """中止审理通知书 — 第三十九条第一款 (the ground's item) and 第三款 (written notice)."""
    document = _heading("行政复议中止审理通知书")
    _flush(document, "{{申请人}}、{{被申请人}}：")
    _body(
        document,
        "{{申请人}}不服{{被申请人}}作出的{{行政行为}}申请行政复议一案，本机关已于{{受理日期}}依法受理。",
        "因{{中止事由}}，根据" + LAW + "{{中止依据}}的规定，本案自{{中止日期}}起中止审理。{{中止说明}}",
        "行政复议中止的原因消除后，本机关将及时恢复审理，并书面告知当事人。",
        "特此通知。",
    )
    _signature(document)
    return document


def resumption_notice():
    """恢复审理通知书 — 第三十九条第二款、第三款."""
    document = _heading("行政复议恢复审理通知书")
    _flush(document, "{{申请人}}、{{被申请人}}：")
    _body(
        document,
        "{{申请人}}不服{{被申请人}}作出的{{行政行为}}申请行政复议一案，本机关于{{中止日期}}中止审理。",
        "现行政复议中止的原因已经消除，根据" + LAW + "第三十九条第二款的规定，本案自{{恢复日期}}起恢复审理。",
        "特此通知。",
    )
    _signature(document)
    return document


def termination_decision():
    """终止行政复议决定书 — 第四十一条 (the ground's item; withdrawal after 和解 also 第七十四条)."""
    document = _heading("行政复议终止决定书")
    _flush(document, "申请人：{{申请人信息}}")
    _flush(document, "被申请人：{{被申请人}}")
    _body(
        document,
        "申请人不服被申请人作出的{{行政行为}}，于{{收到申请日期}}向本机关提出行政复议申请，本机关于{{受理日期}}依法受理。",
        "行政复议期间，{{终止情形}}。",
        "根据" + LAW + "{{终止依据}}的规定，本机关决定：终止本案的行政复议。",
    )
    _signature(document)
    return document


def extension_notice():
    """延期审理通知书 — 第六十二条第一款: approved by the head of the office, at most 30 days, written notice."""
    document = _heading("行政复议延期审理通知书")
    _flush(document, "{{申请人}}、{{被申请人}}：")
    _body(
        document,
        "{{申请人}}不服{{被申请人}}作出的{{行政行为}}申请行政复议一案，本机关已于{{受理日期}}依法受理。",
        "因{{延期理由}}，本案不能在规定期限内作出行政复议决定。经行政复议机构负责人批准，根据"
        + LAW
        + "第六十二条第一款的规定，"
        "本案审理期限延长{{延长天数}}，延长后的审理期限至{{延长后届满日}}届满。",
        "特此通知。",
    )
    _signature(document)
    return document


def decision():
    """行政复议决定书 — 第六十一条 (organ's name), 第六十三条至第六十九条 (the decision), 第七十五条 (seal,
    effective on service); the applicant may sue within 15 days (行政诉讼法 第四十五条)."""
    document = _heading("行政复议决定书")
    _parties(document)
    _body(
        document,
        "申请人不服被申请人作出的{{行政行为}}，于{{收到申请日期}}向本机关提出行政复议申请，本机关于{{受理日期}}"
        "依法受理。本案适用{{审理程序}}审理，现已审理终结。",
        "申请人请求：{{复议请求}}",
        "{{决定书正文}}",
        "综上，根据" + LAW + "{{决定依据}}的规定，本机关决定如下：",
        "{{决定结果}}",
        "申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。",
        "本决定书自送达之日起发生法律效力。",
    )
    _signature(document)
    return document
