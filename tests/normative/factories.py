"""Factories for normative-document tests: a document taken through the services to the state a test
needs (so its dates, number and deadlines are real), or plain rows for counting tests.

Dates default to a fixed past week so the services' "not after today" checks pass; pass your own to
test deadlines across holidays.
"""

from __future__ import annotations

import datetime
import itertools

from fazhi.normative import services
from fazhi.normative.choices import ClauseConclusion, DocumentKind, DocumentStatus, ReviewOpinion
from fazhi.normative.models import ClauseFlag, NormativeDocument

D = datetime.date
_n = itertools.count(1)

#: a Monday with ordinary working weeks around it (2025-03-03)
MONDAY = D(2025, 3, 3)

BODY = (
    "第一条 为规范本县农贸市场管理，维护市场秩序，根据有关法律法规，结合本县实际，制定本办法。\n"
    "第二条 市场开办者应当建立健全市场管理制度，落实食品安全主体责任。\n"
    "第三条 依照《中华人民共和国食品安全法》的规定，县市场监督管理局负责农贸市场食品安全监督管理工作。\n"
)
#: sentences the review assistant flags (a fee, a penalty): for tests of the clause conclusions
FLAGGED_BODY = BODY + (
    "第四条 入场经营者应当缴纳市场管理费，收费标准由县发展和改革局核定。\n"
    "第五条 违反本办法第二条规定的，由县市场监督管理局处五百元以上二千元以下罚款。\n"
)


def draft(actor, unit, *, title: str | None = None, body: str = BODY, **overrides) -> NormativeDocument:
    values = {
        "title": title or f"清河县农贸市场管理办法（第{next(_n)}稿）",
        "kind": DocumentKind.GOVERNMENT,
        "drafting_unit_name": "清河县市场监督管理局",
        "drafted_on": MONDAY - datetime.timedelta(days=60),
        "body": body,
        **overrides,
    }
    return services.document_create(actor=actor, unit=unit, **values)


def in_review(actor, unit, *, on: datetime.date = MONDAY, reviewer=None, **overrides) -> NormativeDocument:
    document = draft(actor, unit, **overrides)
    return services.review_submit(actor=actor, document=document, on=on, reviewer=reviewer)


def conclude_all(actor, document: NormativeDocument) -> None:
    for flag in ClauseFlag.objects.filter(document=document, conclusion=""):
        services.clause_conclude(
            actor=actor, flag=flag, conclusion=ClauseConclusion.HAS_BASIS, note="《价格法》及省定收费目录"
        )


def reviewed(actor, unit, *, on: datetime.date = MONDAY, opinion=ReviewOpinion.LAWFUL, **overrides):
    document = in_review(actor, unit, on=on, **overrides)
    conclude_all(actor, document)
    return services.review_record(
        actor=actor, document=document, opinion=opinion, on=on + datetime.timedelta(days=3)
    )


def deliberated(actor, unit, *, on: datetime.date = MONDAY, **overrides) -> NormativeDocument:
    document = reviewed(actor, unit, on=on, **overrides)
    services.deliberation_submit(actor=actor, document=document)
    return services.deliberation_record(
        actor=actor, document=document, meeting="县政府第12次常务会议", on=on + datetime.timedelta(days=7)
    )


def published(
    actor, unit, *, on: datetime.date = MONDAY, published_on: datetime.date | None = None, **overrides
) -> NormativeDocument:
    """A document published through every step (reviewed on ``on`` + 3, deliberated + 7, published + 10)."""
    document = deliberated(actor, unit, on=on, **overrides)
    published_on = published_on or on + datetime.timedelta(days=10)
    return services.document_publish(
        actor=actor, document=document, signed_on=published_on, published_on=published_on
    )


def document_row(unit, *, status: str = DocumentStatus.PUBLISHED, published_on=MONDAY, **extra):
    """A saved row without the workflow (for lists and counts)."""
    n = next(_n)
    values = {
        "title": f"清河县规范性文件样本{n}",
        "kind": DocumentKind.DEPARTMENT,
        "status": status,
        "body": BODY,
        **extra,
    }
    if status not in (
        DocumentStatus.DRAFTING,
        DocumentStatus.CONSULTING,
        DocumentStatus.REVIEWING,
        DocumentStatus.DELIBERATING,
    ):
        values.setdefault("document_number", f"{unit.short_name}规〔{published_on.year}〕{n}号")
        values.setdefault("published_on", published_on)
        values.setdefault("effective_on", published_on)
        values.setdefault(
            "expires_on", published_on.replace(year=published_on.year + 5) - datetime.timedelta(days=1)
        )
    return NormativeDocument.objects.create(unit=unit, **values)
