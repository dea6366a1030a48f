"""Public pages of 行政处罚决定公示 (no login; 国办发〔2018〕118号, 处罚法 第四十八条): decisions published and
not withdrawn, searchable by 案号/文号/当事人 and filtered by body and year; a withdrawn decision disappears.

These read business records without a user, so each reads only the fields it shows: never an ID number or a
phone; a natural person's given name is masked (张某). Every public page says noindex. The list counts at
most 10,000 rows (the capped paginator of the case list) so a large table stays cheap to page through.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.views import generic

from fazhi.enforcement.cases.choices import PenaltyKind
from fazhi.enforcement.cases.rules import masked_party
from fazhi.enforcement.cases.selectors import public_decisions
from fazhi.enforcement.cases.views.cases import CappedPaginator
from fazhi.enforcement.choices import BodyStatus
from fazhi.enforcement.models import EnforcementBody

_FIELDS = (
    "number",
    "party_kind",
    "party_name",
    "title",
    "decision_kind",
    "penalty_kinds",
    "fine_amount",
    "decision_number",
    "decided_on",
    "published_on",
    "public_summary",
    "body__name",
    "item__name",
    "item__code",
    "item__legal_basis",
    "created_at",
)


def _public(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _row(case) -> dict:
    kinds = [str(PenaltyKind(k).label) for k in case.penalty_kinds or () if k in PenaltyKind.values]
    return {
        "pk": case.pk,
        "number": case.number,
        "party": masked_party(case.party_name, case.party_kind),
        "title": case.title,
        "item": case.item.name,
        "item_code": case.item.code,
        "legal_basis": case.item.legal_basis,
        "decision": case.get_decision_kind_display(),
        # each kind is a whole item of 第九条 (“罚款、没收违法所得、没收非法财物”): joined with “；”, not “、”
        "penalty_kinds": "；".join(kinds),
        "fine_amount": case.fine_amount,
        "decision_number": case.decision_number,
        "decided_on": case.decided_on,
        "published_on": case.published_on,
        "summary": case.public_summary,
        "body": case.body.name,
    }


class PublicDecisionListView(generic.View):
    fazhi_scope_exempt = "行政处罚决定公示：已公示且未撤回的执法决定（案号、当事人（自然人隐去名）、事项、决定），不含证件号码和电话"
    http_method_names = ["get"]

    def get(self, request):
        qs = public_decisions().only(*_FIELDS)
        q = (request.GET.get("q") or "").strip()[:60]
        if q:
            qs = qs.filter(
                Q(number__startswith=q) | Q(decision_number__startswith=q) | Q(party_name__contains=q)
            )
        body = (request.GET.get("body") or "").strip()
        bodies = EnforcementBody.objects.filter(status=BodyStatus.ACTIVE).order_by("name")
        body_choices = list(bodies.values_list("pk", "name"))
        if body and body in {str(pk) for pk, _name in body_choices}:
            qs = qs.filter(body_id=body)
        else:
            body = ""
        year = (request.GET.get("year") or "").strip()
        if year.isdigit() and 1949 <= int(year) <= 9999:
            y = int(year)
            qs = qs.filter(decided_on__gte=datetime.date(y, 1, 1), decided_on__lte=datetime.date(y, 12, 31))
        else:
            year = ""
        page = CappedPaginator(qs, 30).get_page(request.GET.get("page"))
        query = "&".join(f"{k}={v}" for k, v in (("q", q), ("body", body), ("year", year)) if v)
        context = {
            "rows": [_row(c) for c in page.object_list],
            "page_obj": page,
            "q": q,
            "body": body,
            "year": year,
            "bodies": [(str(pk), name) for pk, name in body_choices],
            "querystring": query,
        }
        return _public(render(request, "enforcement_cases/public_decisions.html", context))


class PublicDecisionDetailView(generic.View):
    fazhi_scope_exempt = "行政处罚决定公示：一件已公示且未撤回的决定；撤回或未公示的不存在"
    http_method_names = ["get"]

    def get(self, request, pk):
        case = public_decisions().only(*_FIELDS).filter(pk=pk).first()
        if case is None:
            raise Http404("该决定未公示或已撤回。")
        return _public(render(request, "enforcement_cases/public_decision_detail.html", {"r": _row(case)}))
