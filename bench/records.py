"""A bench-only record type: created with schema_editor in the throw-away benchmark database.

It has the shape a module's records have (a unit, an event date, a status) and the index
``manage.py check`` asks counted models for (metrics.W001), so the metric scenario measures the
real engine on realistic rows without shipping a table in the product.
"""

from django.db import models

from fazhi.core.models.base import ScopedManager, ScopedMixin


class BenchRecord(ScopedMixin, models.Model):
    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    occurred_on = models.DateField()
    status = models.CharField(max_length=10)

    objects = ScopedManager()

    class Meta:
        app_label = "bench"
        indexes = [
            models.Index(fields=["unit", "occurred_on", "status"], name="bench_record_unit_date_status")
        ]
