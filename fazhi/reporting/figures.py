"""Figure tokens in a narrative, and their values.

A narrative is plain text with tokens that stay live until the report is frozen:

- ``{{reconsideration.received}}`` — the year's figure with its unit of measure: “918件”, “40.5%”;
- ``{{reconsideration.received@上年}}`` — the previous year's figure;
- ``{{reconsideration.received@比较}}`` — the comparison with the previous year as the seed reports
  write it: for a count “同比增长35.9%” / “同比下降4.2%” / “与上年持平”; for a rate
  “较上年的27.9%明显上升” / “有所上升” / “有所下降” / “明显下降” / “与上年的27.9%持平”
  (“明显” from a change of :data:`MARKED_CHANGE_POINTS` percentage points);
- ``{{reconsideration.upheld/reconsideration.closed}}`` — one count as a share of another: “58.2%”.

A figure without a value is never dropped: it renders as “【待补充：行政复议·综合纠错率】” and is listed
on the report's to-do list (:class:`Resolved` ``missing``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.http import urlencode

from fazhi.metrics.catalog import DOMAINS
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import UnknownMetric, get_metric
from fazhi.metrics.values import MetricValue, evaluate, format_number, with_unit

TOKEN_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_SPEC_RE = re.compile(r"^([a-z_]+(?:\.[a-z_]+)+)(?:/([a-z_]+(?:\.[a-z_]+)+))?(?:@(上年|比较))?$")
PREVIOUS, COMPARISON = "上年", "比较"
#: a rate that moved by at least this many percentage points changed “明显”
MARKED_CHANGE_POINTS = Decimal(5)


@dataclass(frozen=True)
class Resolved:
    token: str  # the token's inside, e.g. "reconsideration.received@比较"
    text: str
    value: str = ""  # the number behind the text (for snapshots and the API); "" when missing
    url: str = ""
    label: str = ""  # what the figure is, in Chinese
    missing: bool = False

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "value": self.value,
            "url": self.url,
            "label": self.label,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, token: str, data: dict) -> Resolved:
        return cls(token=token, **{k: data.get(k, "") for k in ("text", "value", "url", "label")},
                   missing=bool(data.get("missing")))  # fmt: skip


def metric_label(key: str) -> str:
    metric = get_metric(key)
    return f"{DOMAINS.get(metric.domain, metric.domain)}·{metric.label}"


def tokens_in(text: str) -> list[str]:
    return [match.group(1) for match in TOKEN_RE.finditer(text or "")]


def token_problem(token: str) -> str:
    """Why a token cannot be read ("" when fine); the message is shown to the drafter."""
    match = _SPEC_RE.match(token)
    if not match:
        return f"“{{{{{token}}}}}”不是有效的数据标记，应写作 {{{{指标键}}}}、{{{{指标键@上年}}}}、{{{{指标键@比较}}}} 或 {{{{分子键/分母键}}}}。"
    for key in filter(None, match.group(1, 2)):
        try:
            get_metric(key)
        except UnknownMetric:
            return f"“{{{{{token}}}}}”中的 {key} 不是指标目录中的指标。"
    if match.group(2) and match.group(3):
        return f"“{{{{{token}}}}}”：占比不能再加 @上年 或 @比较。"
    return ""


def figure_url(value: MetricValue) -> str:
    """The drill-down of a computed figure, else the metric's page (typed-in figures and their evidence)."""
    query = urlencode({"key": value.metric.key, "unit": str(value.unit.pk), "period": value.period.token})
    name = "metrics:drilldown" if value.drilldown_available else "metrics:detail"
    return f"{reverse(name)}?{query}"


def _number(value) -> str:
    return "" if value is None else str(value)


class FigureResolver:
    """Resolves tokens for one unit and year, reusing metric values across a whole report."""

    def __init__(self, unit, year: int):
        self.unit = unit
        self.year = year
        self.period = Period.for_year(year)
        self.previous_period = Period.for_year(year - 1)
        self.memo: dict = {}
        self._cache: dict[str, Resolved] = {}

    def value(self, key: str, *, previous: bool = False) -> MetricValue:
        period = self.previous_period if previous else self.period
        return evaluate(key, self.unit, period, memo=self.memo)

    def resolve(self, token: str) -> Resolved:
        if token not in self._cache:
            self._cache[token] = self._resolve(token)
        return self._cache[token]

    def _missing(self, token: str, label: str) -> Resolved:
        return Resolved(token, f"【待补充：{label}】", label=label, missing=True)

    def _resolve(self, token: str) -> Resolved:
        problem = token_problem(token)
        if problem:
            return Resolved(token, f"【数据标记有误：{token}】", label=problem, missing=True)
        key, over, form = _SPEC_RE.match(token).groups()
        if over:
            return self._share(token, key, over)
        if form == COMPARISON:
            return self._comparison(token, key)
        previous = form == PREVIOUS
        value = self.value(key, previous=previous)
        label = ("上年" if previous else "") + metric_label(key)
        if value.value is None and not value.not_applicable:
            return self._missing(token, label)
        return Resolved(token, value.display_with_unit, _number(value.value), figure_url(value), label)

    def _share(self, token: str, key: str, over: str) -> Resolved:
        part, whole = self.value(key), self.value(over)
        label = f"{metric_label(key)}占{get_metric(over).label}的比例"
        if part.value is None or whole.value is None:
            return self._missing(token, label)
        if not whole.value:
            return Resolved(token, "—", "", figure_url(part), label)
        share = (Decimal(part.value) * 100 / Decimal(whole.value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return Resolved(token, f"{share}%", str(share), figure_url(part), label)

    def _comparison(self, token: str, key: str) -> Resolved:
        metric = get_metric(key)
        now, before = self.value(key), self.value(key, previous=True)
        label = f"{metric_label(key)}与上年比较"
        if now.value is None or before.value is None:
            return self._missing(token, label)
        url = figure_url(now)
        if metric.is_rate:
            previous_text = format_number(metric, before.value)
            diff = Decimal(now.value) - Decimal(before.value)
            if diff == 0:
                text = f"与上年的{previous_text}持平"
            else:
                degree = "明显" if abs(diff) >= MARKED_CHANGE_POINTS else "有所"
                text = f"较上年的{previous_text}{degree}{'上升' if diff > 0 else '下降'}"
            return Resolved(token, text, str(diff), url, label)
        current, prior = Decimal(now.value), Decimal(before.value)
        if current == prior:
            return Resolved(token, "与上年持平", "0", url, label)
        if prior == 0:
            return Resolved(token, f"上年为{with_unit(metric, '0')}", "", url, label)
        change = ((current - prior) * 100 / prior).quantize(Decimal("0.1"), ROUND_HALF_UP)
        text = f"同比增长{change}%" if change > 0 else f"同比下降{-change}%"
        return Resolved(token, text, str(change), url, label)
