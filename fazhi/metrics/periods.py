"""Reporting periods: a year, a quarter, a month or any date range, with their Chinese names.

A period is inclusive at both ends (2025-01-01 to 2025-12-31). Its ``token`` is the short form used
in URLs, the API and the command line: ``2025``, ``2025Q3``, ``2025-10``, ``2025-01-01~2025-06-30``.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: reports of 法治政府建设 began long after 1949; anything outside this is a typing mistake
MIN_YEAR = 1949
MAX_YEAR = 2100
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
# what a message names (translated only when a message is shown: periods are parsed for every imported row)
_YEAR = gettext_lazy("年份")
_QUARTER = gettext_lazy("季度")
_MONTH = gettext_lazy("月份")
_START = gettext_lazy("起始日期")
_END = gettext_lazy("截止日期")


class PeriodKind(models.TextChoices):
    YEAR = "year", gettext_lazy("年度")
    QUARTER = "quarter", gettext_lazy("季度")
    MONTH = "month", gettext_lazy("月度")
    RANGE = "range", gettext_lazy("自定义期间")


class PeriodError(ValueError):
    """A period that cannot exist (month 13, an end before its start …); the message is Chinese."""


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            _("年份应在 %(min)d–%(max)d 之间，收到的是 %(year)s。")
            % {"min": MIN_YEAR, "max": MAX_YEAR, "year": year}
        )
    return year


def _int(value, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise PeriodError(
            _("%(what)s应为整数，收到的是 %(value)s。") % {"what": what, "value": value}
        ) from None


def _date(value, what: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PeriodError(
            _("%(what)s格式不正确，应为 YYYY-MM-DD，收到的是 %(value)s。") % {"what": what, "value": value}
        ) from None


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str = PeriodKind.RANGE

    # --- constructors ----------------------------------------------------------------------------

    @classmethod
    def for_year(cls, year: int) -> Period:
        year = _check_year(_int(year, _YEAR))
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def for_quarter(cls, year: int, quarter: int) -> Period:
        year = _check_year(_int(year, _YEAR))
        quarter = _int(quarter, _QUARTER)
        if not 1 <= quarter <= 4:
            raise PeriodError(_("季度应为 1–4，收到的是 %(value)s。") % {"value": quarter})
        first = 3 * quarter - 2
        last = first + 2
        return cls(
            datetime.date(year, first, 1),
            datetime.date(year, last, calendar.monthrange(year, last)[1]),
            PeriodKind.QUARTER,
        )

    @classmethod
    def for_month(cls, year: int, month: int) -> Period:
        year = _check_year(_int(year, _YEAR))
        month = _int(month, _MONTH)
        if not 1 <= month <= 12:
            raise PeriodError(_("月份应为 1–12，收到的是 %(value)s。") % {"value": month})
        return cls(
            datetime.date(year, month, 1),
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
            PeriodKind.MONTH,
        )

    @classmethod
    def for_range(cls, start, end) -> Period:
        """Any inclusive range; one that is exactly a year, quarter or month is named as such."""
        start, end = _date(start, _START), _date(end, _END)
        if end < start:
            raise PeriodError(_("截止日期 %(end)s 早于起始日期 %(start)s。") % {"start": start, "end": end})
        _check_year(start.year)
        _check_year(end.year)
        for candidate in cls._calendar_periods(start):
            if (candidate.start, candidate.end) == (start, end):
                return candidate
        return cls(start, end, PeriodKind.RANGE)

    @classmethod
    def _calendar_periods(cls, start: datetime.date):
        yield cls.for_year(start.year)
        yield cls.for_quarter(start.year, (start.month - 1) // 3 + 1)
        yield cls.for_month(start.year, start.month)

    @classmethod
    def parse(cls, token: str) -> Period:
        """``2025``, ``2025Q3``, ``2025-10`` or ``2025-01-01~2025-06-30`` (also ``至`` or ``..``).

        Periods are immutable, so the last few thousand tokens are remembered: an import of 50,000
        rows names a few dozen periods. (A token that cannot be parsed raises each time.)
        """
        return _parse_token(cls, str(token or "").strip())

    @classmethod
    def _parse(cls, text: str) -> Period:
        if match := re.fullmatch(r"(\d{4})", text):
            return cls.for_year(int(match[1]))
        if match := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text):
            return cls.for_quarter(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return cls.for_month(int(match[1]), int(match[2]))
        parts = re.split(r"\s*(?:~|至|\.\.)\s*", text)
        if len(parts) == 2 and all(parts):
            return cls.for_range(parts[0], parts[1])
        raise PeriodError(
            _("期间“%(token)s”无法识别，应写作 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。")
            % {"token": text}
        )

    @classmethod
    def from_params(cls, params: Mapping, *, default: Period | None = None) -> Period:
        """From query parameters: ``period`` (a token), or ``year`` with ``quarter`` or ``month``, or
        ``start`` and ``end``. Without any of them, ``default`` (an error when there is none)."""

        def get(name):
            value = params.get(name)
            return str(value).strip() if value not in (None, "") else ""

        if token := get("period"):
            return cls.parse(token)
        start, end = get("start"), get("end")
        if start or end:
            if not (start and end):
                raise PeriodError(_("自定义期间须同时给出起始日期和截止日期。"))
            return cls.for_range(start, end)
        year, quarter, month = get("year"), get("quarter"), get("month")
        if quarter and month:
            raise PeriodError(_("季度和月份只能选择其一。"))
        if not year:
            if quarter or month:
                raise PeriodError(_("选择季度或月份时须给出年份。"))
            if default is None:
                raise PeriodError(_("请给出期间：年份（可加季度或月份），或起止日期。"))
            return default
        if quarter:
            return cls.for_quarter(year, quarter)
        if month:
            return cls.for_month(year, month)
        return cls.for_year(year)

    @classmethod
    def current_year(cls) -> Period:
        return cls.for_year(timezone.localdate().year)

    # --- names -----------------------------------------------------------------------------------

    @property
    def year(self) -> int | None:
        return self.start.year if self.kind != PeriodKind.RANGE else None

    @property
    def quarter(self) -> int | None:
        return (self.start.month - 1) // 3 + 1 if self.kind == PeriodKind.QUARTER else None

    @property
    def month(self) -> int | None:
        return self.start.month if self.kind == PeriodKind.MONTH else None

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return _("%(year)d年") % {"year": self.start.year}
        if self.kind == PeriodKind.QUARTER:
            return _("%(year)d年第%(q)s季度") % {"year": self.start.year, "q": QUARTER_NAMES[self.quarter]}
        if self.kind == PeriodKind.MONTH:
            return _("%(year)d年%(month)d月") % {"year": self.start.year, "month": self.start.month}
        return _("%(start)s至%(end)s") % {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def token(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}Q{self.quarter}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}~{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label

    # --- queries ---------------------------------------------------------------------------------

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def q(self, field: str, *, is_datetime: bool = False) -> Q:
        """Records whose ``field`` falls in the period; a datetime field by local (Asia/Shanghai) days."""
        if not is_datetime:
            return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})
        first = timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))
        after = timezone.make_aware(
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        )
        return Q(**{f"{field}__gte": first, f"{field}__lt": after})

    def as_dict(self) -> dict:
        return {
            "token": self.token,
            "label": self.label,
            "kind": str(self.kind),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


@functools.lru_cache(maxsize=4096)
def _parse_token(cls, text: str) -> Period:
    return cls._parse(text)
