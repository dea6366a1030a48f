"""A 草拟 campaign can be deleted with its participating units (audited); a drawn one cannot — its seed and
digests are kept for re-derivation; a participating department cannot."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.models import CampaignUnit, ReviewCampaign
from tests.casereview.conftest import fingerprint

pytestmark = pytest.mark.django_db


def test_a_draft_campaign_is_deleted_from_its_page(login, people, world):
    campaign = world.campaign
    client = login(people.legal)
    assert (
        'data-testid="delete"'
        in client.get(reverse("casereview:detail", args=[campaign.pk])).content.decode()
    )
    response = client.post(reverse("casereview:delete", args=[campaign.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("casereview:list")
    assert not ReviewCampaign.objects.filter(pk=campaign.pk).exists()
    assert not CampaignUnit.objects.filter(campaign_id=campaign.pk).exists()
    assert AuditEvent.objects.get(object_id=str(campaign.pk), action=AuditAction.DELETE).actor == people.legal


def test_a_drawn_campaign_is_kept(login, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    client = login(people.legal)
    page = client.get(reverse("casereview:detail", args=[world.campaign.pk])).content.decode()
    assert 'data-testid="delete"' not in page
    before = fingerprint()
    response = client.post(reverse("casereview:delete", args=[world.campaign.pk]), follow=True)
    assert "不能删除" in response.content.decode()
    assert fingerprint() == before
    with pytest.raises(ValidationError, match="不能删除"):
        services.campaign_delete(actor=people.legal, campaign=world.campaign)


def test_a_department_cannot_delete(login, people, world):
    client = login(people.clerk_a)
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        services.campaign_delete(actor=people.clerk_a, campaign=world.campaign)
    assert client.post(reverse("casereview:delete", args=[world.campaign.pk])).status_code in (403, 404)
    assert fingerprint() == before
