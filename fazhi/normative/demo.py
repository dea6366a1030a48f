"""Demo 行政规范性文件 of 清河县: about 300 documents over ten years, their filings, a cleanup campaign two
years ago, expiries and renewals, the county government's 备案审查 of its departments' and towns' filings,
and about ten drafts in the workflow now.

How the records are written:

- the documents issued in the past are a county's historical register: built in memory with consistent
  dates (起草 → 审核 → 审议 → 公布 → 施行 → 备案; 有效期 5 years, 暂行/试行 2), bulk-inserted through the
  import's own helpers (audited in bulk, the numbering sequences moved past their 文号) and indexed for
  full-text search with one bulk ``reindex``. Their later history is applied in date order: a re-issued
  document makes the earlier version 已修改 (linked by ``replaces``); the cleanup campaign of two years ago
  keeps, amends, repeals or declares expired what was in force when it started; a document reaching its
  last day in force was either renewed by its evaluation (about a third) or became 已失效 the next day;
- the county government's filing reviews are rows beside them; the few still pending open their review
  deadline (some overdue), so the home panel and the deadline board show them;
- the documents in the workflow now (起草, 征求意见 with comments, 合法性审核 with flagged clauses,
  集体审议, and two published this month — one of a town, filed with the county on the platform) go
  through the document services step by step, as staff would.

Deterministic for a build day (``context.rng``); about 6–7 s on the reference machine (the bulk index's
Chinese tokenizing included).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from fazhi.core.choices import AuditAction, UnitKind
from fazhi.core.demo import register_demo_step
from fazhi.core.services.audit import audit_record_bulk
from fazhi.normative import demo_data as data
from fazhi.normative import rules, validity
from fazhi.normative.choices import (
    CampaignStatus,
    CleanupDecision,
    DocumentKind,
    DocumentStatus,
    EvaluationDecision,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.importing import advance_sequences, reindex_all
from fazhi.normative.models import CleanupCampaign, CleanupItem, FilingReview, NormativeDocument
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import PeriodKind
from fazhi.workdays.counting import compute

COUNTY = "qh"
YEARS = 10
#: documents a full year, before the current year's share
YEARLY = (26, 34)
D = datetime.date
DAY = datetime.timedelta(days=1)
ACTOR = "fzb"


@dataclass
class Draft:
    """A historical document being planned, with its end (if any) decided later."""

    document: NormativeDocument
    key: tuple  # (unit code, subject): a later document with the same key amends this one
    ended: tuple[datetime.date, str, str] | None = None  # (day, status, reason)
    successor: NormativeDocument | None = None
    cleanup: str = ""


class Builder:
    def __init__(self, context):
        self.context = context
        self.rng = context.rng
        self.today = context.today
        self.calendar = load_calendar()
        self.county = context.unit(COUNTY)
        self.departments = [context.units[c] for c in data.DEPARTMENT_SUBJECTS if c in context.units]
        self.towns = [
            u
            for u in context.units.values()
            if u.kind == UnitKind.TOWN and u.path.startswith(self.county.path)
        ]
        self.towns.sort(key=lambda u: u.code)
        self.seq: dict[tuple, int] = {}

    # --- dates ------------------------------------------------------------------------------------

    def days(self, kind: str, start: datetime.date, count: int) -> datetime.date:
        return compute(kind=kind, count=count, start=start, calendar=self.calendar).due

    def workday_on_or_before(self, day: datetime.date) -> datetime.date:
        while not self.calendar.is_workday(day):
            day -= DAY
        return day

    # --- one document -----------------------------------------------------------------------------

    def title_and_kind(self, unit, subject: str) -> tuple[str, str]:
        provisional = self.rng.random() < 0.15 and subject.endswith("办法") and "暂行" not in subject
        if provisional:
            subject = subject[:-2] + "暂行办法"
        if unit == self.county:
            return f"清河县人民政府关于印发《清河县{subject}》的通知", DocumentKind.GOVERNMENT
        if unit.kind == UnitKind.TOWN:
            organ = unit.name + ("办事处" if unit.name.endswith("街道") else "人民政府")
            return f"{organ}关于印发《{unit.name}{subject}》的通知", DocumentKind.TOWN
        if self.rng.random() < 0.4:
            topic = subject.removesuffix("实施细则").removesuffix("办法").removesuffix("规定")
            return f"{unit.name}关于{topic}的暂行规定", DocumentKind.DEPARTMENT
        return f"{unit.name}关于印发《清河县{subject}》的通知", DocumentKind.DEPARTMENT

    def body(self, unit, subject: str, law: str, effective: datetime.date | None, years: int) -> str:
        """The text; ``effective`` None for a draft, whose date is the day it is published."""
        organ = "县人民政府有关部门" if unit == self.county else unit.name.removeprefix("清河县")
        topic = (
            subject.removesuffix("实施细则").removesuffix("办法").removesuffix("规定").removesuffix("暂行")
        )
        rng = self.rng
        clauses = [
            f"为了{rng.choice(data.GOALS)}，根据《{law}》等法律、法规和规章，结合本县实际，制定本办法。"
        ]
        clauses.append(f"本办法适用于本县行政区域内的{topic}及其监督管理活动。")
        pool = rng.sample(data.CLAUSES, k=rng.randint(3, 5))
        if rng.random() < 0.3:
            pool.insert(rng.randint(1, len(pool)), rng.choice(data.FLAGGED_CLAUSES))
        clauses += [c.format(organ=organ, topic=topic) for c in pool]
        start = f"{effective.year}年{effective.month}月{effective.day}日" if effective else "公布之日"
        clauses.append(f"本办法自{start}起施行，有效期{years}年。")
        numerals = "一二三四五六七八九十"
        return "\n".join(f"第{numerals[i]}条 {c}" for i, c in enumerate(clauses))

    def document(self, unit, subject: str, law: str, published: datetime.date) -> NormativeDocument:
        rng = self.rng
        title, kind = self.title_and_kind(unit, subject)
        year = published.year
        seq = self.seq[(unit.pk, year)] = self.seq.get((unit.pk, year), 0) + 1
        effective = published if rng.random() < 0.7 else published + datetime.timedelta(days=30)
        years = validity.default_validity_years(title)
        reviewed = self.workday_on_or_before(published - datetime.timedelta(days=rng.randint(12, 40)))
        deliberated = self.workday_on_or_before(published - datetime.timedelta(days=rng.randint(2, 9)))
        filing_due = self.days(PeriodKind.CALENDAR_DAYS, published, 30)
        late = rng.random() < 0.06
        filed = (
            filing_due + datetime.timedelta(days=rng.randint(1, 20))
            if late
            else published + datetime.timedelta(days=rng.randint(3, 25))
        )
        if rng.random() < 0.03 or filed > self.today:
            filed = None
        filing_organ = self.county if unit != self.county else self.county.parent
        interpretation = ""
        if rng.random() < 0.6:
            interpretation = (
                f"一、制定背景：为落实《{law}》有关规定，{unit.name}起草了本文件。\n"
                f"二、主要内容：明确了{subject.removesuffix('办法')}的适用范围、职责分工和办理程序。\n"
                "三、施行时间：自文件规定之日起施行。"
            )
        return NormativeDocument(
            unit=unit,
            title=title,
            kind=kind,
            status=DocumentStatus.FILED if filed else DocumentStatus.PUBLISHED,
            document_number=f"{unit.short_name}规〔{year}〕{seq}号",
            drafting_unit=unit,
            drafting_unit_name=unit.name,
            body=self.body(unit, subject, law, effective, years),
            interpretation=interpretation,
            drafted_on=reviewed - datetime.timedelta(days=rng.randint(40, 120)),
            review_submitted_on=reviewed - datetime.timedelta(days=rng.randint(5, 14)),
            reviewed_on=reviewed,
            review_opinion=ReviewOpinion.LAWFUL if rng.random() < 0.7 else ReviewOpinion.LAWFUL_AFTER_CHANGES,
            deliberated_on=deliberated,
            meeting=data.MEETINGS.format(n=rng.randint(1, 30))
            if unit == self.county
            else f"{unit.name}局务会议",
            signed_on=published,
            published_on=published,
            effective_on=effective,
            expires_on=validity.expiry_date(effective, years),
            filing_due_on=filing_due,
            filed_on=filed,
            filing_organ=filing_organ if filed else None,
            filing_result=FilingResult.PASSED
            if filed and filed < self.today - datetime.timedelta(days=45)
            else (FilingResult.PENDING if filed else ""),
        )

    def pick_subject(self, unit) -> tuple[str, str]:
        if unit == self.county:
            return self.rng.choice(data.GOVERNMENT_SUBJECTS)
        if unit.kind == UnitKind.TOWN:
            return self.rng.choice(data.TOWN_SUBJECTS)
        return self.rng.choice(data.DEPARTMENT_SUBJECTS[unit.code])

    def pick_unit(self):
        roll = self.rng.random()
        if roll < 0.25:
            return self.county
        if roll < 0.8:
            return self.rng.choice(self.departments)
        return self.rng.choice(self.towns)

    # --- the historical register --------------------------------------------------------------------

    def plan(self) -> list[Draft]:
        drafts: list[Draft] = []
        first = self.today.year - YEARS + 1
        last_day = self.today - datetime.timedelta(days=20)
        for year in range(first, self.today.year + 1):
            start, end = D(year, 1, 5), min(D(year, 12, 28), last_day)
            if end < start:
                continue
            count = self.rng.randint(*YEARLY)
            if year == self.today.year:
                count = round(count * (end - start).days / 357)
            days = sorted(self.rng.randint(0, (end - start).days) for _ in range(count))
            for offset in days:
                published = self.workday_on_or_before(start + datetime.timedelta(days=offset))
                if published < start:
                    continue
                unit = self.pick_unit()
                subject, law = self.pick_subject(unit)
                drafts.append(Draft(self.document(unit, subject, law, published), (unit.code, subject)))
        return drafts

    def apply_history(self, drafts: list[Draft]) -> None:
        """Re-issues amend earlier versions; evaluations renew or the document expires."""
        latest: dict[tuple, Draft] = {}
        for draft in drafts:  # in publication order
            earlier = latest.get(draft.key)
            if earlier is not None and earlier.ended is None:
                earlier.ended = (draft.document.published_on, DocumentStatus.AMENDED, "经修订重新公布")
                earlier.successor = draft.document
                draft.document.replaces = earlier.document
            latest[draft.key] = draft
        for draft in drafts:
            doc = draft.document
            while draft.ended is None and doc.expires_on < self.today:
                end = doc.expires_on + DAY
                if self.rng.random() < 0.35:  # evaluated in time and renewed for another period
                    doc.evaluation_decision = EvaluationDecision.CONTINUE
                    doc.evaluated_on = doc.expires_on - datetime.timedelta(days=self.rng.randint(30, 150))
                    doc.evaluation_note = "评估认为实施效果良好，继续实施。"
                    doc.expires_on = validity.renewed_expiry(
                        doc.expires_on, validity.default_validity_years(doc.title)
                    )
                else:
                    draft.ended = (
                        end,
                        DocumentStatus.EXPIRED,
                        f"有效期至{doc.expires_on.isoformat()}，届满前未经评估延续，自动失效。",
                    )

    def in_force_on(self, draft: Draft, day: datetime.date) -> bool:
        return draft.document.published_on < day and (draft.ended is None or draft.ended[0] > day)

    def campaign(self, drafts: list[Draft]) -> tuple[CleanupCampaign, list[CleanupItem]] | None:
        year = self.today.year - 2
        started, published = D(year, 9, 1), D(year, 11, 20)
        covered = [d for d in drafts if self.in_force_on(d, published) and d.document.published_on < started]
        if not covered:
            return None
        campaign = CleanupCampaign(
            unit=self.county,
            name=f"{year}年度清河县行政规范性文件清理",
            status=CampaignStatus.PUBLISHED,
            criteria={
                "organ": str(self.county.pk),
                "kinds": [],
                "issued_before": started.isoformat(),
                "issued_after": None,
            },
            criteria_text=f"清河县人民政府及其下级单位制定，全部类别，{started.isoformat()}以前公布的现行有效文件",
            started_on=started,
            published_on=published,
        )
        reviewer = self.context.user(ACTOR)
        items = []
        for draft in covered:
            roll = self.rng.random()
            decision = (
                CleanupDecision.KEEP
                if roll < 0.75
                else CleanupDecision.AMEND
                if roll < 0.83
                else CleanupDecision.REPEAL
                if roll < 0.93
                else CleanupDecision.EXPIRE
            )
            reason = {
                CleanupDecision.KEEP: "符合上位法规定，继续有效。",
                CleanupDecision.AMEND: "部分条款与新修订的上位法不一致，需要修改。",
                CleanupDecision.REPEAL: "上位法已废止，文件失去制定依据，予以废止。",
                CleanupDecision.EXPIRE: "调整对象已消失，宣布失效。",
            }[decision]
            decided = started + datetime.timedelta(days=self.rng.randint(10, 60))
            items.append(
                CleanupItem(
                    unit=self.county,
                    campaign=campaign,
                    document=draft.document,
                    decision=decision,
                    reason=reason,
                    reviewer=reviewer,
                    decided_on=decided,
                )
            )
            status = {
                CleanupDecision.AMEND: DocumentStatus.AMENDED,
                CleanupDecision.REPEAL: DocumentStatus.REPEALED,
                CleanupDecision.EXPIRE: DocumentStatus.EXPIRED,
            }.get(decision)
            if status:
                draft.ended = (published, status, f"依照清理工作“{campaign.name}”的结论：{reason}")
        return campaign, items

    def finish(self, drafts: list[Draft]) -> None:
        for draft in drafts:
            if draft.ended is not None:
                day, status, reason = draft.ended
                doc = draft.document
                doc.status, doc.ended_on, doc.ended_reason = status, day, reason
                if doc.filed_on and doc.filed_on >= day:
                    doc.filed_on, doc.filing_organ, doc.filing_result = None, None, ""

    def filing_reviews(self, drafts: list[Draft]) -> list[FilingReview]:
        reviews = []
        for draft in drafts:
            doc = draft.document
            if not doc.filed_on or doc.unit == self.county:
                continue
            due = self.days(PeriodKind.CALENDAR_DAYS, doc.filed_on, 30)
            review = FilingReview(
                unit=self.county,
                document=doc,
                filer_name=doc.unit.name,
                title=doc.title,
                document_number=doc.document_number,
                published_on=doc.published_on,
                received_on=doc.filed_on,
                due_on=due,
                on_time=doc.filed_on <= doc.filing_due_on,
            )
            reviewed = doc.filed_on + datetime.timedelta(days=self.rng.randint(5, 28))
            if doc.filing_result == FilingResult.PASSED and reviewed < self.today:
                review.result, review.reviewed_on = FilingResult.PASSED, min(reviewed, due)
                review.reviewer = self.context.user(ACTOR)
                if self.rng.random() < 0.04:
                    review.result = FilingResult.CORRECTION
                    review.opinion = "第五条设定的罚款缺乏法律、法规依据，要求制定机关予以纠正。"
                doc.filing_result, doc.filing_result_on = review.result, review.reviewed_on
            reviews.append(review)
        return reviews

    # --- the documents in the workflow now ----------------------------------------------------------

    def workflow(self) -> None:
        from fazhi.normative import services

        actor = self.context.user(ACTOR)
        today = self.today
        recent = self.workday_on_or_before(today - datetime.timedelta(days=1))
        rng = self.rng

        def create(unit, subject, law, drafted_days, flagged=False):
            title, kind = self.title_and_kind(unit, subject)
            body = self.body(unit, subject, law, None, 5)
            if flagged:
                body += "\n" + "\n".join(
                    c.format(organ=unit.name.removeprefix("清河县"), topic="")
                    for c in data.FLAGGED_CLAUSES[:2]
                )
            return services.document_create(
                actor=actor,
                unit=unit,
                title=title,
                kind=kind,
                drafting_unit=unit,
                drafting_unit_name=unit.name,
                drafted_on=today - datetime.timedelta(days=drafted_days),
                body=body,
            )

        pool = [(self.county, *s) for s in data.GOVERNMENT_SUBJECTS[-4:]] + [
            (self.context.units[c], *data.DEPARTMENT_SUBJECTS[c][0])
            for c in ("qh-scj", "qh-zjj", "qh-nyj", "qh-jtj", "qh-wjj")
        ]
        rng.shuffle(pool)
        for unit, subject, law in pool[:2]:  # 起草
            create(unit, subject, law, 10)
        for unit, subject, law in pool[2:4]:  # 征求意见 with comments
            document = create(unit, subject, law, 40)
            opened = self.workday_on_or_before(today - datetime.timedelta(days=12))
            services.comments_open(actor=actor, document=document, on=opened)
            for n in range(2):
                services.comment_add(
                    actor=actor,
                    document=document,
                    received_on=min(opened + datetime.timedelta(days=3 + n * 4), today),
                    content=rng.choice(data.COMMENTS),
                    commenter=rng.choice(data.COMMENTERS),
                )
        for n, (unit, subject, law) in enumerate(pool[4:7]):  # 合法性审核, one of them overdue
            document = create(unit, subject, law, 70, flagged=True)
            submitted = self.workday_on_or_before(today - datetime.timedelta(days=30 if n == 0 else 3 + n))
            services.review_submit(actor=actor, document=document, on=submitted, reviewer=actor)
        for unit, subject, law in pool[7:9]:  # 集体审议
            document = create(unit, subject, law, 80)
            submitted = self.workday_on_or_before(today - datetime.timedelta(days=25))
            services.review_submit(actor=actor, document=document, on=submitted, reviewer=actor)
            self.conclude(services, actor, document)
            services.review_record(
                actor=actor, document=document, opinion=ReviewOpinion.LAWFUL, on=recent - DAY * 3
            )
            services.deliberation_submit(actor=actor, document=document)
        # published this month: one of the county government, one of a town filed with the county
        for unit, subject, law in (
            (self.county, *data.GOVERNMENT_SUBJECTS[0]),
            (self.towns[0], *data.TOWN_SUBJECTS[0]),
        ):
            document = create(unit, subject.replace("实施办法", "办法").replace("办法", "实施细则"), law, 90)
            submitted = self.workday_on_or_before(today - datetime.timedelta(days=40))
            services.review_submit(actor=actor, document=document, on=submitted, reviewer=actor)
            self.conclude(services, actor, document)
            services.review_record(
                actor=actor, document=document, opinion=ReviewOpinion.LAWFUL, on=submitted + DAY * 7
            )
            services.deliberation_submit(actor=actor, document=document)
            services.deliberation_record(
                actor=actor, document=document, meeting=data.MEETINGS.format(n=31), on=submitted + DAY * 14
            )
            published = self.workday_on_or_before(today - datetime.timedelta(days=12))
            services.document_publish(
                actor=actor, document=document, signed_on=published, published_on=published
            )
            if unit != self.county:
                services.filing_submit(actor=actor, document=document, on=recent, filing_organ=self.county)

    @staticmethod
    def conclude(services, actor, document) -> None:
        from fazhi.normative.choices import ClauseConclusion
        from fazhi.normative.models import ClauseFlag

        for flag in ClauseFlag.objects.filter(document=document, conclusion=""):
            services.clause_conclude(
                actor=actor, flag=flag, conclusion=ClauseConclusion.HAS_BASIS, note="有上位法依据。"
            )


def build_normative_documents(context) -> None:
    from fazhi.workdays.services import deadline_open

    builder = Builder(context)
    drafts = builder.plan()
    builder.apply_history(drafts)
    result = builder.campaign(drafts)
    builder.finish(drafts)
    reviews = builder.filing_reviews(drafts)
    documents = [d.document for d in drafts]
    # replaces points at an earlier document of the same list: insert in publication order
    NormativeDocument.objects.bulk_create(documents, batch_size=500)
    advance_sequences(documents)
    events = [
        {"action": AuditAction.CREATE, "obj": d, "note": "演示数据：历史规范性文件登记"} for d in documents
    ]
    if result:
        campaign, items = result
        campaign.save()
        CleanupItem.objects.bulk_create(items, batch_size=500)
        events.append({"action": AuditAction.CREATE, "obj": campaign, "note": "演示数据：历史清理工作"})
    FilingReview.objects.bulk_create(reviews, batch_size=500)
    events += [{"action": AuditAction.CREATE, "obj": r, "note": "演示数据：备案审查"} for r in reviews]
    audit_record_bulk(actor=context.actor, events=events)
    # the pending filings' review periods, on the deadline board (a few already overdue)
    for review in (r for r in reviews if r.result == FilingResult.PENDING):
        clock = deadline_open(
            actor=None,
            record=review,
            rule_key=rules.FILING_REVIEW,
            start=review.received_on,
            unit=review.unit,
        )
        if clock.due_date != review.due_on:
            FilingReview.objects.filter(pk=review.pk).update(due_on=clock.due_date)
    builder.workflow()
    reindex_all()


register_demo_step("normative.documents", 250, build_normative_documents)
