"""One import page per register that can import: ``excel:<key>-import`` (e.g. ``excel:users-import``)."""

from django.urls import path

from fazhi.excel.registers import all_registers
from fazhi.excel.views import import_view_for

app_name = "excel"

urlpatterns = [
    path(f"{register.key}/import/", import_view_for(register).as_view(), name=f"{register.key}-import")
    for register in all_registers()
    if register.importable
]
