"""The deadline of 双随机一公开: results are made public within 20 working days (RULES.md §5.1).

国办发〔2018〕118号 (行政执法公示制度): 执法决定 and results of 抽查检查 are made public within 20 个工作日;
the State Council's 双随机、一公开 opinion (国发〔2019〕5号) asks that 抽查检查结果 be published through the
国家企业信用信息公示系统 within 20 个工作日 of their being produced. The platform counts from the day the
inspection of the task ends (the last entity's result), through the calendar engine (fazhi.workdays).
"""

from __future__ import annotations

import datetime

from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import compute
from fazhi.workdays.rules import PeriodKind, get_rule, register_rule

PUBLICATION = register_rule(
    "inspections.publication",
    label="双随机抽查结果公示",
    kind=PeriodKind.WORKING_DAYS,
    count=20,
    start_event="抽查检查结束之日",
    citation="国办发〔2018〕118号（行政执法公示制度）；国发〔2019〕5号",
)

#: two inspectors per entity (《行政处罚法》第四十二条: 执法人员不得少于两人)
INSPECTORS_PER_ENTITY = 2


def publication_due(finished_on: datetime.date, calendar=None) -> datetime.date:
    rule = get_rule(PUBLICATION.key)
    return compute(
        kind=rule.kind, count=rule.count, start=finished_on, calendar=calendar or load_calendar()
    ).due
