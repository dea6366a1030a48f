"""The home-page panel of 案卷评查: campaigns under review the user may score, with their open files."""

from __future__ import annotations

from django.db.models import Count, Q

from fazhi.core.home import register_home_panel
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus
from fazhi.enforcement.casereview.models import ReviewCampaign


@register_home_panel(order=42)
def casereview_panel(request):
    """Shown only while a campaign the user can score (``change``) has files not yet 评定."""
    campaigns = list(
        ReviewCampaign.objects.restrict(request.user, "change")
        .filter(status__in=(CampaignStatus.DRAWN, CampaignStatus.REVIEWING))
        .annotate(
            file_count=Count("files"),
            open_count=Count("files", filter=~Q(files__status=FileStatus.FINISHED)),
        )
        .filter(open_count__gt=0)
        .order_by("-year", "name")[:5]
    )
    if not campaigns:
        return None
    return {"template": "casereview/_home_panel.html", "campaigns": campaigns}
