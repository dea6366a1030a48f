from django.urls import path

from fazhi.workdays.views import calendar, deadlines

app_name = "workdays"

urlpatterns = [
    path("", calendar.HolidaysView.as_view(), name="holidays"),
    path("days/add/", calendar.CalendarDayAddView.as_view(), name="day-add"),
    # Calendar days are global rows, not a unit's records: an integer key is no disclosure.
    path("days/<int:pk>/delete/", calendar.CalendarDayDeleteView.as_view(), name="day-delete"),
    path("years/complete/", calendar.CalendarYearCompleteView.as_view(), name="year-complete"),
    path("import/", calendar.CalendarImportView.as_view(), name="import"),
    path("template.xlsx", calendar.CalendarTemplateView.as_view(), name="template"),
    path("deadlines/", deadlines.DeadlineListView.as_view(), name="deadlines"),
    path("deadlines/<uuid:pk>/", deadlines.DeadlineDetailView.as_view(), name="deadline-detail"),
    path("deadlines/<uuid:pk>/event/", deadlines.DeadlineEventView.as_view(), name="deadline-event"),
]
