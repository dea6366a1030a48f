"""The audit-log pages: auditors and administrators only, their units' records only, export, chain check."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import audit_record

HEADERS = ["序号", "时间", "操作人", "单位", "动作", "对象类型", "对象", "变更内容", "说明", "客户端地址"]
MARCH_FIRST = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Asia/Shanghai


def body(response) -> str:
    return response.content.decode()


def seqs(response) -> list[int]:
    return [event.seq for event in response.context["object_list"]]


@pytest.fixture
def events(tree, people, monkeypatch):
    """Three record changes: two in 清河县 (one on 1 March), one in 白石县 (outside the county's scope)."""
    monkeypatch.setattr(timezone, "now", lambda: MARCH_FIRST)
    early = audit_record(
        actor=people.admin,
        action=AuditAction.UPDATE,
        obj=tree.dept_a,
        changes={"name": ["清河县市场监督管理局", "清河县市场监管局"]},
        note="机构改革",
    )
    monkeypatch.undo()
    later = audit_record(actor=people.clerk_b, action=AuditAction.CREATE, obj=tree.dept_b)
    other = audit_record(actor=people.admin_other, action=AuditAction.UPDATE, obj=tree.other_county)
    return [early, later, other]


# --- who may see what ---------------------------------------------------------------------------------


def test_auditor_sees_only_the_county_records_newest_first(events, people, login):
    early, later, other = events
    response = login(people.auditor).get(reverse("audit:list"))

    assert response.status_code == 200
    shown = seqs(response)
    assert shown == sorted(shown, reverse=True)
    assert early.seq in shown and later.seq in shown
    assert other.seq not in shown
    assert set(shown) == set(
        AuditEvent.objects.restrict(people.auditor, "view").values_list("seq", flat=True)
    )
    page = body(response)
    for header in (
        "<th>序号</th>",
        "<th>时间</th>",
        "<th>操作人</th>",
        "<th>单位</th>",
        "<th>动作</th>",
        "<th>对象</th>",
        "<th>客户端地址</th>",
    ):
        assert header in page
    assert "2026-03-01 09:30:00" in page  # local time


def test_list_issues_a_fixed_number_of_queries(events, people, login, tree, django_assert_max_num_queries):
    client = login(people.auditor)
    with django_assert_max_num_queries(14):
        client.get(reverse("audit:list"))
    for index in range(40):
        audit_record(actor=people.admin, action=AuditAction.UPDATE, obj=tree.town, note=f"第{index}次")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("audit:list"))
    assert len(response.context["object_list"]) == 43  # 2 of the fixture's, the auditor's login, 40 more


@pytest.mark.parametrize("who", ["clerk_a", "leader", "legal", "nobody"])
def test_others_are_refused(events, people, login, who):
    client = login(getattr(people, who))
    count = AuditEvent.objects.count()

    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:detail", args=[events[0].seq])).status_code == 404
    assert client.post(reverse("audit:export")).status_code == 403
    assert client.post(reverse("audit:verify")).status_code == 403
    assert AuditEvent.objects.count() == count  # the refused export wrote nothing


def test_detail_outside_scope_is_404(events, people, login):
    early, _later, other = events

    assert login(people.auditor).get(reverse("audit:detail", args=[other.seq])).status_code == 404
    assert login(people.admin_other).get(reverse("audit:detail", args=[early.seq])).status_code == 404
    assert login(people.auditor).get(reverse("audit:detail", args=[999999])).status_code == 404


def test_system_admin_of_the_county_may_read_the_log(events, people, login):
    response = login(people.admin).get(reverse("audit:list"))

    assert response.status_code == 200
    assert events[2].seq not in seqs(response)


# --- filters ---------------------------------------------------------------------------------------------


def test_filters(events, people, tree, login):
    early, later, _other = events
    client = login(people.auditor)

    def shown(**params):
        return seqs(client.get(reverse("audit:list"), params))

    assert shown(action=AuditAction.CREATE) == [later.seq]
    assert shown(actor="公安") == [later.seq]
    assert shown(date_from="2026-03-01", date_to="2026-03-01") == [early.seq]
    assert shown(date_to="2026-02-28") == []
    assert shown(unit=str(tree.dept_b.pk)) == [later.seq]
    assert shown(object_type="core.orgunit", q="市场") == [early.seq]
    refused = client.get(reverse("audit:list"), {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert refused.context["filter_form"].errors["date_to"] == ["截止日期不能早于起始日期。"]


def test_filter_choices_are_scoped(events, people, tree, login):
    form = login(people.auditor).get(reverse("audit:list")).context["filter_form"]

    assert tree.other_county not in form.fields["unit"].queryset
    assert tree.county in form.fields["unit"].queryset
    assert ("core.orgunit", "组织机构") in form.fields["object_type"].choices


# --- detail ----------------------------------------------------------------------------------------------


def test_detail_shows_the_changes_and_the_chain(events, people, login):
    early = events[0]
    response = login(people.auditor).get(reverse("audit:detail", args=[early.seq]))

    assert response.status_code == 200
    assert response.context["change_rows"] == [
        {"field": "name", "label": "名称", "before": "清河县市场监督管理局", "after": "清河县市场监管局"}
    ]
    page = body(response)
    assert early.prev_hash in page
    assert early.hash in page
    assert "机构改革" in page
    assert "2026-03-01 09:30:00" in page


# --- export ----------------------------------------------------------------------------------------------


def test_export_writes_the_scoped_filtered_rows_and_is_audited(events, people, login):
    early, _later, other = events
    client = login(people.auditor)
    scoped = set(AuditEvent.objects.restrict(people.auditor, "view").values_list("seq", flat=True))

    response = client.post(f"{reverse('audit:export')}?action={AuditAction.UPDATE}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"audit-log-{today}.xlsx\"; filename*=UTF-8''{quote(f'审计日志-{today}.xlsx')}"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == [early.seq]  # UPDATE only, and not 白石县's
    assert rows[1][1:7] == (
        datetime.datetime(2026, 3, 1, 9, 30),
        "县管理员",
        "清河县市场监督管理局",
        "修改",
        "组织机构",
        "清河县市场监督管理局",
    )
    assert rows[1][7] == '{"name": ["清河县市场监督管理局", "清河县市场监管局"]}'
    assert other.seq not in scoped and early.seq in scoped

    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.actor == people.auditor
    assert export.unit == people.auditor.memberships.get().unit
    assert export.note == "导出审计日志 1 条；筛选条件：动作=修改"


def test_export_without_filters_holds_every_scoped_row(events, people, login):
    client = login(people.auditor)
    scoped = list(
        AuditEvent.objects.restrict(people.auditor, "view").order_by("-seq").values_list("seq", flat=True)
    )

    response = client.post(reverse("audit:export"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == scoped
    assert (
        AuditEvent.objects.get(action=AuditAction.EXPORT).note
        == f"导出审计日志 {len(scoped)} 条；筛选条件：无"
    )


def test_export_is_post_only(events, people, login):
    response = login(people.auditor).get(reverse("audit:export"))

    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_list_page_offers_export_with_the_current_filters(events, people, login):
    page = body(login(people.auditor).get(reverse("audit:list"), {"action": AuditAction.CREATE, "page": "1"}))

    assert f'action="{reverse("audit:export")}?action=create"' in page


# --- chain check -----------------------------------------------------------------------------------------


def test_verify_reports_an_intact_chain(events, people, login):
    response = login(people.auditor).post(reverse("audit:verify"))

    assert response.status_code == 200
    total = AuditEvent.objects.count()
    assert response.context["report"].ok is True
    assert f"审计链完整（{total} 条）" in body(response)


def test_verify_names_the_first_altered_record(events, people, login):
    early = events[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET note = %s WHERE seq = %s", ["篡改", early.seq])

    response = login(people.auditor).post(reverse("audit:verify"))

    report = response.context["report"]
    assert (report.ok, report.broken_seq) == (False, early.seq)
    assert f"第 {early.seq} 条记录的内容与其哈希不符，已被改动" in body(response)
    assert response.context["broken_visible"] is True
    assert reverse("audit:detail", args=[early.seq]) in body(response)


def test_verify_is_post_only(people, login):
    assert login(people.auditor).get(reverse("audit:verify")).status_code == 405
