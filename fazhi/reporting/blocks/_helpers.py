"""What every drafting block uses: a context with the year's figures and sentence helpers."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.reporting.figures import FigureResolver


def token(key: str, form: str = "") -> str:
    return "{{" + key + (f"@{form}" if form else "") + "}}"


def share(key: str, over: str) -> str:
    return "{{" + f"{key}/{over}" + "}}"


def area_word(unit) -> str:
    """How a report names its whole area: 全县, 全区, 全市, 全省; a department or office: 本系统."""
    name = unit.name
    for suffix, word in (("省人民政府", "全省"), ("市人民政府", "全市"), ("区人民政府", "全区"),
                         ("县人民政府", "全县"), ("旗人民政府", "全旗")):  # fmt: skip
        if name.endswith(suffix):
            return word
    if unit.kind == "town":
        return "全镇" if name.endswith("镇") else ("全街道" if name.endswith("街道") else "全乡")
    return "本系统"


@dataclass
class DraftContext:
    unit: object
    year: int
    figures: FigureResolver

    @classmethod
    def for_unit_year(cls, unit, year: int, figures: FigureResolver | None = None) -> DraftContext:
        return cls(unit, year, figures or FigureResolver(unit, year))

    @property
    def area(self) -> str:
        return area_word(self.unit)

    def is_zero(self, key: str) -> bool:
        """The figure is known to be 0 (a missing figure is not zero: its token stays)."""
        value = self.figures.value(key)
        return value.value is not None and value.value == 0

    def not_applicable(self, key: str) -> bool:
        """A rate whose denominator is 0 (“—”): the clause quoting it is left out."""
        return self.figures.value(key).not_applicable

    def has_value(self, key: str) -> bool:
        return self.figures.value(key).value is not None

    def has_previous(self, key: str) -> bool:
        """A previous-year figure to compare with: known and, for a count, not 0 (the seeds never write
        “比上年增长” against nothing; a record-keeping that began this year would otherwise read so)."""
        value = self.figures.value(key, previous=True).value
        return value is not None and (value != 0 or self.figures.value(key).metric.is_rate)

    def clauses(self, items, sep: str = "、") -> str:
        """``items``: (words before the figure, key[, words after]); clauses whose figure is 0 are left out."""
        parts = []
        for item in items:
            before, key, *after = item
            if self.is_zero(key):
                continue
            parts.append(f"{before}{token(key)}{after[0] if after else ''}")
        return sep.join(parts)
