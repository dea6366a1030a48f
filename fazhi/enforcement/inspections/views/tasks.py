"""Pages of 抽查任务: the list (inspections:list), create and edit (草拟 only), the detail with the drawn
entities and their results, the steps (抽取, 登记结果, 检查结束, 公示) and the verification of the draw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ScopedViewMixin,
)
from fazhi.core.views.units import querystring_without_page
from fazhi.core.workflow import can
from fazhi.enforcement.inspections import services
from fazhi.enforcement.inspections.choices import PROBLEM_RESULTS, TaskStatus
from fazhi.enforcement.inspections.forms import DateStepForm, DrawForm, ResultForm, TaskFilterForm, TaskForm
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask
from fazhi.enforcement.inspections.selectors import verify_draw


def _fail(form, exc):
    if isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("您无权办理该抽查任务。"))
    else:
        form.add_error(None, _("超出您的管辖范围。"))


class TaskListView(ScopedListView):
    """抽查任务 (inspections:list), the 双随机抽查 tab."""

    model = InspectionTask
    template_name = "inspections/task_list.html"
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        self.filter_form = TaskFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if q := data["q"].strip():
                qs = qs.filter(Q(name__icontains=q) | Q(matter__icontains=q))
            if data["status"]:
                qs = qs.filter(status=data["status"])
            if data["year"]:
                qs = qs.filter(planned_start__year=data["year"])
            if data["joint"]:
                qs = qs.filter(is_joint=data["joint"] == "yes")
        return (
            qs.select_related("unit")
            .annotate(drawn_count=Count("drawn", distinct=True))
            .order_by("-planned_start", "-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for task in context["object_list"]:
            task.overdue = (
                task.status == TaskStatus.AWAITING_PUBLICATION
                and task.publication_due_on is not None
                and task.publication_due_on < today
            )
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, InspectionTask.scope_permission("add")),
        )
        return context


class TaskCreateView(ScopedCreateView):
    model = InspectionTask
    form_class = TaskForm
    template_name = "inspections/form.html"
    extra_context = {"title": "新建抽查任务"}

    def get_success_url(self):
        return reverse("inspections:detail", args=[self.object.pk])


class TaskUpdateView(ScopedUpdateView):
    model = InspectionTask
    form_class = TaskForm
    template_name = "inspections/form.html"
    extra_context = {"title": "修改抽查任务"}

    def get_success_url(self):
        return reverse("inspections:detail", args=[self.object.pk])


class TaskDetailView(ScopedDetailView):
    model = InspectionTask
    template_name = "inspections/task_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit").prefetch_related("participants")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        drawn = list(
            DrawnEntity.objects.filter(task=task)
            .select_related("inspector_1", "inspector_2", "result", "entity")
            .order_by("position")
        )
        results = [d.result for d in drawn if hasattr(d, "result")]
        may_change = InspectionTask.objects.restrict(user, "change").filter(pk=task.pk).exists()
        open_for_results = task.status in (TaskStatus.DRAWN, TaskStatus.INSPECTING)
        # the lead records every result; a joint task's participant those its own officers inspect
        recordable = (
            set(DrawnEntity.objects.restrict(user, "change").filter(task=task).values_list("pk", flat=True))
            if open_for_results
            else set()
        )
        for d in drawn:
            d.recordable = d.pk in recordable
        context.update(
            drawn=drawn,
            result_count=len(results),
            problem_count=sum(1 for r in results if r.result in PROBLEM_RESULTS),
            may_change=may_change,
            may_edit=may_change and task.status == TaskStatus.DRAFT,
            may_delete=task.status == TaskStatus.DRAFT
            and InspectionTask.objects.restrict(user, "delete").filter(pk=task.pk).exists(),
            may_draw=may_change and can(task, user, "draw"),
            may_record=bool(recordable),
            participant_only=bool(recordable) and not may_change,
            may_finish=may_change and can(task, user, "finish"),
            may_publish=may_change and can(task, user, "publish"),
            overdue=task.status == TaskStatus.AWAITING_PUBLICATION
            and task.publication_due_on
            and task.publication_due_on < timezone.localdate(),
        )
        return context


class _StepView(ScopedViewMixin, generic.DetailView):
    """GET: the form; POST: the service, its refusal shown on the form."""

    model = InspectionTask
    scope_action = "change"
    template_name = "inspections/step.html"
    form_class = DateStepForm
    title = ""
    note = ""

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self.form_class()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except (ValidationError, PermissionDenied, ScopeViolation) as exc:
                _fail(form, exc)
            else:
                messages.success(request, self.done)
                return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_success_url(self):
        return reverse("inspections:detail", args=[self.task.pk])

    @property
    def task(self):
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, note=self.note, task=self.task, **kwargs)


class TaskDrawView(_StepView):
    form_class = DrawForm
    title = "随机抽取"
    note = (
        "抽取时由系统生成随机种子并记录备选名单，抽取结果可由任何人按记录的种子复核。"
        "只有抽取日持有效行政执法证的人员参加抽取（《中华人民共和国行政处罚法》第四十二条），"
        "有回避关系的人员不会被抽中检查该对象。"
    )
    done = "已完成抽取。"

    def perform(self, data):
        services.task_draw(actor=self.request.user, task=self.object, on=data["on"])


class TaskFinishView(_StepView):
    title = "检查结束"
    note = "全部抽中对象登记检查结果后结束检查；结果应自检查结束之日起 20 个工作日内公示（国办发〔2018〕118号）。"
    done = "已结束检查。"

    def perform(self, data):
        services.task_finish(actor=self.request.user, task=self.object, on=data["on"])


class TaskPublishView(_StepView):
    title = "公示检查结果"
    note = "公示后，抽查事项、抽中对象及其检查结果在公开页面“双随机抽查结果公示”中向社会公开。"
    done = "已公示。"

    def perform(self, data):
        services.task_publish(actor=self.request.user, task=self.object, on=data["on"])


class ResultEntryView(_StepView):
    """The result of one drawn entity (object route on the DrawnEntity)."""

    model = DrawnEntity
    form_class = ResultForm
    title = "登记检查结果"
    done = "已登记检查结果。"

    def refine_queryset(self, qs):
        return qs.select_related("task", "inspector_1", "inspector_2")

    @property
    def task(self):
        return self.object.task

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        result = self.object.result if hasattr(self.object, "result") else None
        initial = (
            {"result": result.result, "inspected_on": result.inspected_on, "note": result.note}
            if result
            else {}
        )
        return self.render_to_response(self.get_context_data(form=self.form_class(initial=initial)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(drawn=self.object, **kwargs)

    def perform(self, data):
        services.result_record(actor=self.request.user, drawn=self.object, **data)


class TaskVerifyView(ScopedDetailView):
    """复核: re-derives the draw from the recorded seed; ``?format=json`` gives the data to check offline."""

    model = InspectionTask
    template_name = "inspections/task_verify.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        report = verify_draw(self.object)
        if request.GET.get("format") == "json":
            task = self.object
            data = {
                "task": task.name,
                "algorithm": task.algorithm,
                "seed": task.seed,
                "drawn_on": task.drawn_on.isoformat() if task.drawn_on else None,
                "candidates_digest": task.candidates_digest,
                "entity_candidates": task.entity_candidates,
                "inspector_candidates": task.inspector_candidates,
                "conflict_pairs": task.conflict_pairs,
                "draw": [
                    {"position": p.position, "credit_code": p.code, "inspectors": list(p.inspectors)}
                    for p in report.picks
                ],
                "verdict": str(report.verdict),
                "problems": report.problems,
            }
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
            response["Content-Disposition"] = f'attachment; filename="draw-{task.pk}.json"'
            return response
        return self.render_to_response(self.get_context_data(report=report))


class TaskDeleteView(ScopedDeleteView):
    """删除 a 草拟 task (services.task_delete refuses any other, with its reason)."""

    model = InspectionTask
    template_name = "inspections/task_confirm_delete.html"

    def form_valid(self, form):
        try:
            services.task_delete(actor=self.request.user, task=self.object)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(self.request, "；".join(getattr(exc, "messages", [str(exc)])))
            return HttpResponseRedirect(reverse("inspections:detail", args=[self.object.pk]))
        messages.success(self.request, _("抽查任务“%(name)s”已删除。") % {"name": self.object.name})
        return HttpResponseRedirect(reverse("inspections:list"))
