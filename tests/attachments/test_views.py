"""The attachments panel (template tag and htmx), upload, download, delete, the list and detail pages."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_add
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Membership
from tests.attachments import files

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def attach(actor, record, name="行政处罚决定书.pdf", content=None):
    return attachment_add(actor=actor, record=record, file=SimpleUploadedFile(name, content or files.pdf()))


def panel_url(record) -> str:
    return f"{reverse('attachments:list')}?record_type={record._meta.label_lower}&record_id={record.pk}"


def test_any_record_page_can_include_the_panel(people, tree):
    attachment = attach(people.admin, tree.dept_a)
    request = RequestFactory().get("/units/x/")
    request.user = people.admin
    html = Template("{% load attachments %}{% attachments_panel record %}").render(
        Context({"request": request, "record": tree.dept_a, "csrf_token": "token"})
    )
    assert f'id="attachments-core-orgunit-{tree.dept_a.pk}"' in html
    assert "附件（1）" in html
    assert attachment.sha256 in html
    assert f'href="{reverse("attachments:download", args=[attachment.pk])}"' in html
    assert f'hx-post="{reverse("attachments:upload")}"' in html
    assert f'hx-post="{reverse("attachments:delete", args=[attachment.pk])}"' in html
    assert 'value="/units/x/"' in html  # back to the including page without htmx


def test_the_panel_offers_no_upload_to_those_who_may_only_view(people, tree, login):
    attach(people.admin, tree.dept_a)
    html = login(people.clerk_a).get(panel_url(tree.dept_a), **HTMX).content.decode()
    assert "附件（1）" in html
    assert reverse("attachments:upload") not in html
    assert "attachments/" in html  # the download link is there


def test_the_list_of_a_record_answers_htmx_with_the_panel_alone(people, tree, login):
    attach(people.admin, tree.dept_a)
    client = login(people.admin)
    partial = client.get(panel_url(tree.dept_a), **HTMX).content.decode()
    assert partial.lstrip().startswith("<section")
    assert "<html" not in partial
    page = client.get(panel_url(tree.dept_a)).content.decode()
    assert "<html" in page and "清河县市场监督管理局 的附件" in page


def test_upload_through_htmx_returns_the_panel_with_the_new_file(people, tree, login):
    client = login(people.admin)
    response = client.post(
        reverse("attachments:upload"),
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_a.pk),
            "description": "现场照片",
            "file": SimpleUploadedFile("现场照片.png", files.png()),
        },
        **HTMX,
    )
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    html = response.content.decode()
    assert "已上传“现场照片.png”。" in html
    assert attachment.sha256 in html
    assert (attachment.file_type, attachment.description, attachment.unit) == ("png", "现场照片", tree.dept_a)


def test_upload_without_htmx_redirects_back(people, tree, login):
    response = login(people.admin).post(
        reverse("attachments:upload"),
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_a.pk),
            "next": "/units/",
            "file": SimpleUploadedFile("说明.txt", files.text()),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    assert Attachment.objects.get().original_name == "说明.txt"


def test_upload_ignores_a_next_url_on_another_site(people, tree, login):
    response = login(people.admin).post(
        reverse("attachments:upload"),
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_a.pk),
            "next": "https://evil.example/",
            "file": SimpleUploadedFile("说明.txt", files.text()),
        },
    )
    assert response["Location"] == panel_url(tree.dept_a)


def test_a_refused_file_shows_the_reason_in_the_panel_and_keeps_nothing(people, tree, login):
    client = login(people.admin)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("attachments:upload"),
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_a.pk),
            "file": SimpleUploadedFile("决定书.pdf", b"just text, not a pdf"),
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "文件“决定书.pdf”的扩展名 .pdf 与其实际内容（纯文本）不符，未保存。" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_upload_without_a_file_is_explained(people, tree, login):
    response = login(people.admin).post(
        reverse("attachments:upload"),
        {"record_type": "core.orgunit", "record_id": str(tree.dept_a.pk)},
        **HTMX,
    )
    assert "请选择要上传的文件。" in response.content.decode()


def test_upload_to_a_record_out_of_scope_is_not_found(people, tree, login):
    client = login(people.admin_a)
    for record_type, record_id in (
        ("core.orgunit", tree.dept_b.pk),
        ("core.orgunit", "not-a-uuid"),
        ("jobs.job", tree.dept_a.pk),
        ("nosuch.model", tree.dept_a.pk),
        ("", ""),
    ):
        response = client.post(
            reverse("attachments:upload"),
            {
                "record_type": record_type,
                "record_id": str(record_id),
                "file": SimpleUploadedFile("a.txt", b"abc"),
            },
        )
        assert response.status_code == 404, record_type
    assert Attachment.objects.count() == 0


def test_upload_by_a_role_that_changes_nothing_is_refused(people, tree, login):
    response = login(people.leader).post(
        reverse("attachments:upload"),
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.county.pk),
            "file": SimpleUploadedFile("a.txt", b"abc"),
        },
    )
    assert response.status_code == 403
    assert Attachment.objects.count() == 0


def test_download_is_audited_with_the_original_name(people, tree, login):
    attachment = attach(people.admin, tree.dept_a, name="现场检查笔录.pdf")
    client = login(people.clerk_a)
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(files.pdf()))
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{attachment.pk.hex[:8]}.pdf"; '
        "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E6%A3%80%E6%9F%A5%E7%AC%94%E5%BD%95.pdf"
    )
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert (event.actor, event.unit, event.object_id) == (people.clerk_a, tree.dept_a, str(attachment.pk))
    assert event.note == f"下载附件“现场检查笔录.pdf”（SHA-256：{attachment.sha256}）"


def test_download_out_of_scope_is_not_found_and_not_audited(people, tree, login):
    attachment = attach(people.admin, tree.dept_a)
    clients = [login(people.clerk_b), login(people.admin_other), login(people.auditor)]
    events = AuditEvent.objects.count()
    for client in clients:
        assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
        assert client.get(reverse("attachments:detail", args=[attachment.pk])).status_code == 404
    assert AuditEvent.objects.count() == events


def test_download_needs_the_parent_record_itself_to_be_visible(people, tree, login):
    membership = Membership.objects.get(user=people.clerk_a)
    attachment = attach(people.admin, membership, name="任命文件.pdf")
    # A clerk of the same unit may view the unit, not its memberships; so not this file.
    clerk = login(people.clerk_a)
    admin = login(people.admin)
    events = AuditEvent.objects.count()
    assert clerk.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert AuditEvent.objects.count() == events
    assert admin.get(reverse("attachments:download", args=[attachment.pk])).status_code == 200
    # Once the record is gone, its files are no longer served through it.
    Membership.objects.filter(pk=membership.pk).delete()
    assert admin.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_delete_through_htmx_rerenders_the_panel(people, tree, login, django_capture_on_commit_callbacks):
    keep = attach(people.admin, tree.dept_a, name="保留.pdf")
    gone = attach(people.admin, tree.dept_a, name="删除.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(people.admin).post(reverse("attachments:delete", args=[gone.pk]), **HTMX)
    html = response.content.decode()
    assert "已删除附件“删除.pdf”。" in html
    assert "附件（1）" in html and "保留.pdf" in html
    assert list(Attachment.objects.all()) == [keep]
    assert not default_storage.exists(gone.file.name)


def test_delete_by_those_who_may_not_change_the_record_is_refused(people, tree, login):
    attachment = attach(people.admin, tree.dept_a)
    clerk, outsider = login(people.clerk_a), login(people.admin_other)
    events = AuditEvent.objects.count()
    # The clerk sees the unit's files but may not change the unit record: refused.
    assert clerk.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 403
    assert outsider.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)
    assert AuditEvent.objects.count() == events


def test_the_detail_page_shows_the_sha256(people, tree, login):
    attachment = attach(people.admin, tree.dept_a)
    html = login(people.clerk_a).get(reverse("attachments:detail", args=[attachment.pk])).content.decode()
    assert f'<code class="fz-break" data-testid="attachment-sha256">{attachment.sha256}</code>' in html
    assert "组织机构：清河县市场监督管理局" in html


def test_the_list_shows_only_attachments_in_scope(people, tree, login):
    own = attach(people.admin, tree.dept_a)
    other = attach(people.admin, tree.dept_b)
    response = login(people.clerk_a).get(reverse("attachments:list"))
    assert [a.pk for a in response.context["object_list"]] == [own.pk]
    assert str(other.pk) not in response.content.decode()
