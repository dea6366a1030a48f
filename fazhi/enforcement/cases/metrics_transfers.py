"""enforcement.transfers_to_judiciary (METRICS.md: 两法衔接移送, 件): transfers dated in the period
(``transferred_on``), whatever their later answer; counted for the sending unit's subtree.
Imported by the app's metrics.py (the catalog's autodiscovery reads that module)."""

from fazhi.enforcement.cases.models import JudicialTransfer
from fazhi.metrics.registry import register_count

register_count(
    "enforcement.transfers_to_judiciary",
    model=JudicialTransfer,
    date_field="transferred_on",
    columns=(
        "party_name",
        "suspected_offence",
        "target",
        "receiving_organ",
        "unit",
        "transferred_on",
        "status",
    ),
)
