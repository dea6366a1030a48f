"""Registers: a model's spreadsheet columns, declared once for export, the import template and import.

A module declares, in its ``excel_registers.py`` (found at start-up, as the admin finds ``admin.py``)::

    register_register(Register(
        key="cases", title=_("复议案件"), model=ReconsiderationCase,
        columns=[Column("number", _("案号"), required=True), Column("received_on", _("收件日期"), DATE), ...],
        form_class=CaseForm,            # the form the create page uses: import rows pass the same rules
        save_row=save_case_row,         # calls the module's service, e.g. case_register(actor=..., **data)
        list_url="reconsideration:list",
    ))

Export reads the list page's own (filtered, scoped) queryset; import validates every row through
``form_class`` and saves through ``save_row`` (or ``save_rows`` for a bulk service), all in one
transaction or not at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.masking import mask

TEXT = "text"
INT = "int"
DECIMAL = "decimal"
DATE = "date"
DATETIME = "datetime"
CHOICE = "choice"
BOOL = "bool"
#: an organisation unit, written as its 机构代码
UNIT = "unit"
#: a user, written as the 用户名
USER = "user"
COLUMN_TYPES = (TEXT, INT, DECIMAL, DATE, DATETIME, CHOICE, BOOL, UNIT, USER)

#: how unit and user columns are written in a cell
LOOKUP_ATTRS = {UNIT: "code", USER: "username"}
#: several values in one cell (e.g. a user's units) are joined with this
MULTI_SEPARATOR = "、"


@dataclass(frozen=True)
class Column:
    """One column of a register.

    ``name`` is the form field an imported cell fills and, unless ``value`` is given, the attribute
    path (``unit__code`` style) an exported cell reads.
    """

    name: str
    header: str
    type: str = TEXT
    width: float = 14
    required: bool = False
    #: (value, label) pairs of a choice column; defaults to the model field's choices
    choices: Sequence[tuple[Any, Any]] | None = None
    #: export accessor, called with the record; may return a list (joined with "、")
    value: Callable[[Any], Any] | None = None
    #: the form fields this column fills (e.g. a password and its confirmation); defaults to (name,)
    form_fields: tuple[str, ...] = ()
    #: personal identifiers are masked in exports; None: masked when ``name`` is in model.sensitive_fields
    sensitive: bool | None = None
    masker: Callable[[str], str] | None = None
    importable: bool = True
    exportable: bool = True
    #: the rule shown to whoever fills in the template (a comment on the header, and the 填写说明 sheet)
    hint: str = ""
    example: Any = None

    def __post_init__(self):
        if self.type not in COLUMN_TYPES:
            choices = ", ".join(COLUMN_TYPES)
            raise ImproperlyConfigured(f"列 {self.name} 的类型 {self.type!r} 无效，可选：{choices}")

    @property
    def fields(self) -> tuple[str, ...]:
        return self.form_fields or (self.name,)

    @property
    def title(self) -> str:
        return str(self.header)

    @property
    def path(self) -> str:
        """What export reads when no ``value`` is given: unit and user columns read the code or username."""
        lookup = LOOKUP_ATTRS.get(self.type)
        if lookup and not self.name.endswith(f"__{lookup}"):
            return f"{self.name}__{lookup}"
        return self.name


@dataclass
class Register:
    key: str
    title: str
    model: type[models.Model]
    columns: Sequence[Column]
    #: the form (or a function building one) the UI's create page uses; None: export only
    form_class: Callable[..., Any] | None = None
    #: keyword arguments of the form besides ``data``; defaults to ``{"user": actor}``
    form_kwargs: Callable[[Any], dict] | None = None
    #: ``save_row(*, actor, data)``: saves one validated row (``data`` is the form's cleaned_data)
    save_row: Callable[..., Any] | None = None
    #: ``save_rows(*, actor, rows, progress)``: saves all rows at once (bulk_create in a service)
    save_rows: Callable[..., Any] | None = None
    #: columns whose values must not repeat within one file (the form only sees one row at a time); a
    #: tuple of names is a combination, e.g. ("unit", "key", "period"): one row per unit, key and period
    unique_in_file: tuple[str | tuple[str, ...], ...] = ()
    #: export personal identifiers unmasked (only for registers whose whole purpose needs them)
    reveal_sensitive: bool = False
    #: the list page (URL name): the import page links back to it
    list_url: str = ""
    sheet_title: str = ""
    #: shown above the upload form
    description: str = ""
    #: the model action an import performs (it decides who may open the import page)
    import_action: str = "add"
    #: rows above which an upload runs as a background job; None: the FAZHI_IMPORT_JOB_THRESHOLD setting.
    #: Lower it for registers whose rows are slow to save (each user hashes a password: ~0.25 s)
    job_threshold: int | None = None
    #: build the form once per import and copy it for each row (fazhi.excel.importer.Validator);
    #: False for a form whose ``__init__`` depends on the submitted data
    reuse_form: bool = True
    #: ``prepare_export(queryset, actor)``: what export reads instead of the list page's queryset (e.g.
    #: units in tree order, or dicts of values fetched in bulk); it may only narrow, never widen
    prepare_export: Callable[[models.QuerySet, Any], Iterable] | None = None

    def __post_init__(self):
        if self.form_class is not None and self.save_row is None and self.save_rows is None:
            raise ImproperlyConfigured(f"登记表 {self.key} 有 form_class，但没有 save_row 或 save_rows")
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ImproperlyConfigured(f"登记表 {self.key} 的列名重复")
        for entry in self.unique_in_file:
            for name in (entry,) if isinstance(entry, str) else entry:
                if name not in names:
                    raise ImproperlyConfigured(f"登记表 {self.key} 的 unique_in_file 中的 {name} 不是列名")

    # --- columns -----------------------------------------------------------------------------
    @property
    def sheet_name(self) -> str:
        """The worksheet's name: Excel allows at most 31 characters and none of []:*?/\\."""
        name = str(self.sheet_title or self.title)
        for char in "[]:*?/\\":
            name = name.replace(char, "")
        return name[:31]

    @property
    def importable(self) -> bool:
        return self.form_class is not None

    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.exportable]

    def import_columns(self) -> list[Column]:
        return [c for c in self.columns if c.importable]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def model_field(self, name: str):
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def choices(self, column: Column) -> list[tuple[Any, str]]:
        if column.choices is not None:
            pairs = column.choices
        else:
            model_field = self.model_field(column.name)
            pairs = getattr(model_field, "choices", None) or []
        return [(value, str(label)) for value, label in pairs if value not in ("", None)]

    def choice_labels(self, column: Column) -> dict:
        """value → label, the lazy translations resolved once per export."""
        return {value: label for value, label in self.choices(column)}

    def is_sensitive(self, column: Column) -> bool:
        if column.sensitive is not None:
            return column.sensitive
        return column.name in getattr(self.model, "sensitive_fields", ())

    # --- export values -----------------------------------------------------------------------
    def exporter(self, column: Column) -> Callable[[Any], Any]:
        """A function turning what export reads for ``column`` into the cell's value.

        Built once per column and called for every cell (a million calls for a large export), so each
        kind gets its own small function. A list (a user's several units, say) becomes one cell, its
        values joined with "、".
        """
        kind = column.type
        masker = None
        if self.is_sensitive(column) and not self.reveal_sensitive:
            masker = column.masker or mask
        zone = timezone.get_current_timezone()
        if kind == CHOICE:
            labels = self.choice_labels(column)

            def one(value):
                return labels.get(value, value)
        elif kind == BOOL:
            yes, no = _("是"), _("否")

            def one(value):
                return yes if value else no
        elif kind == DATE:

            def one(value):
                if isinstance(value, datetime.datetime):
                    return value.astimezone(zone).date() if value.tzinfo is not None else value.date()
                return value
        elif kind == DATETIME:

            def one(value):
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    return value.astimezone(zone).replace(tzinfo=None)
                return value
        elif kind in LOOKUP_ATTRS:
            attr = LOOKUP_ATTRS[kind]

            def one(value):
                return getattr(value, attr) if isinstance(value, models.Model) else value
        elif kind in (INT, DECIMAL):

            def one(value):
                return value
        else:

            def one(value):
                if isinstance(value, int | float | Decimal | datetime.date) and not isinstance(value, bool):
                    return value
                text = str(value)
                return masker(text) if masker else text

        plain_text = kind == TEXT and masker is None

        def convert(value):
            kind_of = type(value)
            if kind_of is str:
                if not value:
                    return None
                if plain_text:
                    return value
            elif value is None:
                return None
            elif kind_of is list or kind_of is tuple:
                parts = [one(v) for v in value if v is not None and v != ""]
                return MULTI_SEPARATOR.join(str(p) for p in parts) or None
            return one(value)

        return convert

    def values_mode(self) -> bool:
        """True when every exported column reads a plain path, so rows can be fetched as tuples."""
        return self.prepare_export is None and all(c.value is None for c in self.export_columns())

    def export_rows(self, records: models.QuerySet | Iterable, *, actor=None, chunk_size: int = 2000):
        """The cell values of every record, in order. ``records`` is already scoped (the list page's).

        Records are model objects, or dicts of raw values by column name (what ``prepare_export`` may
        yield to avoid building 100,000 model instances).
        """
        columns = self.export_columns()
        converters = [self.exporter(c) for c in columns]
        if self.prepare_export is not None:
            records = self.prepare_export(records, actor)
        if isinstance(records, models.QuerySet) and self.values_mode():
            rows = records.prefetch_related(None).values_list(*[c.path for c in columns])
            for values in rows.iterator(chunk_size=chunk_size):
                yield [convert(value) for convert, value in zip(converters, values, strict=True)]
            return
        if isinstance(records, models.QuerySet):
            records = records.iterator(chunk_size=chunk_size)
        names = [c.name for c in columns]
        getters = [c.value or _path_getter(c.path) for c in columns]
        pairs = list(zip(converters, getters, strict=True))
        for record in records:
            if type(record) is dict:
                yield [convert(record.get(name)) for convert, name in zip(converters, names, strict=True)]
            else:
                yield [convert(get(record)) for convert, get in pairs]

    def rows_for_job(self) -> int:
        from fazhi.excel import conf

        setting = conf.job_threshold()
        return setting if self.job_threshold is None else min(self.job_threshold, setting)

    # --- urls --------------------------------------------------------------------------------
    def import_url(self) -> str:
        return reverse(f"excel:{self.key}-import")

    def list_page_url(self) -> str:
        return reverse(self.list_url) if self.list_url else ""


def _path_getter(path: str) -> Callable[[Any], Any]:
    parts = path.split("__")

    def get(obj):
        for part in parts:
            if obj is None:
                return None
            obj = getattr(obj, part)
        return obj

    return get


_REGISTERS: dict[str, Register] = {}


def register_register(register: Register) -> Register:
    """Add a register; its key names its routes (``excel:<key>-import``) and its import jobs."""
    existing = _REGISTERS.get(register.key)
    if existing is not None and existing is not register:
        raise ImproperlyConfigured(f"登记表 {register.key!r} 已登记过")
    _REGISTERS[register.key] = register
    return register


def get_register(key: str) -> Register:
    try:
        return _REGISTERS[key]
    except KeyError as exc:
        raise LookupError(f"没有名为 {key!r} 的登记表") from exc


def all_registers() -> list[Register]:
    return list(_REGISTERS.values())
