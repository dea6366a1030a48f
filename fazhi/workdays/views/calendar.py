"""The calendar page: a year's 放假 and 调休上班 days, from the package and entered by hand.

The calendar is one for the whole deployment, not a unit's record, so these views are scope-exempt.
Reading it is open to every signed-in user (it is the State Council's public schedule, and anyone
checking a deadline needs it); every change requires an administrator of a top-level unit
(``covers_root(user, "manage")``) — others get 403 and nothing changes.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.workdays import selectors
from fazhi.workdays.calendar import (
    PACKAGE_FIRST_YEAR,
    PACKAGE_LAST_YEAR,
    PACKAGE_VERSION,
    load_calendar,
    package_covers,
)
from fazhi.workdays.choices import DayKind
from fazhi.workdays.forms import CalendarDayForm, CalendarImportForm, CalendarYearForm
from fazhi.workdays.importers import ImportRejected, template_workbook, weekday_label
from fazhi.workdays.models import CalendarDay, CalendarYear
from fazhi.workdays.services import (
    calendar_day_add,
    calendar_day_remove,
    calendar_import,
    calendar_year_set_complete,
    can_manage_calendar,
)

EXEMPT_REASON = "全国统一的节假日安排，不属于任何单位；修改限顶层单位系统管理员（covers_root）"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def holidays_url(year: int) -> str:
    return f"{reverse('workdays:holidays')}?year={year}"


def changed_message(request, text: str, recomputed: int) -> None:
    if recomputed:
        text += _("已重新计算受影响的期限 %(count)s 项。") % {"count": recomputed}
    messages.success(request, text)


class HolidaysView(LoginRequiredMixin, generic.TemplateView):
    fazhi_scope_exempt = EXEMPT_REASON
    template_name = "workdays/holidays.html"

    def get_year(self) -> int:
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = selectors.today().year
        return min(max(year, 2000), 2100)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = kwargs.get("year") or self.get_year()
        calendar = load_calendar()
        row = CalendarYear.objects.filter(year=year).select_related("entered_by").first()
        manual_years = {d.year for d in CalendarDay.objects.dates("date", "year")}
        last = max(
            [PACKAGE_LAST_YEAR + 1, selectors.today().year + 1, *manual_years, *calendar.complete_years]
        )
        days = calendar.scheduled_days(year)
        pks = {d.date: d.pk for d in CalendarDay.objects.filter(date__year=year)}
        context.update(
            {
                "year": year,
                "years": list(range(PACKAGE_FIRST_YEAR, last + 1)),
                "known": calendar.is_known_year(year),
                "by_package": package_covers(year),
                "year_row": row,
                "days": [{"day": d, "weekday": weekday_label(d.date), "pk": pks.get(d.date)} for d in days],
                "holiday_count": sum(1 for d in days if d.kind == DayKind.HOLIDAY),
                "workday_count": sum(1 for d in days if d.kind == DayKind.WORKDAY),
                "calendar_version": calendar.version,
                "package_version": PACKAGE_VERSION,
                "package_range": f"{PACKAGE_FIRST_YEAR}–{PACKAGE_LAST_YEAR}",
                "can_manage": can_manage_calendar(self.request.user),
            }
        )
        context.setdefault("day_form", CalendarDayForm(initial={"kind": DayKind.HOLIDAY}))
        context.setdefault("import_form", CalendarImportForm(initial={"year": year}))
        return context


class CalendarWriteMixin(LoginRequiredMixin):
    """POST only; the permission is checked before the form is even read."""

    fazhi_scope_exempt = EXEMPT_REASON
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_calendar(request.user):
            raise PermissionDenied(_("只有顶层单位的系统管理员可以维护节假日安排。"))
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, year: int, **context):
        view = HolidaysView(request=self.request, kwargs={}, args=())
        return view.render_to_response(view.get_context_data(year=year, **context))


class CalendarDayAddView(CalendarWriteMixin, generic.View):
    def post(self, request, *args, **kwargs):
        form = CalendarDayForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = calendar_day_add(
                    actor=request.user,
                    date=data["date"],
                    kind=data["kind"],
                    name=data["name"],
                    note=data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                changed_message(request, _("已登记 %(day)s。") % {"day": change.obj}, change.recomputed)
                return HttpResponseRedirect(holidays_url(data["date"].year))
        year = form.cleaned_data["date"].year if form.cleaned_data.get("date") else selectors.today().year
        return self.render_page(year, day_form=form)


class CalendarDayDeleteView(CalendarWriteMixin, generic.View):
    def post(self, request, pk, *args, **kwargs):
        day = CalendarDay.objects.filter(pk=pk).first()
        if day is None:
            messages.error(request, _("该记录不存在或已删除。"))
            return HttpResponseRedirect(reverse("workdays:holidays"))
        text, year = str(day), day.date.year
        change = calendar_day_remove(actor=request.user, day=day)
        changed_message(request, _("已删除 %(day)s。") % {"day": text}, change.recomputed)
        return HttpResponseRedirect(holidays_url(year))


class CalendarYearCompleteView(CalendarWriteMixin, generic.View):
    def post(self, request, *args, **kwargs):
        form = CalendarYearForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("年度无效。"))
            return HttpResponseRedirect(reverse("workdays:holidays"))
        year, complete = form.cleaned_data["year"], form.cleaned_data["complete"]
        try:
            change = calendar_year_set_complete(actor=request.user, year=year, complete=complete)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            text = (
                _("%(year)s年度已标记为数据完整。") if complete else _("已撤销%(year)s年度的数据完整标记。")
            ) % {"year": year}
            changed_message(request, text, change.recomputed)
        return HttpResponseRedirect(holidays_url(year))


class CalendarImportView(CalendarWriteMixin, generic.View):
    def post(self, request, *args, **kwargs):
        form = CalendarImportForm(request.POST, request.FILES)
        year = selectors.today().year
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                change = calendar_import(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    year=year,
                    mark_complete=form.cleaned_data["mark_complete"],
                )
            except ImportRejected as exc:
                return self.render_page(year, import_form=form, import_errors=[str(e) for e in exc.errors])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                changed_message(
                    request, _("已导入%(year)s年度节假日安排。") % {"year": year}, change.recomputed
                )
                return HttpResponseRedirect(holidays_url(year))
        elif form.cleaned_data.get("year"):
            year = form.cleaned_data["year"]
        return self.render_page(year, import_form=form)


class CalendarTemplateView(LoginRequiredMixin, generic.View):
    fazhi_scope_exempt = EXEMPT_REASON

    def get(self, request, *args, **kwargs):
        response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
        filename = _("节假日安排导入模板.xlsx")
        response["Content-Disposition"] = (
            f"attachment; filename=\"holiday-template.xlsx\"; filename*=UTF-8''{quote(filename)}"
        )
        return response
