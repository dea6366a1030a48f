"""The attachments API: list per record, upload, download (audited), delete; scoped as the pages are."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_add
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from tests.attachments import files

pytestmark = pytest.mark.django_db
LIST = "/api/attachments/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def attach(actor, record, name="决定书.pdf"):
    return attachment_add(actor=actor, record=record, file=SimpleUploadedFile(name, files.pdf()))


def test_upload_returns_the_checked_attachment(people, tree):
    response = api(people.admin).post(
        LIST,
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_a.pk),
            "description": "年度报告",
            "file": SimpleUploadedFile("年度报告.docx", files.docx()),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get()
    body = response.json()
    assert body == {
        "id": str(attachment.pk),
        "record_type": "core.orgunit",
        "record_id": str(tree.dept_a.pk),
        "unit": str(tree.dept_a.pk),
        "original_name": "年度报告.docx",
        "size": attachment.size,
        "sha256": attachment.sha256,
        "file_type": "docx",
        "mime_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "description": "年度报告",
        "uploaded_by": "县管理员",
        "created_at": body["created_at"],
        "download_url": f"/api/attachments/{attachment.pk}/download/",
    }


def test_upload_of_a_refused_file_is_a_400_with_the_reason(people, tree):
    response = api(people.admin).post(
        LIST,
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_a.pk),
            "file": SimpleUploadedFile("通知.pdf", files.exe()),
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["file"][0].startswith("文件“通知.pdf”的实际内容是Windows 可执行程序，不允许上传。")
    assert Attachment.objects.count() == 0


def test_upload_to_a_record_out_of_scope_is_a_404(people, tree):
    response = api(people.admin_a).post(
        LIST,
        {
            "record_type": "core.orgunit",
            "record_id": str(tree.dept_b.pk),
            "file": SimpleUploadedFile("a.txt", b"abc"),
        },
        format="multipart",
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Attachment.objects.count() == 0


def test_list_of_one_record(people, tree):
    mine = attach(people.admin, tree.dept_a)
    attach(people.admin, tree.dept_a_child)
    response = api(people.clerk_a).get(
        LIST, {"record_type": "core.orgunit", "record_id": str(tree.dept_a.pk)}
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]
    assert (
        api(people.clerk_b)
        .get(LIST, {"record_type": "core.orgunit", "record_id": str(tree.dept_a.pk)})
        .status_code
        == 404
    )


def test_download_through_the_api_is_audited(people, tree):
    attachment = attach(people.admin, tree.dept_a, name="笔录.pdf")
    response = api(people.clerk_a).get(reverse("api-attachments-download", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == attachment.sha256
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(attachment.pk)).count() == 1


def test_download_out_of_scope_through_the_api_is_a_404_and_not_audited(people, tree):
    attachment = attach(people.admin, tree.dept_a)
    events = AuditEvent.objects.count()
    response = api(people.clerk_b).get(reverse("api-attachments-download", kwargs={"pk": attachment.pk}))
    assert response.status_code == 404
    assert AuditEvent.objects.count() == events


def test_delete_through_the_api(people, tree):
    attachment = attach(people.admin, tree.dept_a)
    assert api(people.clerk_a).delete(f"{LIST}{attachment.pk}/").status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert api(people.admin).delete(f"{LIST}{attachment.pk}/").status_code == 204
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
