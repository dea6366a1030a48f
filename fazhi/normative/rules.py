"""Periods of a normative document (RULES.md §4; docs/normative.md), counted by the deadline engine.

No national rule fixes these lengths (RULES.md §4.2: provinces differ), so each count is a setting read
at start-up; the citation names the rule the default follows. A deadline copies its rule when it opens,
so changing a setting never moves deadlines already running.
"""

from django.conf import settings

from fazhi.workdays.rules import PeriodKind, register_rule

COMMENT = register_rule(
    "normative.comment",
    label="公开征求意见期间",
    kind=PeriodKind.CALENDAR_DAYS,
    count=settings.FAZHI_NORMATIVE_COMMENT_DAYS,
    start_event="公布征求意见稿之日",
    citation="国办发〔2018〕37号（公开征求意见）；期间参照《重大行政决策程序暂行条例》第十五条",
    note="期满前不得送合法性审核；期间长度按 FAZHI_NORMATIVE_COMMENT_DAYS 设置",
).key
REVIEW = register_rule(
    "normative.review",
    label="合法性审核",
    kind=PeriodKind.WORKING_DAYS,
    count=settings.FAZHI_NORMATIVE_REVIEW_WORKDAYS,
    start_event="收到送审稿之日",
    citation="国办发〔2018〕115号（原则上不少于5个工作日，最长不超过15个工作日）",
    note="期间长度按 FAZHI_NORMATIVE_REVIEW_WORKDAYS 设置",
).key
FILING = register_rule(
    "normative.filing",
    label="报送备案",
    kind=PeriodKind.CALENDAR_DAYS,
    count=settings.FAZHI_NORMATIVE_FILING_DAYS,
    start_event="公布之日",
    citation="各省行政规范性文件备案规定；参照《法规规章备案审查条例》第四条（公布之日起30日内）",
    note="期间长度按 FAZHI_NORMATIVE_FILING_DAYS 设置",
).key
FILING_REVIEW = register_rule(
    "normative.filing_review",
    label="备案审查",
    kind=PeriodKind.CALENDAR_DAYS,
    count=settings.FAZHI_NORMATIVE_FILING_REVIEW_DAYS,
    start_event="收到备案之日",
    citation="各省行政规范性文件备案审查规定；参照《法规规章备案审查条例》第二十五条",
    note="期间长度按 FAZHI_NORMATIVE_FILING_REVIEW_DAYS 设置",
).key
