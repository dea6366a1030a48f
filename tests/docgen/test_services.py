"""Uploads (checked and validated), inheritance, rendering and removal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.docgen.documents import GENERIC_NOTICE
from fazhi.docgen.models import DocumentTemplate
from fazhi.docgen.selectors import effective_template
from fazhi.docgen.services import render_document, template_clear, template_upload
from tests.docgen.documents import NOTICE
from tests.docgen.helpers import all_text, docx_bytes, read, upload

pytestmark = pytest.mark.django_db

AVAILABLE = "{{申请人}}（申请人姓名或名称）；{{案号}}（行政复议案号）；{{日期}}（日期）"


def test_upload_with_unknown_placeholders_is_refused_naming_them(tree, people):
    document = Document()
    document.add_paragraph("{{申请人}}于{{收件日期}}提出申请")
    document.sections[0].footer.paragraphs[0].text = "{{经办人}}"
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        template_upload(
            actor=people.admin,
            unit=tree.county,
            key=NOTICE,
            file=upload(docx_bytes(document=document), "受理.docx"),
        )
    assert exc.value.message_dict == {
        "file": [
            "模板“受理.docx”中有测试通知书未登记的占位符：{{收件日期}}、{{经办人}}。可用的字段："
            + AVAILABLE
            + "。"
        ]
    }
    assert DocumentTemplate.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_upload_refuses_what_is_not_docx(tree, people):
    with pytest.raises(ValidationError) as exc:
        template_upload(
            actor=people.admin, unit=tree.county, key=NOTICE, file=upload(b"plain text", "模板.txt")
        )
    assert exc.value.message_dict == {
        "file": [
            "文件“模板.txt”不是 Word 文档（.docx）。文书模板只接受 .docx 文件；.doc 文件请在 Word 中另存为 .docx。"
        ]
    }
    with pytest.raises(ValidationError) as exc:
        template_upload(
            actor=people.admin, unit=tree.county, key=NOTICE, file=upload(b"plain text", "模板.docx")
        )
    assert exc.value.message_dict["file"][0].startswith(
        "文件“模板.docx”的扩展名 .docx 与其实际内容（纯文本）不符"
    )
    assert DocumentTemplate.objects.count() == 0


def test_inheritance_own_then_ancestor_then_default(tree, people):
    assert effective_template(unit=tree.dept_a_child, key=NOTICE).source is None
    county = template_upload(
        actor=people.admin, unit=tree.county, key=NOTICE, file=upload(docx_bytes(["县：{{申请人}}"]))
    )
    effective = effective_template(unit=tree.dept_a_child, key=NOTICE)
    assert (effective.source, effective.record) == (tree.county, county)
    assert render_text(tree.dept_a_child, {"申请人": "张三"}) == "县：张三"
    own = template_upload(
        actor=people.admin_a, unit=tree.dept_a, key=NOTICE, file=upload(docx_bytes(["局：{{申请人}}"]))
    )
    assert effective_template(unit=tree.dept_a_child, key=NOTICE).record == own
    assert render_text(tree.dept_a_child, {"申请人": "张三"}) == "局：张三"
    assert render_text(tree.dept_b, {"申请人": "张三"}) == "县：张三"
    template_clear(actor=people.admin_a, template=own)
    assert render_text(tree.dept_a_child, {"申请人": "张三"}) == "县：张三"
    template_clear(actor=people.admin, template=county)
    assert render_text(tree.dept_a_child, {"申请人": "张三", "案号": "1号"}) == "1号\n申请人：张三"


def render_text(unit, context) -> str:
    document = read(render_document(key=NOTICE, unit=unit, context=context))
    return "\n".join(p.text for p in document.paragraphs).strip()


def test_upload_replace_and_clear_are_audited(tree, people):
    first = template_upload(
        actor=people.admin, unit=tree.county, key=NOTICE, file=upload(docx_bytes(["{{案号}}"]))
    )
    old_name = first.file.name
    second = template_upload(
        actor=people.admin, unit=tree.county, key=NOTICE, file=upload(docx_bytes(["新{{案号}}"]), "新.docx")
    )
    assert second.pk == first.pk and second.original_name == "新.docx"
    assert second.file.name != old_name
    template_clear(actor=people.admin, template=second)
    actions = list(
        AuditEvent.objects.filter(object_id=str(first.pk)).order_by("seq").values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert DocumentTemplate.objects.count() == 0


def test_upload_outside_scope_and_without_manage_is_refused(tree, people):
    for actor, unit in ((people.admin_a, tree.county), (people.clerk_a, tree.dept_a)):
        with pytest.raises(ScopeViolation):
            template_upload(actor=actor, unit=unit, key=NOTICE, file=upload(docx_bytes(["{{案号}}"])))
    assert DocumentTemplate.objects.count() == 0
    record = template_upload(actor=people.admin, unit=tree.county, key=NOTICE, file=upload(docx_bytes(["x"])))
    with pytest.raises(ScopeViolation):
        template_clear(actor=people.admin_a, template=record)
    assert DocumentTemplate.objects.count() == 1


def test_render_rejects_unregistered_context_keys(tree):
    with pytest.raises(ValueError) as exc:
        render_document(key=NOTICE, unit=tree.county, context={"申请日期": "x"})
    assert str(exc.value) == "文书 tests.notice 没有登记这些字段：申请日期"


def test_generic_notice_default_renders(tree):
    values = {
        "标题": "关于补正材料的通知",
        "文号": "清复〔2026〕3号",
        "主送": "张三",
        "正文": "请于五个工作日内补正。",
        "落款": "清河县人民政府",
        "日期": "2026年11月23日",
    }
    document = read(render_document(key=GENERIC_NOTICE, unit=tree.county, context=values))
    text = all_text(document)
    for value in values.values():
        assert value in text
    assert "{{" not in text
    assert document.paragraphs[0].style.name == "Title"
    assert document.sections[0].top_margin.mm == pytest.approx(37, abs=0.01)


def test_every_registered_default_uses_only_its_fields_and_renders(tree):
    """Checks the documents every module registers: placeholders of the default ⊆ registered fields."""
    from fazhi.docgen.fill import placeholders_in
    from fazhi.docgen.registry import document_types

    docs = document_types()
    assert {GENERIC_NOTICE, NOTICE} <= {d.key for d in docs}
    for doc in docs:
        default = read(doc.default_bytes())
        assert set(placeholders_in(default)) <= set(doc.field_names), doc.key
        values = {name: f"值{i}" for i, name in enumerate(doc.field_names)}
        text = all_text(read(render_document(key=doc.key, unit=tree.county, context=values)))
        leftover = [name for name in doc.field_names if "{{" + name + "}}" in text]
        assert leftover == [], doc.key
