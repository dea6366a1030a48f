"""Statutory periods of a reconsideration case (《行政复议法》2023; RULES.md §1.1).

Reused from fazhi/workdays/rules.py, where they were seeded: ``reconsideration.acceptance`` (5 working days,
第三十条, restarts on 收到补正材料), ``reconsideration.decision`` (60日, 第六十二条, extension ≤ 30日) and
``reconsideration.simple_decision`` (30日, 第六十二条, no extension). "五日""七日""十日" of this law are
working days (第八十八条).
"""

from fazhi.workdays.rules import PeriodKind, register_rule

ACCEPTANCE = "reconsideration.acceptance"
DECISION = "reconsideration.decision"
SIMPLE_DECISION = "reconsideration.simple_decision"

CORRECTION = register_rule(
    "reconsideration.correction",
    label="申请人补正材料",
    kind=PeriodKind.WORKING_DAYS,
    count=10,
    start_event="收到补正通知之日",
    citation="《行政复议法》第三十一条",
    note="无正当理由逾期不补正的，视为申请人放弃行政复议申请",
).key
RESPONDENT_COPY = register_rule(
    "reconsideration.respondent_copy",
    label="发送申请书副本（普通程序）",
    kind=PeriodKind.WORKING_DAYS,
    count=7,
    start_event="受理申请之日",
    citation="《行政复议法》第四十八条",
).key
RESPONDENT_ANSWER = register_rule(
    "reconsideration.respondent_answer",
    label="被申请人书面答复（普通程序）",
    kind=PeriodKind.WORKING_DAYS,
    count=10,
    start_event="收到申请书副本之日",
    citation="《行政复议法》第四十八条",
).key
SIMPLE_COPY = register_rule(
    "reconsideration.simple_copy",
    label="发送申请书副本（简易程序）",
    kind=PeriodKind.WORKING_DAYS,
    count=3,
    start_event="受理申请之日",
    citation="《行政复议法》第五十四条",
).key
SIMPLE_ANSWER = register_rule(
    "reconsideration.simple_answer",
    label="被申请人书面答复（简易程序）",
    kind=PeriodKind.WORKING_DAYS,
    count=5,
    start_event="收到申请书副本之日",
    citation="《行政复议法》第五十四条",
).key
HEARING_NOTICE = register_rule(
    "reconsideration.hearing_notice",
    label="听证通知（至少提前五个工作日）",
    kind=PeriodKind.WORKING_DAYS,
    count=5,
    start_event="书面通知听证之日",
    citation="《行政复议法》第五十一条",
    note="听证日期不得早于届满日",
).key
OPINION_FEEDBACK = register_rule(
    "reconsideration.opinion_feedback",
    label="行政复议意见书反馈",
    kind=PeriodKind.CALENDAR_DAYS,
    count=60,
    start_event="收到行政复议意见书之日",
    citation="《行政复议法》第七十六条",
).key

#: (copy, answer) rule keys by procedure
RESPONDENT_RULES = {"ordinary": (RESPONDENT_COPY, RESPONDENT_ANSWER), "simple": (SIMPLE_COPY, SIMPLE_ANSWER)}
DECISION_RULES = {"ordinary": DECISION, "simple": SIMPLE_DECISION}
