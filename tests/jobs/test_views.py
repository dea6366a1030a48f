"""Pages of background jobs: who sees which job, the polled status card, retry, download, self-test."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.jobs.choices import JobStatus
from fazhi.jobs.jobs import SELFTEST_KIND
from fazhi.jobs.models import Job
from fazhi.jobs.services import job_set_result
from tests.jobs import handlers  # noqa: F401 — registers the test handlers

pytestmark = pytest.mark.django_db


def make_job(owner, unit, *, status=JobStatus.SUCCEEDED, **fields) -> Job:
    defaults = {
        "kind": "tests.ok",
        "label": "导入执法人员",
        "progress": 100 if status == JobStatus.SUCCEEDED else 0,
    }
    defaults.update(fields)
    return Job.objects.create(owner=owner, unit=unit, status=status, **defaults)


def test_a_user_sees_their_own_jobs_and_an_administrator_those_of_their_units(people, tree, login):
    own = make_job(people.clerk_a, tree.dept_a)
    colleague = make_job(people.clerk_b, tree.dept_b)
    elsewhere = make_job(people.admin_other, tree.other_county)

    listed = login(people.clerk_a).get(reverse("jobs:list"))
    assert [j.pk for j in listed.context["object_list"]] == [own.pk]

    listed = login(people.admin).get(reverse("jobs:list"))
    assert {j.pk for j in listed.context["object_list"]} == {own.pk, colleague.pk}
    assert elsewhere.pk not in {j.pk for j in listed.context["object_list"]}

    mine = login(people.admin).get(reverse("jobs:list"), {"mine": "1"})
    assert list(mine.context["object_list"]) == []


def test_the_list_filters_by_status(people, tree, login):
    make_job(people.clerk_a, tree.dept_a)
    failed = make_job(people.clerk_a, tree.dept_a, status=JobStatus.FAILED, error="出错")
    response = login(people.clerk_a).get(reverse("jobs:list"), {"status": "failed"})
    assert [j.pk for j in response.context["object_list"]] == [failed.pk]


def test_a_job_of_another_user_reads_as_not_found(people, tree, login):
    job = make_job(people.clerk_a, tree.dept_a)
    client = login(people.clerk_b)
    for name in ("jobs:detail", "jobs:progress", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_a_running_job_page_polls_its_status_card_every_second(people, tree, login):
    job = make_job(
        people.clerk_a, tree.dept_a, status=JobStatus.RUNNING, progress=35, message="正在校验第 350 行"
    )
    client = login(people.clerk_a)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    card_url = reverse("jobs:progress", args=[job.pk])
    assert f'hx-get="{card_url}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert 'style="width: 35%"' in page
    assert "正在校验第 350 行" in page

    card = client.get(card_url)
    assert card.status_code == 200
    html = card.content.decode()
    assert html.lstrip().startswith('<div id="job-status"')
    assert "<html" not in html
    assert 'hx-trigger="every 1s"' in html


def test_a_finished_job_stops_polling_and_offers_its_result(people, tree, login):
    job = make_job(people.clerk_a, tree.dept_a, finished_at=timezone.now())
    job_set_result(job, filename="导入结果.xlsx", content=b"data", summary={"导入行数": 1000})
    html = login(people.clerk_a).get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert "已完成" in html
    assert "导入行数" in html and "1000" in html
    assert f'href="{reverse("jobs:download", args=[job.pk])}"' in html
    assert "下载结果：导入结果.xlsx" in html


def test_a_failed_job_shows_its_error_and_the_rerun_button(people, tree, login):
    job = make_job(
        people.clerk_a,
        tree.dept_a,
        status=JobStatus.FAILED,
        error="第 3 行格式不正确。",
        traceback="Traceback (most recent call last):\nRuntimeError: 内部细节",
    )
    owner_page = login(people.clerk_a).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "第 3 行格式不正确。" in owner_page
    assert f'action="{reverse("jobs:retry", args=[job.pk])}"' in owner_page
    assert "内部细节" not in owner_page  # the traceback is for administrators
    admin_page = login(people.admin).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "RuntimeError: 内部细节" in admin_page


def test_rerun_from_the_page(people, tree, login, django_capture_on_commit_callbacks):
    job = make_job(people.clerk_a, tree.dept_a, status=JobStatus.FAILED, error="出错", attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(people.clerk_a).post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")


def test_rerun_of_a_job_that_did_not_fail_is_refused(people, tree, login):
    job = make_job(people.clerk_a, tree.dept_a)
    before = Job.objects.values().get(pk=job.pk)
    client = login(people.clerk_a)
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["只有执行失败的任务可以重新执行。"]
    assert Job.objects.values().get(pk=job.pk) == before


def test_download_is_audited_and_named_per_rfc_5987(people, tree, login):
    job = make_job(people.clerk_a, tree.dept_a)
    job_set_result(job, filename="执法人员导入结果.xlsx", content=b"xlsx-bytes")
    response = login(people.clerk_a).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"xlsx-bytes"
    assert response["Content-Disposition"] == (
        f'attachment; filename="job-{job.pk.hex[:8]}.xlsx"; '
        "filename*=UTF-8''%E6%89%A7%E6%B3%95%E4%BA%BA%E5%91%98%E5%AF%BC%E5%85%A5%E7%BB%93%E6%9E%9C.xlsx"
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert (event.actor, event.object_id, event.unit, event.note) == (
        people.clerk_a,
        str(job.pk),
        tree.dept_a,
        "下载后台任务结果：执法人员导入结果.xlsx",
    )


def test_download_out_of_scope_is_not_found_and_not_audited(people, tree, login):
    job = make_job(people.clerk_a, tree.dept_a)
    job_set_result(job, filename="结果.xlsx", content=b"x")
    clients = [login(people.clerk_b), login(people.admin_other)]  # logging in is audited too
    events = AuditEvent.objects.count()
    for client in clients:
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert AuditEvent.objects.count() == events


def test_a_job_without_a_result_has_no_download(people, tree, login):
    job = make_job(people.clerk_a, tree.dept_a)
    client = login(people.clerk_a)
    events = AuditEvent.objects.count()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert AuditEvent.objects.count() == events


def test_an_administrator_runs_the_self_test(
    people, tree, login, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("fazhi.jobs.jobs.time.sleep", lambda seconds: None)  # the pauses are for the eye
    client = login(people.admin)
    assert 'data-testid="jobs-selftest"' in client.get(reverse("jobs:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:selftest"))
    job = Job.objects.get(kind=SELFTEST_KIND)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.unit, job.owner, job.progress) == (
        JobStatus.SUCCEEDED,
        tree.county,
        people.admin,
        100,
    )
    assert job.result_summary["执行方式"] == "inline"
    assert job.result_name == "后台任务自检结果.txt"


def test_the_self_test_is_for_administrators(people, tree, login):
    client = login(people.clerk_a)
    assert 'data-testid="jobs-selftest"' not in client.get(reverse("jobs:list")).content.decode()
    assert client.post(reverse("jobs:selftest")).status_code == 403
    assert Job.objects.count() == 0
