"""The home-page panel of 双随机一公开: tasks awaiting publication whose 20-working-day deadline is near or
past (RULES.md §5.1), in the user's scope (those the user may act on)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.core.home import register_home_panel
from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.models import InspectionTask

#: calendar days before the deadline from which a task is listed
SOON_DAYS = 7


@register_home_panel(order=43)
def inspections_panel(request):
    today = timezone.localdate()
    tasks = list(
        InspectionTask.objects.restrict(request.user, "change")
        .filter(
            status=TaskStatus.AWAITING_PUBLICATION,
            publication_due_on__lte=today + datetime.timedelta(days=SOON_DAYS),
        )
        .select_related("unit")
        .order_by("publication_due_on")[:10]
    )
    if not tasks:
        return None
    for task in tasks:
        task.overdue = task.publication_due_on < today
    return {"template": "inspections/_home_panel.html", "tasks": tasks}
