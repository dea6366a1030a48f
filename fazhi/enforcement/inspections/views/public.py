"""The public page of 双随机一公开 (no login): published tasks with the entities inspected and their results.

It shows what 公示 practice shows — the task, its 抽查事项, the departments, the draw's seed and date, and
for each entity its name, 统一社会信用代码, result and date. Inspectors are named (as on 检查结果公示 notices)
but never with an ID number; no record id appears. noindex like the other public pages.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.views import generic

from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask


class PublicTaskListView(generic.View):
    fazhi_scope_exempt = (
        "双随机抽查结果公示：已公示任务的事项、部门、随机种子，抽中对象的名称、统一社会信用代码、检查结果，"
        "检查人员姓名；不含身份证号"
    )
    http_method_names = ["get"]

    def get(self, request):
        q = (request.GET.get("q") or "").strip()[:50]
        drawn = (
            DrawnEntity.objects.select_related("result", "inspector_1", "inspector_2")
            .only(
                "task_id",
                "position",
                "entity_name",
                "credit_code",
                "inspector_1__name",
                "inspector_2__name",
                "result__result",
                "result__inspected_on",
            )
            .order_by("position")
        )
        tasks = (
            InspectionTask.objects.filter(status=TaskStatus.PUBLISHED)
            .select_related("unit")
            .prefetch_related("participants", Prefetch("drawn", queryset=drawn))
            .order_by("-published_on", "name")
        )
        if q:
            codes = DrawnEntity.objects.filter(Q(entity_name__icontains=q) | Q(credit_code=q.upper()))
            tasks = tasks.filter(
                Q(name__icontains=q) | Q(matter__icontains=q) | Q(pk__in=codes.values("task_id"))
            )
        page = Paginator(tasks, 10).get_page(request.GET.get("page"))
        context = {"page_obj": page, "tasks": page.object_list, "q": q, "querystring": f"q={q}" if q else ""}
        response = render(request, "inspections/public_list.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
