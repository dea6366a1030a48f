"""Computed enforcement.* metrics of 双随机一公开 (METRICS.md; docs/inspections.md).

- random_inspection_tasks: tasks drawn (随机抽取) in the period, by their draw day, counted for the lead
  department (牵头部门) — a joint task is one task, counted once, under its lead.
- random_inspection_entities: entities drawn in those tasks (抽中户次 — an entity drawn in two tasks counts
  twice), by the task's draw day.
- cross_dept_tasks: the drawn tasks that are 跨部门联合抽查.
- cross_dept_share is a rate (catalog): cross_dept_tasks ÷ random_inspection_tasks, never registered.
"""

from django.db.models import Q

from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask
from fazhi.metrics.registry import register_count

_TASK_COLUMNS = ("name", "matter", "unit", "drawn_on", "is_joint", "status")

register_count(
    "enforcement.random_inspection_tasks",
    model=InspectionTask,
    date_field="drawn_on",
    columns=_TASK_COLUMNS,
)
register_count(
    "enforcement.cross_dept_tasks",
    model=InspectionTask,
    date_field="drawn_on",
    condition=Q(is_joint=True),
    columns=_TASK_COLUMNS,
)
register_count(
    "enforcement.random_inspection_entities",
    model=DrawnEntity,
    date_field="task__drawn_on",
    columns=("entity_name", "credit_code", "task", "unit", "position"),
)
