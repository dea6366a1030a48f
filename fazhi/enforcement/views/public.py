"""Public pages of 行政执法 (no login): the list of bodies (具备行政执法主体资格单位名单), the roster of certified
officers (名册公示) and the verification page a card's QR code leads to.

These read business records without a user, so each reads only the fields it shows: never an ID number,
never a record id. The verification page finds a card by its secret token only (32 random characters,
compared by an exact indexed lookup); an unknown token is one answer, counted per client address like the
reconsideration status check (FAZHI_PUBLIC_CHECK_MAX_FAILURES within FAZHI_PUBLIC_CHECK_WINDOW_MINUTES →
429). Every public page says noindex.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views import generic

from fazhi.core.context import client_ip
from fazhi.enforcement.choices import HELD_STATES, BodyStatus, PublicState
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate
from fazhi.enforcement.selectors import certificate_state

_FAILURE_KEY = "enforcement:verify:failures:{ip}"


def _max_failures() -> int:
    return int(getattr(settings, "FAZHI_PUBLIC_CHECK_MAX_FAILURES", 10))


def _window_seconds() -> int:
    return int(getattr(settings, "FAZHI_PUBLIC_CHECK_WINDOW_MINUTES", 15)) * 60


def _public(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class PublicBodyListView(generic.View):
    fazhi_scope_exempt = "公开名单：具备行政执法主体资格的单位（名称、类别、依据、职权、区域），不含个人信息"
    http_method_names = ["get"]

    def get(self, request):
        bodies = (
            EnforcementBody.objects.filter(status=BodyStatus.ACTIVE)
            .select_related("unit")
            .only(
                "name",
                "kind",
                "legal_basis",
                "duties",
                "entrusting_body",
                "enforcement_categories",
                "region",
                "unit__name",
                "sort_order",
            )
            .order_by("unit__path", "sort_order", "name")
        )
        return _public(render(request, "enforcement/public_bodies.html", {"bodies": bodies}))


class PublicRosterView(generic.View):
    fazhi_scope_exempt = (
        "名册公示：持证执法人员的姓名、执法主体、证号、执法类别和区域、证件状态，不含身份证号"
    )
    http_method_names = ["get"]

    def get(self, request):
        q = (request.GET.get("q") or "").strip()[:50]
        cards = (
            EnforcementCertificate.objects.filter(status__in=HELD_STATES)
            .exclude(number="")
            .select_related("officer", "officer__body")
            .only(
                "number",
                "kind",
                "status",
                "expires_on",
                "review_due_on",
                "issued_on",
                "officer__name",
                "officer__enforcement_category",
                "officer__region",
                "officer__body__name",
            )
            .order_by("officer__body__name", "officer__name", "number")
        )
        if q:
            cards = cards.filter(Q(officer__name=q) | Q(number=q) | Q(officer__body__name__icontains=q))
        page = Paginator(cards, 50).get_page(request.GET.get("page"))
        today = timezone.localdate()
        rows = [
            {
                "name": c.officer.name,
                "body": c.officer.body.name,
                "number": c.number,
                "kind": c.get_kind_display(),
                "category": c.officer.enforcement_category,
                "region": c.officer.region,
                "state": PublicState(certificate_state(c, today)).label,
            }
            for c in page.object_list
        ]
        context = {"rows": rows, "page_obj": page, "q": q, "querystring": f"q={q}" if q else ""}
        return _public(render(request, "enforcement/public_roster.html", context))


class PublicVerifyView(generic.View):
    fazhi_scope_exempt = "证件核验：凭证件二维码中的随机核验码读取一张证件的状态、持证人姓名和执法主体"
    http_method_names = ["get"]

    def get(self, request, token: str):
        key = _FAILURE_KEY.format(ip=client_ip(request) or "unknown")
        if (cache.get(key) or 0) >= _max_failures():
            response = render(request, "enforcement/public_verify.html", {"too_many": True}, status=429)
            return _public(response)
        card = None
        if 16 <= len(token) <= 64:
            card = (
                EnforcementCertificate.objects.filter(verify_token=token)
                .exclude(number="")
                .select_related("officer", "officer__body")
                .first()
            )
        if card is None:
            cache.add(key, 0, _window_seconds())
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, _window_seconds())
            return _public(render(request, "enforcement/public_verify.html", {"not_found": True}, status=404))
        today = timezone.localdate()
        state = certificate_state(card, today)
        context = {
            "card": card,
            "state": state,
            "state_label": PublicState(state).label,
            "usable": state == PublicState.VALID,
            "today": today,
        }
        response = render(request, "enforcement/public_verify.html", context)
        response["Cache-Control"] = "no-store"
        return _public(response)
