"""Statutory deadline rules as data (DESIGN.md "Deadlines"; RULES.md).

A module declares its rules in its own ``rules.py``, which the workdays app imports at start-up::

    from fazhi.workdays.rules import PeriodKind, register_rule

    register_rule(
        "disclosure.reply", label="依申请公开答复", kind=PeriodKind.WORKING_DAYS, count=20,
        start_event="收到申请之日", citation="《政府信息公开条例》第三十三条",
        restart_on=("收到补正材料",), max_extension=20,
    )

and opens a deadline with :func:`fazhi.workdays.services.deadline_open` (``rule_key="disclosure.reply"``).
A deadline copies its rule when it is opened, so an amended rule never silently moves a deadline
that is already running.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from fazhi.workdays.choices import PeriodKind

__all__ = ["DeadlineRule", "PeriodKind", "UnknownRule", "all_rules", "get_rule", "register_rule"]


class UnknownRule(LookupError):
    def __init__(self, key: str):
        super().__init__(_("未登记的期限规则：%(key)s") % {"key": key})
        self.key = key


@dataclass(frozen=True)
class DeadlineRule:
    key: str  # "<app>.<what>", e.g. "reconsideration.decision"
    label: str  # what the period is for, e.g. 行政复议决定
    kind: str  # PeriodKind
    count: int
    start_event: str  # the event the period runs from, e.g. 受理之日
    citation: str  # law and article, e.g. 《中华人民共和国行政复议法》第六十二条
    #: events after which the whole period counts again (e.g. 收到补正材料); empty: no restart
    restart_on: tuple[str, ...] = ()
    #: the most the period may be extended in total (in the period's own unit; months: days); None: no limit
    max_extension: int | None = None
    note: str = ""

    @property
    def restartable(self) -> bool:
        return bool(self.restart_on)

    @property
    def period(self) -> str:
        return f"{self.count}{PeriodKind(self.kind).label}"


_RULES: dict[str, DeadlineRule] = {}


def register_rule(
    key: str,
    *,
    label: str,
    kind: str,
    count: int,
    start_event: str,
    citation: str,
    restart_on: tuple[str, ...] | list[str] = (),
    max_extension: int | None = None,
    note: str = "",
) -> DeadlineRule:
    """Declare a rule; the same rule again is harmless, a different one under the same key is an error."""
    if kind not in PeriodKind.values:
        raise ImproperlyConfigured(f"期限规则 {key} 的期间种类无效：{kind!r}")
    if not isinstance(count, int) or count < 1:
        raise ImproperlyConfigured(f"期限规则 {key} 的期间长度必须是正整数：{count!r}")
    if not citation:
        raise ImproperlyConfigured(f"期限规则 {key} 必须注明法律依据（法律名称与条款）")
    rule = DeadlineRule(
        key=key,
        label=label,
        kind=str(kind),
        count=count,
        start_event=start_event,
        citation=citation,
        restart_on=tuple(restart_on),
        max_extension=max_extension,
        note=note,
    )
    existing = _RULES.get(key)
    if existing is not None and existing != rule:
        raise ImproperlyConfigured(f"期限规则 {key} 已登记为不同的内容")
    _RULES[key] = rule
    return rule


def get_rule(key: str) -> DeadlineRule:
    try:
        return _RULES[key]
    except KeyError:
        raise UnknownRule(key) from None


def all_rules() -> list[DeadlineRule]:
    return sorted(_RULES.values(), key=lambda rule: rule.key)


# --- a few generic rules from RULES.md; each module adds its own in its rules.py ---------------------

register_rule(
    "disclosure.reply",
    label="依申请公开答复",
    kind=PeriodKind.WORKING_DAYS,
    count=20,
    start_event="收到申请之日",
    citation="《政府信息公开条例》第三十三条",
    restart_on=("收到补正材料",),  # 第三十条：答复期限自行政机关收到补正的申请之日起计算
    max_extension=20,  # 第三十三条第二款：延长的期限最长不得超过20个工作日
)
register_rule(
    "disclosure.correction_notice",
    label="告知补正",
    kind=PeriodKind.WORKING_DAYS,
    count=7,
    start_event="收到申请之日",
    citation="《政府信息公开条例》第三十条",
)
register_rule(
    "reconsideration.acceptance",
    label="行政复议受理审查",
    kind=PeriodKind.WORKING_DAYS,  # 第八十八条："五日"指工作日，不含法定休假日
    count=5,
    start_event="收到行政复议申请之日",
    citation="《行政复议法》第三十条",
    restart_on=("收到补正材料",),
)
register_rule(
    "reconsideration.decision",
    label="行政复议决定（普通程序）",
    kind=PeriodKind.CALENDAR_DAYS,
    count=60,
    start_event="受理申请之日",
    citation="《行政复议法》第六十二条",
    max_extension=30,  # 情况复杂的，经行政复议机构负责人批准，可以适当延长，但延长期限最多不超过三十日
)
register_rule(
    "reconsideration.simple_decision",
    label="行政复议决定（简易程序）",
    kind=PeriodKind.CALENDAR_DAYS,
    count=30,
    start_event="受理申请之日",
    citation="《行政复议法》第六十二条",
    max_extension=0,
)
register_rule(
    "petition.handling",
    label="信访事项办理",
    kind=PeriodKind.CALENDAR_DAYS,
    count=60,
    start_event="受理之日",
    citation="《信访工作条例》第三十四条",
    max_extension=30,
)
register_rule(
    "penalty.decision",
    label="行政处罚决定",
    kind=PeriodKind.CALENDAR_DAYS,
    count=90,
    start_event="立案之日",
    citation="《行政处罚法》第六十条",
)
register_rule(
    "litigation.first_instance",
    label="行政诉讼一审审理",
    kind=PeriodKind.MONTHS,
    count=6,
    start_event="立案之日",
    citation="《行政诉讼法》第八十一条",
)
