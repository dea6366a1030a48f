"""The public 权责清单 with its 裁量基准 (事前公开, 国办发〔2018〕118号; 行政处罚裁量基准应当向社会公布,
《行政处罚法》第三十四条): no login, noindex. Reads only the public fields of items in force of active
bodies and their bands in force — never a record id; the body filter goes by the body's name."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import generic

from fazhi.enforcement.cases.forms_items import PublicItemFilterForm
from fazhi.enforcement.cases.selectors_items import public_items
from fazhi.enforcement.models import EnforcementBody

PER_PAGE = 30


def _public(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class PublicItemListView(generic.View):
    fazhi_scope_exempt = "公开的权责清单和行政处罚裁量基准（事项、依据、情形、处罚标准），不含个人信息"
    http_method_names = ["get"]

    def get(self, request):
        form = PublicItemFilterForm(request.GET or None)
        body, q = None, ""
        if form.is_bound and form.is_valid():
            q = (form.cleaned_data["q"] or "").strip()
            name = form.cleaned_data["body"]
            if name:
                body = EnforcementBody.objects.filter(name=name).order_by("sort_order").first()
        items = public_items(body=body, q=q)
        page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter_form": form,
            "page_obj": page,
            "items": page.object_list,
            "querystring": query.urlencode(),
        }
        return _public(render(request, "enforcement_cases/public_items.html", context))
