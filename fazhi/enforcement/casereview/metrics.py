"""Computed metrics of 案卷评查 (METRICS.md enforcement.*): a file counts in the period in which its review
was finished (评定日期), whichever campaign it belongs to, in the unit of the case it is drawn from."""

from django.db.models import Q

from fazhi.enforcement.casereview.choices import FileStatus, Grade
from fazhi.enforcement.casereview.models import SampledCase
from fazhi.metrics.registry import register_count

_COLUMNS = ("campaign", "case", "unit", "score", "grade", "finished_on")

register_count(
    "enforcement.case_files_reviewed",
    model=SampledCase,
    date_field="finished_on",
    condition=Q(status=FileStatus.FINISHED),
    columns=_COLUMNS,
)
register_count(
    "enforcement.case_files_excellent",
    model=SampledCase,
    date_field="finished_on",
    condition=Q(status=FileStatus.FINISHED, grade=Grade.EXCELLENT),
    columns=_COLUMNS,
)
