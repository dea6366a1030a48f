"""清理: a campaign over the documents in force that match a filter; a decision on each (继续有效, 修改,
废止, 宣布失效) with its reason and reviewer; publication applies the decisions and publishes the lists
(RULES.md §4.3: 制定机关应当根据全面深化改革、全面依法治国要求和经济社会发展需要，以及上位法制定、修改、
废止情况，及时对规范性文件进行清理 — 国办发〔2018〕37号 第五部分).

Publication is refused while any item is undecided or any document left force meanwhile; then, in one
transaction, the documents are amended, repealed or declared expired through the document's own services
(audited there) and the campaign's lists become public (public library and .xlsx).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.normative.choices import IN_FORCE, CampaignStatus, CleanupDecision, DocumentKind
from fazhi.normative.models import CleanupCampaign, CleanupItem, NormativeDocument


@dataclass(frozen=True)
class Criteria:
    """Which documents a campaign covers: those in force issued by ``organ`` or a unit below it, of the
    given kinds (all when empty), published before / on or after the given dates."""

    organ: OrgUnit
    kinds: tuple[str, ...] = ()
    issued_before: datetime.date | None = None
    issued_after: datetime.date | None = None

    def as_json(self) -> dict:
        return {
            "organ": str(self.organ.pk),
            "kinds": list(self.kinds),
            "issued_before": self.issued_before.isoformat() if self.issued_before else None,
            "issued_after": self.issued_after.isoformat() if self.issued_after else None,
        }

    def text(self) -> str:
        parts = [_("%(organ)s及其下级单位制定") % {"organ": self.organ.name}]
        if self.kinds:
            parts.append("、".join(str(DocumentKind(k).label) for k in self.kinds))
        else:
            parts.append(_("全部类别"))
        if self.issued_after:
            parts.append(_("%(date)s以后公布") % {"date": self.issued_after.isoformat()})
        if self.issued_before:
            parts.append(_("%(date)s以前公布") % {"date": self.issued_before.isoformat()})
        return _("%(parts)s的现行有效文件") % {"parts": "，".join(parts)}

    def documents(self):
        qs = NormativeDocument.objects.filter(
            unit__path__startswith=self.organ.path, status__in=IN_FORCE, published_on__isnull=False
        )
        if self.kinds:
            qs = qs.filter(kind__in=self.kinds)
        if self.issued_before:
            qs = qs.filter(published_on__lt=self.issued_before)
        if self.issued_after:
            qs = qs.filter(published_on__gte=self.issued_after)
        return qs


def _locked_campaign(actor, campaign: CleanupCampaign, action: str = "change") -> CleanupCampaign:
    return (
        CleanupCampaign.objects.restrict(actor, action)
        .select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=campaign.pk)
    )


def _require_open(campaign: CleanupCampaign) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(
            _("清理工作“%(name)s”已于%(date)s公布结果，不能再更改。")
            % {
                "name": campaign.name,
                "date": campaign.published_on.isoformat() if campaign.published_on else "",
            }
        )


def _check_day(on, label: str) -> None:
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise ValidationError(_("%(label)s无效。") % {"label": label})
    if on > timezone.localdate():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})


@transaction.atomic
def campaign_create(
    *,
    actor,
    unit: OrgUnit,
    name: str,
    started_on: datetime.date,
    organ: OrgUnit | None = None,
    kinds: list[str] | tuple[str, ...] = (),
    issued_before: datetime.date | None = None,
    issued_after: datetime.date | None = None,
) -> CleanupCampaign:
    """Open a campaign of ``unit`` over the documents matching the filter, one item per document.
    Documents already under another open campaign are left to it (the count is in the audit note)."""
    ensure_unit_allowed(user=actor, unit=unit, model=CleanupCampaign, action="add")
    organ = organ or unit
    if not organ.path.startswith(unit.path):
        raise ValidationError(
            _("清理范围的制定机关“%(organ)s”不在%(unit)s及其下级单位之内。")
            % {"organ": organ.name, "unit": unit.name}
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("请填写清理名称。"))
    _check_day(started_on, _("开始日期"))
    unknown = [k for k in kinds if k not in DocumentKind.values]
    if unknown:
        raise ValidationError(_("文件类别无效：%(kinds)s") % {"kinds": "、".join(unknown)})
    if issued_before and issued_after and issued_after >= issued_before:
        raise ValidationError(_("公布日期范围无效：起始日期应早于截止日期。"))
    criteria = Criteria(
        organ=organ, kinds=tuple(kinds), issued_before=issued_before, issued_after=issued_after
    )
    matching = criteria.documents()
    busy = matching.filter(cleanup_items__campaign__status=CampaignStatus.OPEN)
    busy_count = busy.count()
    documents = list(matching.exclude(pk__in=busy.values("pk")).order_by("published_on", "title"))
    if not documents:
        raise ValidationError(
            _("没有符合清理范围的现行有效文件（%(text)s）%(busy)s。")
            % {
                "text": criteria.text(),
                "busy": _("；另有 %(n)s 件正在其他清理工作中") % {"n": busy_count} if busy_count else "",
            }
        )
    campaign = CleanupCampaign.objects.create(
        unit=unit,
        name=name,
        criteria=criteria.as_json(),
        criteria_text=criteria.text()[:300],
        started_on=started_on,
    )
    CleanupItem.objects.bulk_create(
        [CleanupItem(unit=unit, campaign=campaign, document=document) for document in documents]
    )
    ensure_in_scope(user=actor, obj=campaign, action="add")
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=campaign,
        changes=diff({}, snapshot(campaign)),
        note=_("清理范围：%(text)s；纳入 %(n)s 件%(busy)s")
        % {
            "text": campaign.criteria_text,
            "n": len(documents),
            "busy": _("（%(n)s 件已在其他清理工作中，未纳入）") % {"n": busy_count} if busy_count else "",
        },
    )
    return campaign


_ITEM_FIELDS = ["decision", "reason", "reviewer", "decided_on"]


@transaction.atomic
def cleanup_decide(
    *, actor, item: CleanupItem, decision: str, reason: str, on: datetime.date | None = None
) -> CleanupItem:
    """The decision on one document of an open campaign, with its reason; the actor is the reviewer.
    A decision may be changed until the campaign is published."""
    item = (
        CleanupItem.objects.restrict(actor, "change")
        .select_for_update(of=("self",))
        .select_related("campaign", "document")
        .get(pk=item.pk)
    )
    _require_open(item.campaign)
    if decision not in CleanupDecision.values:
        raise ValidationError(_("清理结论无效：请选择继续有效、修改、废止或宣布失效。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请写明清理结论的理由（如上位法修改、废止情况或实施情况）。"))
    on = on or timezone.localdate()
    _check_day(on, _("决定日期"))
    if on < item.campaign.started_on:
        raise ValidationError(
            _("决定日期不能早于清理开始日期（%(date)s）。") % {"date": item.campaign.started_on.isoformat()}
        )
    if item.document.status not in IN_FORCE:
        raise ValidationError(
            _("“%(title)s”已是“%(status)s”，不再需要清理结论。")
            % {"title": item.document.title, "status": item.document.get_status_display()}
        )
    before = snapshot(item, _ITEM_FIELDS)
    item.decision, item.reason, item.reviewer, item.decided_on = decision, reason, actor, on
    item.save(update_fields=[*_ITEM_FIELDS, "updated_at"])
    ensure_in_scope(user=actor, obj=item, action="change")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=item,
        changes=diff(before, snapshot(item, _ITEM_FIELDS)),
        note=_("清理结论：%(decision)s") % {"decision": CleanupDecision(decision).label},
    )
    return item


@transaction.atomic
def campaign_publish(*, actor, campaign: CleanupCampaign, on: datetime.date | None = None) -> CleanupCampaign:
    """Apply every decision and publish the lists. Refused — nothing changed — while an item is
    undecided or a document under the campaign is no longer in force."""
    from fazhi.normative.services import publication as document_services

    campaign = _locked_campaign(actor, campaign, "approve")  # publishing is the organ's decision
    _require_open(campaign)
    on = on or timezone.localdate()
    _check_day(on, _("结果公布日期"))
    if on < campaign.started_on:
        raise ValidationError(
            _("结果公布日期不能早于清理开始日期（%(date)s）。") % {"date": campaign.started_on.isoformat()}
        )
    items = list(campaign.items.select_related("document").order_by("document__published_on", "pk"))
    undecided = [item for item in items if not item.decision]
    if undecided:
        raise ValidationError(
            _("还有 %(n)s 件文件未作出清理结论（如“%(title)s”），全部作出结论后才能公布清理结果。")
            % {"n": len(undecided), "title": undecided[0].document.title}
        )
    gone = [item for item in items if item.document.status not in IN_FORCE]
    if gone:
        raise ValidationError(
            _("“%(title)s”已是“%(status)s”，请先重新作出该件的清理结论或将其移出清理范围。")
            % {"title": gone[0].document.title, "status": gone[0].document.get_status_display()}
        )
    late = [item for item in items if item.decided_on and item.decided_on > on]
    if late:
        raise ValidationError(
            _("结果公布日期不能早于清理结论的决定日期（“%(title)s”：%(date)s）。")
            % {"title": late[0].document.title, "date": late[0].decided_on.isoformat()}
        )
    # The documents lie in the campaign's scope (its organ's subtree), which the publisher approves for;
    # the document services then act as the system carrying out the published decision (actor None,
    # their audit note names the campaign; the campaign's own event names the publisher). A publisher
    # who may approve but not change records (领导) could not otherwise apply a 宣布失效.
    note = _("依照清理工作“%(name)s”的结论：%(reason)s")
    for item in items:
        reason = note % {"name": campaign.name, "reason": item.reason}
        if item.decision == CleanupDecision.REPEAL:
            document_services.document_repeal(actor=None, document=item.document, on=on, reason=reason)
        elif item.decision == CleanupDecision.EXPIRE:
            document_services.document_expire(actor=None, document=item.document, on=on, reason=reason)
        elif item.decision == CleanupDecision.AMEND:
            document_services.document_amend(actor=None, document=item.document, on=on, reason=reason)
    before = snapshot(campaign)
    campaign.status, campaign.published_on = CampaignStatus.PUBLISHED, on
    campaign.save(update_fields=["status", "published_on", "updated_at"])
    counts = campaign_counts(campaign)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=campaign,
        changes=diff(before, snapshot(campaign)),
        note=_(
            "公布清理结果：继续有效 %(keep)s 件，修改 %(amend)s 件，废止 %(repeal)s 件，宣布失效 %(expire)s 件"
        )
        % counts,
    )
    return campaign


def campaign_counts(campaign: CleanupCampaign) -> dict[str, int]:
    """Items per decision (keys: keep, amend, repeal, expire, undecided)."""
    counts = dict.fromkeys([*CleanupDecision.values, "undecided"], 0)
    for decision in campaign.items.values_list("decision", flat=True):
        counts[decision or "undecided"] += 1
    return counts


#: the published lists, in the order a 清理结果 notice prints them
LISTS = (
    (CleanupDecision.KEEP, gettext_lazy("继续有效的规范性文件目录")),
    (CleanupDecision.AMEND, gettext_lazy("修改的规范性文件目录")),
    (CleanupDecision.REPEAL, gettext_lazy("废止的规范性文件目录")),
    (CleanupDecision.EXPIRE, gettext_lazy("宣布失效的规范性文件目录")),
)


def campaign_lists(campaign: CleanupCampaign) -> list[tuple[str, str, list[CleanupItem]]]:
    """(decision, heading, items) for each list, items in publication order."""
    items = list(
        campaign.items.select_related("document", "document__unit").order_by("document__published_on")
    )
    return [
        (str(decision), str(heading), [i for i in items if i.decision == decision])
        for decision, heading in LISTS
    ]
