"""The template pages: list per unit, download, upload, restore inheritance."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.docgen.models import DocumentTemplate
from fazhi.docgen.services import template_upload
from tests.docgen.documents import NOTICE
from tests.docgen.helpers import all_text, docx_bytes, read, upload

pytestmark = pytest.mark.django_db


def _row(response, key):
    body = response.content.decode()
    start = body.index(f'data-doc-key="{key}"')
    return body[start : body.index("</tr>", start)]


def test_list_shows_source_per_unit(tree, people, login):
    client = login(people.admin)
    template_upload(
        actor=people.admin, unit=tree.county, key=NOTICE, file=upload(docx_bytes(["{{案号}}"]), "县.docx")
    )
    response = client.get(reverse("docgen:templates") + f"?unit={tree.county.pk}")
    assert response.status_code == 200
    assert "本单位上传：县.docx" in _row(response, NOTICE)
    assert "{{申请人}}</code> 申请人姓名或名称" in _row(response, NOTICE)
    response = client.get(reverse("docgen:templates") + f"?unit={tree.dept_a.pk}")
    assert "继承自“清河县人民政府”" in _row(response, NOTICE)
    assert "系统默认" in _row(response, "docgen.notice")


def test_list_refuses_units_outside_and_users_without_manage(tree, people, login):
    response = login(people.admin_a).get(reverse("docgen:templates") + f"?unit={tree.county.pk}")
    assert response.status_code == 404
    assert login(people.clerk_a).get(reverse("docgen:templates")).status_code == 403


def test_download_effective_template_is_audited(tree, people, login):
    template_upload(actor=people.admin, unit=tree.county, key=NOTICE, file=upload(docx_bytes(["县{{案号}}"])))
    client = login(people.admin_a)
    response = client.get(reverse("docgen:template-download") + f"?unit={tree.dept_a.pk}&key={NOTICE}")
    assert response.status_code == 200
    assert all_text(read(response.content)).strip() == "县{{案号}}"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"template-tests.notice.docx\"; filename*=UTF-8''"
        + quote("测试通知书（清河县市场监督管理局）模板.docx", safe="")
    )
    event = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).get()
    assert event.unit_id == tree.dept_a.pk
    assert event.note == "下载在用模板，来源：清河县人民政府"


def test_download_refused_outside_scope(tree, people, login):
    client = login(people.admin_a)
    clerk = login(people.clerk_a)
    before = AuditEvent.objects.count()
    assert (
        client.get(reverse("docgen:template-download") + f"?unit={tree.county.pk}&key={NOTICE}").status_code
        == 404
    )
    assert (
        client.get(reverse("docgen:template-download") + f"?unit={tree.dept_a.pk}&key=nope").status_code
        == 404
    )
    assert (
        clerk.get(reverse("docgen:template-download") + f"?unit={tree.dept_a.pk}&key={NOTICE}").status_code
        == 403
    )
    assert AuditEvent.objects.count() == before


def test_upload_page_saves_and_refuses_unknown_placeholders(tree, people, login):
    client = login(people.admin_a)
    url = reverse("docgen:template-upload")
    response = client.post(
        url,
        {"unit": tree.dept_a.pk, "doc_key": NOTICE, "file": upload(docx_bytes(["{{经办人}}"]), "坏.docx")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "模板“坏.docx”中有测试通知书未登记的占位符：{{经办人}}。可用的字段："
        "{{申请人}}（申请人姓名或名称）；{{案号}}（行政复议案号）；{{日期}}（日期）。"
    ]
    assert DocumentTemplate.objects.count() == 0
    response = client.post(
        url, {"unit": tree.dept_a.pk, "doc_key": NOTICE, "file": upload(docx_bytes(["{{案号}}"]), "好.docx")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("docgen:templates") + f"?unit={tree.dept_a.pk}"
    record = DocumentTemplate.objects.get()
    assert (record.unit, record.original_name, record.updated_by) == (tree.dept_a, "好.docx", people.admin_a)


def test_upload_page_cannot_target_a_unit_outside_scope(tree, people, login):
    response = login(people.admin_a).post(
        reverse("docgen:template-upload"),
        {"unit": tree.county.pk, "doc_key": NOTICE, "file": upload(docx_bytes(["{{案号}}"]))},
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert DocumentTemplate.objects.count() == 0


def test_delete_restores_inheritance(tree, people, login):
    record = template_upload(
        actor=people.admin_a, unit=tree.dept_a, key=NOTICE, file=upload(docx_bytes(["x"]))
    )
    client = login(people.admin_a)
    url = reverse("docgen:template-delete", args=[record.pk])
    response = client.get(url)
    assert "将改用系统默认模板" in response.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert DocumentTemplate.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(record.pk)).count() == 1
