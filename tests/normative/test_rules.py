"""The periods of fazhi/normative/rules.py: registered with their citations and the settings' counts, and
computed by the calendar engine across the National Day holiday."""

from __future__ import annotations

import datetime

from django.conf import settings

from fazhi.normative import rules, services
from fazhi.workdays.rules import get_rule
from tests.normative import factories as f

D = datetime.date


def test_rules_cite_their_basis_and_take_the_settings():
    expected = {
        rules.COMMENT: ("calendar_days", settings.FAZHI_NORMATIVE_COMMENT_DAYS, "国办发〔2018〕37号"),
        rules.REVIEW: ("working_days", settings.FAZHI_NORMATIVE_REVIEW_WORKDAYS, "国办发〔2018〕115号"),
        rules.FILING: (
            "calendar_days",
            settings.FAZHI_NORMATIVE_FILING_DAYS,
            "《法规规章备案审查条例》第四条",
        ),
        rules.FILING_REVIEW: ("calendar_days", settings.FAZHI_NORMATIVE_FILING_REVIEW_DAYS, "备案审查"),
    }
    for key, (kind, count, cited) in expected.items():
        rule = get_rule(key)
        assert (rule.kind, rule.count) == (kind, count)
        assert cited in rule.citation
    assert (
        settings.FAZHI_NORMATIVE_COMMENT_DAYS,
        settings.FAZHI_NORMATIVE_REVIEW_WORKDAYS,
        settings.FAZHI_NORMATIVE_FILING_DAYS,
    ) == (30, 15, 30)


def test_comment_period_ending_in_the_holiday_moves_to_the_next_working_day(people, tree):
    document = f.draft(people.legal, tree.county, drafted_on=D(2025, 8, 1))
    # 30日 from 2025-09-05 end on 10-05, a holiday: the period runs to 2025-10-09
    services.comments_open(actor=people.legal, document=document, on=D(2025, 9, 5))
    document.refresh_from_db()
    assert document.comment_ends_on == D(2025, 10, 9)
    deadline = services.document_deadline(document, rules.COMMENT)
    assert "末日2025-10-05为休息日，顺延" in deadline.explanation


def test_review_period_counts_the_adjusted_saturday(people, tree):
    # 15个工作日 from Friday 2025-09-26: Sunday 09-28 (调休) is the 1st, 09-29 and 09-30 the 2nd and 3rd,
    # 10-01…10-08 off, 10-09/10-10 the 4th/5th, Saturday 10-11 (调休) the 6th … 10-23 the 15th
    document = f.in_review(people.legal, tree.county, on=D(2025, 9, 26))
    assert document.review_due_on == D(2025, 10, 23)


def test_filing_period_after_a_spring_festival_publication(people, tree):
    # published Friday 2025-01-03: 30日 end on Sunday 02-02, still in the Spring Festival break
    # (01-28…02-04 off, Saturday 02-08 worked) → the next working day, 2025-02-05
    document = f.published(
        people.legal, tree.county, on=D(2024, 12, 2), published_on=D(2025, 1, 3), drafted_on=D(2024, 11, 1)
    )
    assert document.filing_due_on == D(2025, 2, 5)
