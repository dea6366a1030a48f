"""The public library of normative documents (``/public/normative/``, no login): published documents
searchable by full text in Chinese (fazhi.fulltext, kind ``normative.document``; title matches first),
filtered by issuing organ, year and status, each with its status badge and interpretation; a page per
document with its full text; the published cleanup lists.

Never shows an unpublished document: the search asks the engine for public entries only (a document is
indexed as public only once published, H5's ``document_index``), and every page reads the documents
again through :func:`public_documents`, which excludes the unpublished states — two independent guards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import generic

from fazhi.core.models import OrgUnit
from fazhi.normative.choices import IN_FORCE, UNPUBLISHED, CampaignStatus, DocumentStatus
from fazhi.normative.models import CleanupCampaign, NormativeDocument
from fazhi.normative.services.campaigns import campaign_counts, campaign_lists

FULLTEXT_KIND = "normative.document"
PAGE_SIZE = 20

_EXEMPT = "公开的行政规范性文件库：只读取已公布的文件和已公布的清理结果，无需登录（见 docs/normative.md）"

#: the public statuses: 现行有效 covers 已公布 and 已备案
PUBLIC_STATUSES = {
    "in_force": (_("现行有效"), tuple(str(s) for s in IN_FORCE)),
    "amended": (_("已修改"), (str(DocumentStatus.AMENDED),)),
    "repealed": (_("已废止"), (str(DocumentStatus.REPEALED),)),
    "expired": (_("已失效"), (str(DocumentStatus.EXPIRED),)),
}
_BADGE_OF = {status: key for key, (_label, statuses) in PUBLIC_STATUSES.items() for status in statuses}


def public_documents():
    """The only queryset the public pages read documents from: published ones."""
    return NormativeDocument.objects.exclude(status__in=UNPUBLISHED).exclude(published_on__isnull=True)


def public_status(document: NormativeDocument) -> tuple[str, str]:
    """(key, label) of the public badge: in_force 现行有效, amended, repealed, expired."""
    key = _BADGE_OF.get(document.status, "in_force")
    return key, str(PUBLIC_STATUSES[key][0])


def _organ_choices():
    organs = OrgUnit.objects.filter(pk__in=public_documents().values("unit")).order_by("path")
    return [("", _("全部制定机关")), *((str(o.pk), o.name) for o in organs)]


def _year_choices():
    years = sorted({d.year for d in public_documents().dates("published_on", "year")}, reverse=True)
    return [("", _("全部年份")), *((str(y), f"{y}年") for y in years)]


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    organ = forms.ChoiceField(label=_("制定机关"), required=False)
    year = forms.ChoiceField(label=_("公布年份"), required=False)
    status = forms.ChoiceField(
        label=_("效力状态"),
        required=False,
        choices=[("", _("全部")), *((k, label) for k, (label, _s) in PUBLIC_STATUSES.items())],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = _organ_choices()
        self.fields["year"].choices = _year_choices()
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


@dataclass
class Hit:
    document: NormativeDocument
    badge: str
    badge_label: str
    snippet: str = ""


def _filters(data) -> dict[str, list]:
    filters: dict[str, list] = {}
    if data.get("organ"):
        filters["organ"] = [data["organ"]]
    if data.get("year"):
        filters["year"] = [int(data["year"])]
    if data.get("status"):
        filters["status"] = list(PUBLIC_STATUSES[data["status"]][1])
    return filters


def search_library(query: str, filters: dict[str, list], *, page: int) -> tuple[list[tuple[str, str]], int]:
    """[(object id, snippet)] of one page of the engine's public hits (title matches first) and the total."""
    from fazhi.fulltext.services import search

    result = search(
        FULLTEXT_KIND,
        query,
        public_only=True,
        filters=filters,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return [(hit.object_id, hit.snippet) for hit in result.hits], result.total


class LibraryView(generic.TemplateView):
    """GET ?q=…&organ=…&year=…&status=…&page=…"""

    fazhi_scope_exempt = _EXEMPT
    template_name = "normative/library/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = LibrarySearchForm(self.request.GET or None)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        try:
            page = max(int(self.request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        query = (data.get("q") or "").strip()
        filters = _filters(data)
        if query:
            ids, total = search_library(query, filters, page=page)
            documents = public_documents().select_related("unit").in_bulk([pk for pk, _s in ids])
            hits = []
            for pk, snippet in ids:
                document = documents.get(_uuid(pk))
                if document is not None:  # unpublished meanwhile, or not a document: never shown
                    key, label = public_status(document)
                    hits.append(Hit(document, key, label, snippet))
            pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        else:
            qs = public_documents().select_related("unit")
            if "organ" in filters:
                qs = qs.filter(unit_id__in=filters["organ"])
            if "year" in filters:
                qs = qs.filter(published_on__year=filters["year"][0])
            if "status" in filters:
                qs = qs.filter(status__in=filters["status"])
            paginator = Paginator(qs.order_by("-published_on", "title"), PAGE_SIZE)
            page_obj = paginator.get_page(page)
            page = page_obj.number
            hits = [Hit(d, *public_status(d)) for d in page_obj.object_list]
            total, pages = paginator.count, paginator.num_pages
        query_string = self.request.GET.copy()
        query_string.pop("page", None)
        context.update(
            form=form,
            query=query,
            hits=hits,
            total=total,
            page=page,
            pages=pages,
            query_string=query_string.urlencode(),
            campaigns_published=CleanupCampaign.objects.filter(status=CampaignStatus.PUBLISHED).exists(),
        )
        return context


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class LibraryDocumentView(generic.DetailView):
    fazhi_scope_exempt = _EXEMPT
    template_name = "normative/library/document.html"
    context_object_name = "document"

    def get_queryset(self):
        return public_documents().select_related("unit", "replaces")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        key, label = public_status(document)
        successors = public_documents().filter(replaces=document).order_by("published_on")
        context.update(badge=key, badge_label=label, successors=successors)
        return context


def published_campaigns():
    return CleanupCampaign.objects.filter(status=CampaignStatus.PUBLISHED).select_related("unit")


class LibraryCleanupListView(generic.ListView):
    fazhi_scope_exempt = _EXEMPT
    template_name = "normative/library/cleanup_list.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        return published_campaigns().order_by("-published_on")


class LibraryCleanupDetailView(generic.DetailView):
    fazhi_scope_exempt = _EXEMPT
    template_name = "normative/library/cleanup_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return published_campaigns()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lists=campaign_lists(self.object), counts=campaign_counts(self.object))
        return context


class LibraryCleanupExportView(generic.View):
    fazhi_scope_exempt = _EXEMPT

    def get(self, request, pk):
        from fazhi.normative.views.oversight import campaign_workbook, xlsx_response

        campaign = get_object_or_404(published_campaigns(), pk=pk)
        return xlsx_response(campaign_workbook(campaign), f"{campaign.name}-清理结果.xlsx")
