"""The home-page panel of 双随机一公开: tasks awaiting publication whose 20-working-day deadline is near or
past (RULES.md §5.1), in the user's scope (those the user may act on); and, for a department taking part
in another's joint task, the entities its officers were drawn for that still have no result."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from fazhi.core.home import register_home_panel
from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask

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
    for task in tasks:
        task.overdue = task.publication_due_on < today
    joint = _joint_results_to_record(request.user)
    if not tasks and not joint:
        return None
    return {"template": "inspections/_home_panel.html", "tasks": tasks, "joint": joint}


def _joint_results_to_record(user) -> list[dict]:
    """Joint tasks led by another department where the user records results still missing."""
    led = InspectionTask.objects.restrict(user, "change").values("pk")
    return list(
        DrawnEntity.objects.restrict(user, "change")
        .filter(task__status__in=(TaskStatus.DRAWN, TaskStatus.INSPECTING), result__isnull=True)
        .exclude(task__in=led)
        .values("task", "task__name", "task__unit__name", "task__planned_end")
        .annotate(missing=Count("pk", distinct=True))
        .order_by("task__planned_end", "task__name")[:10]
    )
