"""The 行政复议 documents: each renders and reads back with the 案号 and its facts, per-unit templates,
which documents a case has at its stage, the download route (scoping, filename, audit, refusals)."""

from __future__ import annotations

import datetime
import io
import logging
from urllib.parse import quote

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document

from fazhi.core.choices import AuditAction, UnitKind
from fazhi.core.models import AuditEvent
from fazhi.docgen.registry import get_document_type
from fazhi.docgen.services import template_upload
from fazhi.reconsideration.choices import DecisionType, SuspensionGround, TerminationGround
from fazhi.reconsideration.document_context import (
    DECISION_WORDING,
    cn_number,
    organ_of,
    suspension_wording,
    termination_wording,
)
from fazhi.reconsideration.documents import (
    CASE_DOCUMENTS,
    DocumentNotAvailable,
    available_documents,
    document_filename,
    render_case_document,
)
from fazhi.reconsideration.services import (
    case_accept,
    case_deadline,
    case_decide,
    case_extend,
    case_receive_correction,
    case_record_copy_sent,
    case_refuse,
    case_request_correction,
    case_resume,
    case_schedule_hearing,
    case_set_procedure,
    case_suspend,
    case_terminate,
)
from tests.docgen.helpers import docx_bytes, upload
from tests.factories import make_unit
from tests.reconsideration.factories import applicant, register

D = datetime.date
pytestmark = pytest.mark.django_db
PUBLIC_URL = "https://fazhi.example.gov.cn/public/reconsideration/"
DECISION_TEXT = (
    "经审查，被申请人认定申请人销售过期食品的主要证据仅为一份未经核实的举报材料，主要事实不清、证据不足。"
)


def text_of(data: bytes) -> str:
    """Every paragraph of the body, tables, headers and footers of a .docx, one a line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs]
    return "\n".join(lines)


def keys(case) -> list[str]:
    return [d.key.removeprefix("reconsideration.") for d in available_documents(case)]


@pytest.fixture
def actor(people):
    return people.legal


@pytest.fixture
def full_case(actor, tree):
    """A case through every step but the outcome's alternatives: 补正, 受理, 副本, 听证, 中止, 恢复, 延期, 撤销."""
    case = register(
        actor,
        tree.county,
        applicants=[
            applicant(),
            applicant(name="李四", id_number="440605198202025678", address="清河县新城路8号"),
        ],
        agent_name="王律师",
    ).case
    case = case_request_correction(actor=actor, case=case, on=D(2025, 3, 4), items="身份证明复印件")
    case = case_receive_correction(actor=actor, case=case, on=D(2025, 3, 6))
    case = case_accept(actor=actor, case=case, on=D(2025, 3, 10))
    case = case_record_copy_sent(actor=actor, case=case, on=D(2025, 3, 11), received_on=D(2025, 3, 12))
    case_schedule_hearing(
        actor=actor, case=case, notice_on=D(2025, 3, 20), hearing_on=D(2025, 4, 1), place="清河县司法局听证室"
    )
    case = case_suspend(
        actor=actor, case=case, on=D(2025, 4, 2), ground=SuspensionGround.OTHER_CASE, note="等待法院判决"
    )
    case = case_resume(actor=actor, case=case, on=D(2025, 4, 10))
    case = case_extend(
        actor=actor, case=case, days=30, approver="复议办主任", reason="案情复杂", on=D(2025, 5, 6)
    )
    return case


@pytest.fixture
def decided_case(actor, full_case):
    return case_decide(
        actor=actor,
        case=full_case,
        decision_type=DecisionType.REVOKE,
        decided_on=D(2025, 5, 20),
        approver="县长",
        decision_text=DECISION_TEXT,
    )


# --- each document, read back ----------------------------------------------------------------------


EXPECTED = {
    "acceptance_notice": [
        "行政复议受理通知书",
        "张三、李四：",
        "受理日期为2025年3月10日",
        "第三十条第一款",
        "六十日内",
        PUBLIC_URL,
    ],
    "correction_notice": [
        "行政复议申请补正通知书",
        "身份证明复印件",
        "十个工作日",
        "第三十一条第一款",
        "2025年3月4日",
    ],
    "answer_notice": [
        "清河县市场监督管理局：",
        "第四十八条",
        "十个工作日",
        "2025年3月10日依法受理",
        "2025年3月11日",
    ],
    "hearing_notice": [
        "行政复议听证通知书",
        "听证时间：2025年4月1日",
        "听证地点：清河县司法局听证室",
        "第五十一条",
    ],
    "suspension_notice": [
        "中止审理通知书",
        "案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结",
        "第三十九条第一款第八项",
        "自2025年4月2日起中止审理",
        "等待法院判决。",
    ],
    "resumption_notice": [
        "恢复审理通知书",
        "2025年4月2日中止审理",
        "自2025年4月10日起恢复审理",
        "第三十九条第二款",
    ],
    "extension_notice": ["延期审理通知书", "因案情复杂", "延长30日", "第六十二条第一款"],
    "decision": [
        "行政复议决定书",
        "申请人：张三，居民身份证：440605198001011234，住所：清河县城关镇和平路1号",
        "李四，居民身份证：440605198202025678，住所：清河县新城路8号",
        "委托代理人：王律师",
        "被申请人：清河县市场监督管理局",
        "申请人请求：撤销该行政处罚决定",
        DECISION_TEXT,
        "第六十四条第一款",
        "撤销被申请人作出的清市监罚〔2025〕12号行政处罚决定。",
        "十五日内",
        "2025年5月20日",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_document_of_a_decided_case_reads_back_with_its_facts(decided_case, name):
    content = render_case_document(decided_case, f"reconsideration.{name}", public_url=PUBLIC_URL)
    text = text_of(content)
    assert decided_case.case_number == "清河复〔2025〕1号"
    assert decided_case.case_number in text
    assert text.splitlines()[0] == "清河县人民政府"  # the organ heads the document …
    assert "清河县人民政府\n2025年" in text  # … and signs it, with the date
    assert "{{" not in text
    for expected in EXPECTED[name]:
        assert expected in text, expected


def test_acceptance_notice_carries_the_verification_code_and_the_simple_procedure(actor, tree):
    case = register(actor, tree.county).case
    case = case_set_procedure(actor=actor, case=case, procedure="simple", on=D(2025, 3, 4), basis="警告")
    case = case_accept(actor=actor, case=case, on=D(2025, 3, 5))
    text = text_of(render_case_document(case, "reconsideration.acceptance_notice", public_url=PUBLIC_URL))
    assert f"查询验证码为{case.verification_code}" in text
    assert "本案适用简易程序审理" in text and "三十日内" in text
    answer = text_of(render_case_document(case, "reconsideration.answer_notice"))
    assert "第五十四条第一款" in answer and "五个工作日" in answer


def test_extension_notice_states_the_new_due_date(full_case):
    due = case_deadline(full_case, "reconsideration.decision").due_date
    text = text_of(render_case_document(full_case, "reconsideration.extension_notice"))
    assert f"至{due.year}年{due.month}月{due.day}日届满" in text


def test_refusal_decision_names_reason_competent_organ_and_remedy(actor, tree):
    case = register(actor, tree.county).case
    case = case_refuse(
        actor=actor,
        case=case,
        on=D(2025, 3, 5),
        reason="该行政行为系市级部门作出，不属于本机关管辖。",
        competent_organ="云州市人民政府",
    )
    assert keys(case) == ["refusal_decision"]
    text = text_of(render_case_document(case, "reconsideration.refusal_decision"))
    assert "不予受理行政复议申请决定书" in text
    assert "经审查，该行政行为系市级部门作出，不属于本机关管辖，该申请不符合" in text
    assert "可以依法向云州市人民政府提出行政复议申请" in text
    assert "第三十条第二款" in text and "十五日内，依法向人民法院提起行政诉讼" in text
    assert "2025年3月5日" in text and case.case_number in text


def test_termination_decision_states_the_ground_and_its_article(actor, tree):
    case = case_accept(actor=actor, case=register(actor, tree.county).case, on=D(2025, 3, 5))
    case = case_terminate(
        actor=actor, case=case, on=D(2025, 4, 1), ground=TerminationGround.WITHDRAWN_SETTLEMENT
    )
    assert "termination_decision" in keys(case) and "decision" not in keys(case)
    text = text_of(render_case_document(case, "reconsideration.termination_decision"))
    assert "行政复议期间，当事人和解，申请人撤回申请。" in text
    assert "第四十一条第一项、第七十四条" in text
    assert "终止本案的行政复议" in text and "2025年4月1日" in text and case.case_number in text


@pytest.mark.parametrize("decision_type", sorted(DECISION_WORDING))
def test_every_decision_type_has_its_wording_and_article(actor, tree, decision_type):
    case = case_accept(actor=actor, case=register(actor, tree.county).case, on=D(2025, 3, 5))
    case = case_decide(
        actor=actor, case=case, decision_type=decision_type, decided_on=D(2025, 4, 1), approver="县长"
    )
    text = text_of(render_case_document(case, "reconsideration.decision"))
    wording, article = DECISION_WORDING[decision_type]
    assert wording.format(act="清市监罚〔2025〕12号行政处罚决定") in text
    assert f"《中华人民共和国行政复议法》{article}的规定" in text


def test_documents_are_headed_by_the_nearest_government(actor, tree):
    """A case handled by the 司法局 (the 行政复议机构) is decided in the county government's name."""
    assert organ_of(tree.justice) == tree.county
    assert organ_of(tree.dept_a_child) == tree.county
    assert organ_of(tree.city) == tree.city
    lone = make_unit("某海关", kind=UnitKind.OTHER, code="lone-hg", short_name="某关")
    assert organ_of(lone) == lone
    case = case_accept(actor=actor, case=register(actor, tree.justice).case, on=D(2025, 3, 5))
    text = text_of(render_case_document(case, "reconsideration.acceptance_notice"))
    assert text.splitlines()[0] == "清河县人民政府"
    assert case.case_number.startswith("清司复")


def test_article_numbers_and_ground_wording():
    assert [cn_number(n) for n in (1, 8, 10, 12, 20, 39, 41)] == [
        "一",
        "八",
        "十",
        "十二",
        "二十",
        "三十九",
        "四十一",
    ]
    assert suspension_wording(SuspensionGround.DEATH)[1] == "第三十九条第一款第一项"
    assert suspension_wording(SuspensionGround.OTHER) == (
        "其他需要中止行政复议的情形",
        "第三十九条第一款第十项",
    )
    assert termination_wording(TerminationGround.CRIMINAL) == (
        "申请人因同一违法行为被采取刑事强制措施",
        "第四十一条第四项",
    )


def test_every_document_is_registered_with_the_engine_and_fills_all_its_fields(decided_case):
    from fazhi.reconsideration.documents import document_values

    assert len(CASE_DOCUMENTS) == 10
    for key in CASE_DOCUMENTS:
        registered = get_document_type(key)
        assert key.startswith("reconsideration.")
        if key.endswith(("refusal_decision", "termination_decision")):
            continue
        assert set(document_values(decided_case, key)) == set(registered.field_names), key


def test_a_units_own_template_is_used_by_its_cases_and_its_subunits(people, actor, tree):
    template = docx_bytes(
        ["清河县人民政府（本县格式）", "受理通知 {{案号}} 致 {{申请人}}，验证码 {{查询验证码}}"]
    )
    template_upload(
        actor=people.admin, unit=tree.county, key="reconsideration.acceptance_notice", file=upload(template)
    )
    case = case_accept(actor=actor, case=register(actor, tree.justice).case, on=D(2025, 3, 5))
    text = text_of(render_case_document(case, "reconsideration.acceptance_notice"))
    assert "本县格式" in text
    assert f"受理通知 {case.case_number} 致 张三，验证码 {case.verification_code}" in text
    other = register(people.admin_other, tree.other_county).case
    other = case_accept(actor=people.admin_other, case=other, on=D(2025, 3, 5))
    assert "本县格式" not in text_of(render_case_document(other, "reconsideration.acceptance_notice"))


# --- which documents apply ---------------------------------------------------------------------------


def test_documents_available_by_stage(actor, tree):
    case = register(actor, tree.county).case
    assert keys(case) == []
    case = case_request_correction(actor=actor, case=case, on=D(2025, 3, 4), items="身份证明")
    assert keys(case) == ["correction_notice"]
    case = case_receive_correction(actor=actor, case=case, on=D(2025, 3, 6))
    case = case_accept(actor=actor, case=case, on=D(2025, 3, 10))
    assert keys(case) == ["acceptance_notice", "correction_notice", "answer_notice"]
    case = case_suspend(actor=actor, case=case, on=D(2025, 3, 20), ground=SuspensionGround.FORCE_MAJEURE)
    assert "suspension_notice" in keys(case) and "resumption_notice" not in keys(case)
    case = case_resume(actor=actor, case=case, on=D(2025, 3, 25))
    assert "resumption_notice" in keys(case)
    assert "hearing_notice" not in keys(case) and "extension_notice" not in keys(case)
    assert "decision" not in keys(case)
    with pytest.raises(DocumentNotAvailable):
        render_case_document(case, "reconsideration.decision")
    case = case_decide(
        actor=actor, case=case, decision_type=DecisionType.UPHOLD, decided_on=D(2025, 4, 20), approver="县长"
    )
    assert keys(case)[-1] == "decision"
    assert "refusal_decision" not in keys(case) and "termination_decision" not in keys(case)


def test_a_mediated_case_has_no_decision_document(actor, tree):
    case = case_accept(actor=actor, case=register(actor, tree.county).case, on=D(2025, 3, 5))
    case = case_decide(
        actor=actor, case=case, decision_type=DecisionType.MEDIATE, decided_on=D(2025, 4, 1), approver="县长"
    )
    assert "decision" not in keys(case)


def test_documents_section_lists_only_what_applies(actor, tree, full_case):
    html = render_to_string("reconsideration/_documents.html", {"case": full_case})
    url = reverse("reconsideration:document", args=[full_case.pk])
    assert f'href="{url}?key=reconsideration.suspension_notice"' in html
    assert "行政复议中止审理通知书" in html and "中止日期：2025年4月2日" in html
    assert "行政复议决定书" not in html and "不予受理" not in html
    empty = render_to_string("reconsideration/_documents.html", {"case": register(actor, tree.county).case})
    assert "暂无可生成的法律文书" in empty and "?key=" not in empty


# --- the download route --------------------------------------------------------------------------------


def url(case, key="reconsideration.decision"):
    return reverse("reconsideration:document", args=[case.pk]) + f"?key={key}"


def test_download_sends_the_docx_with_a_chinese_filename_and_is_audited(login, people, decided_case):
    client = login(people.legal)  # the login itself is audited
    before = AuditEvent.objects.count()
    response = client.get(url(decided_case))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    filename = "清河复〔2025〕1号-行政复议决定书.docx"
    assert document_filename(decided_case, "reconsideration.decision") == filename
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="decision-')
    assert f"filename*=UTF-8''{quote(filename, safe='')}" in disposition
    assert DECISION_TEXT in text_of(response.content)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert event.action == AuditAction.DOWNLOAD
    assert event.object_id == str(decided_case.pk) and "行政复议决定书" in event.note
    assert "张三" not in event.note


def test_download_prints_the_public_check_address(login, people, decided_case):
    response = login(people.legal).get(url(decided_case, "reconsideration.acceptance_notice"))
    assert "http://testserver/public/reconsideration/" in text_of(response.content)


def test_download_uses_the_configured_public_address(login, people, decided_case, settings):
    settings.FAZHI_PUBLIC_BASE_URL = "https://fuyi.qinghe.gov.cn/"
    response = login(people.legal).get(url(decided_case, "reconsideration.acceptance_notice"))
    assert "https://fuyi.qinghe.gov.cn/public/reconsideration/" in text_of(response.content)


@pytest.mark.parametrize("who", ["admin_other", "clerk_a", "auditor"])
def test_download_outside_scope_is_not_found_and_not_audited(login, people, decided_case, who):
    client = login(getattr(people, who))
    before = AuditEvent.objects.count()
    response = client.get(url(decided_case))
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_download_within_the_subtree_above(login, people, decided_case):
    assert login(people.root_admin).get(url(decided_case)).status_code == 200
    assert login(people.leader).get(url(decided_case)).status_code == 200


def test_download_needs_login(client, decided_case):
    response = client.get(url(decided_case))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_unknown_and_unavailable_keys_are_refused_in_chinese(login, people, actor, tree):
    case = case_accept(actor=actor, case=register(actor, tree.county).case, on=D(2025, 3, 5))
    client = login(people.legal)
    before = AuditEvent.objects.count()
    unknown = client.get(url(case, "reconsideration.nothing"))
    assert unknown.status_code == 404
    assert "没有这种行政复议文书" in unknown.content.decode()
    listing = client.get(reverse("reconsideration:document", args=[case.pk]))  # no key: the list
    assert listing.status_code == 200
    assert "?key=reconsideration.acceptance_notice" in listing.content.decode()
    engine_only = client.get(url(case, "docgen.notice"))  # registered, but no document of a case
    assert engine_only.status_code == 404
    early = client.get(url(case, "reconsideration.decision"))
    assert early.status_code == 400
    assert "案件当前阶段还不能生成《行政复议决定书》" in early.content.decode()
    assert AuditEvent.objects.count() == before


def test_personal_data_is_not_logged(login, people, decided_case, caplog):
    with caplog.at_level(logging.DEBUG):
        response = login(people.legal).get(url(decided_case))
    assert response.status_code == 200
    for secret in ("张三", "440605198001011234", "和平路"):
        assert secret not in caplog.text
