"""A 草拟 task can be deleted (audited); a drawn one cannot — its seed and lists are kept for verification;
a clerk without the delete right cannot."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.enforcement.inspections import services
from fazhi.enforcement.inspections.models import InspectionTask
from tests.inspections.conftest import fingerprint
from tests.inspections.factories import DRAW_DAY

pytestmark = pytest.mark.django_db


def test_a_draft_task_is_deleted_from_its_page(login, people, task):
    client = login(people.admin_a)
    page = client.get(reverse("inspections:detail", args=[task.pk])).content.decode()
    assert 'data-testid="delete"' in page
    assert client.get(reverse("inspections:delete", args=[task.pk])).status_code == 200
    response = client.post(reverse("inspections:delete", args=[task.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("inspections:list")
    assert not InspectionTask.objects.filter(pk=task.pk).exists()
    event = AuditEvent.objects.get(object_id=str(task.pk), action=AuditAction.DELETE)
    assert event.actor == people.admin_a


def test_a_drawn_task_is_kept(login, people, pool, task):
    services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed="keep")
    client = login(people.admin_a)
    assert (
        'data-testid="delete"'
        not in client.get(reverse("inspections:detail", args=[task.pk])).content.decode()
    )
    before = fingerprint()
    response = client.post(reverse("inspections:delete", args=[task.pk]), follow=True)
    assert "不能删除" in response.content.decode() and "复核" in response.content.decode()
    assert fingerprint() == before
    with pytest.raises(ValidationError, match="不能删除"):
        services.task_delete(actor=people.admin_a, task=task)


def test_a_clerk_cannot_delete(login, people, task):
    client = login(people.clerk_a)
    assert (
        'data-testid="delete"'
        not in client.get(reverse("inspections:detail", args=[task.pk])).content.decode()
    )
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        services.task_delete(actor=people.clerk_a, task=task)
    assert client.post(reverse("inspections:delete", args=[task.pk])).status_code in (403, 404)
    assert fingerprint() == before
