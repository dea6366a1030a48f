"""attachment_add / attachment_delete: scope of the parent record, unit copied, audit, storage."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_add, attachment_delete
from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import AuditEvent, Membership
from fazhi.core.scoping import ScopeViolation
from fazhi.jobs.models import Job
from tests.attachments import files

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_upload(name: str = "行政处罚决定书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf(), content_type="application/octet-stream")


def test_attach_a_pdf_to_a_unit(people, tree):
    before = stored_files()
    attachment = attachment_add(
        actor=people.admin, record=tree.dept_a, file=pdf_upload(), description="2025 年度"
    )
    content = files.pdf()
    assert (attachment.unit, attachment.record, attachment.object_id) == (
        tree.dept_a,
        tree.dept_a,
        str(tree.dept_a.pk),
    )
    assert (attachment.original_name, attachment.size, attachment.file_type, attachment.mime_type) == (
        "行政处罚决定书.pdf",
        len(content),
        "pdf",
        "application/pdf",
    )
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (attachment.uploaded_by, attachment.description) == (people.admin, "2025 年度")
    assert attachment.file.name.endswith(f"/{attachment.pk.hex}.pdf")
    assert attachment.file.name.startswith("attachments/")
    with default_storage.open(attachment.file.name, "rb") as handle:
        assert handle.read() == content
    assert len(stored_files()) == len(before) + 1
    event = AuditEvent.objects.get(object_type="attachments.attachment", object_id=str(attachment.pk))
    assert (event.action, event.actor, event.unit) == (AuditAction.CREATE, people.admin, tree.dept_a)
    assert (
        event.note
        == f"为组织机构“清河县市场监督管理局”上传附件“行政处罚决定书.pdf”（SHA-256：{attachment.sha256}）"
    )
    assert event.changes["sha256"] == [None, attachment.sha256]


def test_the_attachment_takes_the_unit_of_its_record(people, tree):
    membership = Membership.objects.get(user=people.clerk_b)
    attachment = attachment_add(actor=people.admin, record=membership, file=pdf_upload("任命文件.pdf"))
    assert attachment.unit == tree.dept_b
    assert attachment.record == membership


def test_a_record_in_another_unit_is_refused_and_nothing_is_kept(people, tree):
    events, stored = AuditEvent.objects.count(), stored_files()
    # dept A's administrator, a record of dept B; and the sibling county's administrator
    for actor, record in ((people.admin_a, tree.dept_b), (people.admin_other, tree.dept_a)):
        with pytest.raises(ScopeViolation):
            attachment_add(actor=actor, record=record, file=pdf_upload())
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert stored_files() == stored


def test_a_user_who_may_not_change_the_record_is_refused(people, tree):
    # A clerk may view their unit but not change the unit record itself (that needs "manage").
    with pytest.raises(ScopeViolation):
        attachment_add(actor=people.clerk_a, record=tree.dept_a, file=pdf_upload())
    assert Attachment.objects.count() == 0


def test_a_refused_file_keeps_nothing(people, tree):
    events, stored = AuditEvent.objects.count(), stored_files()
    with pytest.raises(ValidationError) as exc:
        attachment_add(
            actor=people.admin, record=tree.dept_a, file=SimpleUploadedFile("通知.pdf", files.exe())
        )
    assert exc.value.messages[0].startswith("文件“通知.pdf”的实际内容是Windows 可执行程序，不允许上传。")
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert stored_files() == stored


def test_records_that_cannot_carry_attachments(people, tree):
    job = Job.objects.create(kind="x", label="任务", owner=people.admin, unit=tree.county)
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=people.admin, record=job, file=pdf_upload())
    assert exc.value.messages == ["“后台任务”类记录不能添加附件。"]


def test_delete_removes_the_row_and_after_commit_the_file(people, tree, django_capture_on_commit_callbacks):
    attachment = attachment_add(actor=people.admin, record=tree.dept_a, file=pdf_upload())
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_delete(actor=people.admin, attachment=attachment)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(name)  # still there until the deletion commits
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)
    event = AuditEvent.objects.get(object_id=str(attachment.pk), action=AuditAction.DELETE)
    assert event.note == f"删除附件“行政处罚决定书.pdf”（SHA-256：{attachment.sha256}）"


def test_delete_out_of_scope_changes_nothing(people, tree):
    attachment = attachment_add(actor=people.admin, record=tree.dept_a, file=pdf_upload())
    events = AuditEvent.objects.count()
    for outsider in (people.admin_other, people.leader, people.clerk_b):
        with pytest.raises(Attachment.DoesNotExist):
            attachment_delete(actor=outsider, attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)
    assert AuditEvent.objects.count() == events


def test_attachments_of_a_record_follow_the_records_own_view_permission(people, tree):
    """A membership is visible to administrators only; so are the files attached to it."""
    from tests.factories import make_user

    colleague = make_user("colleague_b", tree.dept_b, Role.CLERK)
    on_membership = attachment_add(
        actor=people.admin, record=Membership.objects.get(user=colleague), file=pdf_upload()
    )
    on_unit = attachment_add(actor=people.admin, record=tree.dept_b, file=pdf_upload())
    assert set(Attachment.objects.restrict(people.clerk_b, "view")) == {on_unit}
    assert set(Attachment.objects.restrict(people.admin, "view")) == {on_unit, on_membership}
    assert set(Attachment.objects.restrict(people.clerk_a, "view")) == set()
