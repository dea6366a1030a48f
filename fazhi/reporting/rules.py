"""The reporting calendar of the yearly report (RULES.md §6).

《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号，2019年4月15日施行）: reports on the previous year
go up by 3月1日 (县级以上政府部门; 市、县、乡 党委和政府; 省、市、县政府 to the 人大常委会), a province's by
4月1日 (省委和省政府 to 党中央、国务院); every local government's and department's report is published by
4月1日 (第二十四条). The article numbers of the submission lines are unconfirmed (RULES.md §6).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from fazhi.core.choices import UnitKind, UnitLevel

CITATION = "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）"
PUBLICATION_CITATION = f"{CITATION}第二十四条"


@dataclass(frozen=True)
class ReportCalendar:
    submit_month: int
    submit_day: int
    submit_to: str
    publish_month: int = 4
    publish_day: int = 1

    def submit_due(self, year: int) -> datetime.date:
        """The report on ``year`` is due in the following year."""
        return datetime.date(year + 1, self.submit_month, self.submit_day)

    def publish_due(self, year: int) -> datetime.date:
        return datetime.date(year + 1, self.publish_month, self.publish_day)


PROVINCE = ReportCalendar(4, 1, "党中央、国务院")
GOVERNMENT = ReportCalendar(3, 1, "上一级党委和政府")
DEPARTMENT = ReportCalendar(3, 1, "本级党委和政府、上一级政府有关部门")


def calendar_for(unit) -> ReportCalendar | None:
    """The unit's deadlines, or None for a unit that files no report of its own (an office, a sub-unit
    of a department, a unit of another kind)."""
    if unit.kind == UnitKind.GOVERNMENT:
        return PROVINCE if unit.level == UnitLevel.PROVINCE else GOVERNMENT
    if unit.kind == UnitKind.TOWN:
        return GOVERNMENT
    if unit.kind in (UnitKind.DEPARTMENT, UnitKind.JUSTICE) and unit.level != UnitLevel.TOWNSHIP:
        # 县级以上政府部门: a department directly under a government (not a 所 under a department)
        parent = unit.parent
        if parent is None or parent.kind in (UnitKind.GOVERNMENT,):
            return DEPARTMENT
    return None
