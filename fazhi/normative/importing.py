"""Existing normative documents from a register (.xlsx) and a folder of files (RULES.md §4; issue 5 part 9).

An organ that starts using fazhi brings its 台账 of documents already issued, often with the texts as
.docx or PDF. One row → one published document, created in the state its dates describe (已公布, 已备案,
已修改, 已废止, 已失效), through the ``fazhi.excel`` machinery: every row is validated by
:class:`DocumentImportForm` and reported per row and column; nothing is saved unless every row passes.

The texts: the 正文文件 column names a file uploaded with the register — either one .zip holding the
.xlsx and the files, or the .xlsx and the files chosen together (:func:`import_with_files`). The text is
extracted (``fazhi.analysis.engine.textio``: .docx, PDF with a text layer, plain text) while the row is
validated, so an unreadable file is that row's error. The 正文 column may hold the text instead. The
generic Excel import page works too, for registers without files.

Dates must be consistent: 公布 ≤ 施行, 公布 ≤ 报送备案, 公布 ≤ 修改/废止/失效 ≤ today; a document 已修改/
已废止/已失效 needs that date; a blank 有效期至 is computed from the validity (setting, 暂行/试行 shorter).
The 文号 must not repeat within the organ (in the file or on the platform). Imported documents are
indexed for full-text search in one bulk call after the import commits.
"""

from __future__ import annotations

import contextvars
import io
import posixpath
import re
import string
import zipfile
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.forms.units import UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record_bulk
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.excel import conf as excel_conf
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from fazhi.excel.rows import ImportResult
from fazhi.normative import validity
from fazhi.normative.choices import IN_FORCE, DocumentKind, DocumentStatus
from fazhi.normative.models import NormativeDocument

REGISTER_KEY = "normative-documents"

#: the states an imported (already issued) document may be in
IMPORT_STATUSES = (
    DocumentStatus.PUBLISHED,
    DocumentStatus.FILED,
    DocumentStatus.AMENDED,
    DocumentStatus.REPEALED,
    DocumentStatus.EXPIRED,
)
ENDED = (DocumentStatus.AMENDED, DocumentStatus.REPEALED, DocumentStatus.EXPIRED)
TEXT_SUFFIXES = (".docx", ".pdf", ".txt")

#: the files uploaded with the register, by name, for the rows' 正文文件 cells (set by import_with_files)
_FILES: contextvars.ContextVar[dict[str, bytes] | None] = contextvars.ContextVar(
    "normative_import_files", default=None
)


def _norm_name(name: str) -> str:
    return posixpath.basename((name or "").replace("\\", "/")).strip()


class DocumentImportForm(forms.Form):
    """One row of the register (also usable on its own)."""

    title = forms.CharField(label=gettext_lazy("文件名称"), max_length=300)
    document_number = forms.CharField(label=gettext_lazy("文号"), max_length=80)
    unit = UnitChoiceField(label=gettext_lazy("制定机关代码"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("文件类别"), choices=DocumentKind.choices)
    status = forms.ChoiceField(
        label=gettext_lazy("状态"), choices=[(s.value, s.label) for s in IMPORT_STATUSES]
    )
    drafting_unit_name = forms.CharField(label=gettext_lazy("起草单位"), max_length=200, required=False)
    published_on = forms.DateField(label=gettext_lazy("公布日期"))
    effective_on = forms.DateField(label=gettext_lazy("施行日期"), required=False)
    validity_years = forms.IntegerField(
        label=gettext_lazy("有效期（年）"), min_value=1, max_value=10, required=False
    )
    expires_on = forms.DateField(label=gettext_lazy("有效期至"), required=False)
    filed_on = forms.DateField(label=gettext_lazy("报送备案日期"), required=False)
    ended_on = forms.DateField(label=gettext_lazy("修改、废止或失效日期"), required=False)
    ended_reason = forms.CharField(label=gettext_lazy("修改、废止或失效原因"), required=False)
    interpretation = forms.CharField(label=gettext_lazy("政策解读"), required=False)
    body_file = forms.CharField(label=gettext_lazy("正文文件"), max_length=255, required=False)
    body = forms.CharField(label=gettext_lazy("正文"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        unit_field_for(self.fields["unit"], user, Permission.ADD)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        published, status = data.get("published_on"), data.get("status")
        if published and published > today:
            self.add_error("published_on", _("公布日期不能晚于今天。"))
        effective = data.get("effective_on")
        if published and effective and effective < published:
            self.add_error("effective_on", _("施行日期不能早于公布日期。"))
        filed = data.get("filed_on")
        if filed and published and not published <= filed <= today:
            self.add_error("filed_on", _("报送备案日期应在公布日期与今天之间。"))
        if status == DocumentStatus.FILED and not filed:
            self.add_error("filed_on", _("状态为已备案的，应填写报送备案日期。"))
        ended = data.get("ended_on")
        if status in ENDED:
            if not ended:
                self.add_error("ended_on", _("状态为已修改、已废止或已失效的，应填写该日期。"))
            elif published and not published <= ended <= today:
                self.add_error("ended_on", _("修改、废止或失效日期应在公布日期与今天之间。"))
        elif ended:
            self.add_error("ended_on", _("现行有效的文件不填修改、废止或失效日期。"))
        expires = data.get("expires_on")
        if expires and (effective or published) and expires < (effective or published):
            self.add_error("expires_on", _("有效期至不能早于施行日期。"))
        number, unit = data.get("document_number"), data.get("unit")
        if number and unit and NormativeDocument.objects.filter(unit=unit, document_number=number).exists():
            self.add_error(
                "document_number", _("%(unit)s已有文号为“%(n)s”的文件。") % {"unit": unit.name, "n": number}
            )
        self._read_body(data)
        return data

    def _read_body(self, data) -> None:
        from fazhi.analysis.engine.textio import UnreadableInput, read_bytes
        from fazhi.attachments.detection import check_upload

        name = _norm_name(data.get("body_file", ""))
        if not name:
            return
        if not name.lower().endswith(TEXT_SUFFIXES):
            self.add_error("body_file", _("正文文件应为 .docx、.pdf 或 .txt 文件。"))
            return
        files = _FILES.get() or {}
        content = files.get(name)
        if content is None:
            self.add_error(
                "body_file",
                _("未上传文件“%(name)s”：请在“导入存量规范性文件”页面把它与登记表一起上传。")
                % {"name": name},
            )
            return
        try:
            text = read_bytes(content, name).text.strip()
        except UnreadableInput as exc:
            self.add_error("body_file", _("文件“%(name)s”无法读取：%(why)s") % {"name": name, "why": exc})
            return
        try:  # kept as the document's attachment: the attachment rules (type by content, size) apply
            check_upload(File(io.BytesIO(content), name=name))
        except ValidationError as exc:
            self.add_error(
                "body_file", _("文件“%(name)s”：%(why)s") % {"name": name, "why": "；".join(exc.messages)}
            )
            return
        data["body"] = text


def _document(row: dict, calendar) -> NormativeDocument:
    from fazhi.normative.services.filing import filing_due

    published, status = row["published_on"], row["status"]
    effective = row.get("effective_on") or published
    years = row.get("validity_years") or validity.default_validity_years(row["title"])
    expires = row.get("expires_on") or validity.expiry_date(effective, years)
    filed = row.get("filed_on")
    if status == DocumentStatus.PUBLISHED and filed:
        status = DocumentStatus.FILED
    return NormativeDocument(
        unit=row["unit"],
        title=row["title"],
        kind=row["kind"],
        status=status,
        document_number=row["document_number"],
        drafting_unit_name=row.get("drafting_unit_name") or "",
        body=row.get("body") or "",
        interpretation=row.get("interpretation") or "",
        signed_on=published,
        published_on=published,
        effective_on=effective,
        validity_years=row.get("validity_years"),
        expires_on=expires,
        filing_due_on=filing_due(published, calendar),
        filed_on=filed,
        ended_on=row.get("ended_on") if status in ENDED else None,
        ended_reason=(row.get("ended_reason") or "") if status in ENDED else "",
    )


def documents_import(*, actor, rows: list[dict], progress=None) -> list[NormativeDocument]:
    """Save validated rows as documents, all or none (the caller's transaction), audited in bulk, and
    index them after commit. ``actor=None``: the system (the demo)."""
    from fazhi.workdays.calendar import load_calendar

    calendar = load_calendar()
    with transaction.atomic():
        documents = []
        for n, row in enumerate(rows):
            if actor is not None:
                ensure_unit_allowed(user=actor, unit=row["unit"], model=NormativeDocument, action="add")
            documents.append(_document(row, calendar))
            if progress and n % 100 == 0:
                progress(n)
        NormativeDocument.objects.bulk_create(documents, batch_size=500)
        advance_sequences(documents)
        files = _FILES.get() or {}
        if actor is not None and files:
            _attach_originals(actor, documents, rows, files)
        audit_record_bulk(
            actor=actor,
            events=(
                {
                    "action": AuditAction.CREATE,
                    "obj": document,
                    "note": _("从登记表导入已公布的规范性文件（%(status)s）")
                    % {"status": document.get_status_display()},
                }
                for document in documents
            ),
        )
        transaction.on_commit(lambda: index_documents(documents))
    if progress:
        progress(len(rows))
    return documents


def _number_parts(template: str, unit: OrgUnit, text: str) -> tuple[int, int] | None:
    """(year, seq) when ``text`` is what the unit's template gives for them, else None."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name == "seq":
            parts.append(r"(?P<seq>\d{1,9})")
        elif name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "unit_short":
            parts.append(re.escape(unit.short_name))
        elif name == "unit_code":
            parts.append(re.escape(unit.code))
    match = re.fullmatch("".join(parts), text)
    if not match or "seq" not in match.groupdict() or "year" not in match.groupdict():
        return None
    return int(match["year"]), int(match["seq"])


def advance_sequences(documents) -> None:
    """A historical 文号 in the organ's own format moves that year's sequence past it, so the numbering
    engine never issues it again to a document published on the platform."""
    from fazhi.normative.doc_types import DOCUMENT_NUMBER
    from fazhi.numbering.models import NumberSequence
    from fazhi.numbering.selectors import effective_template

    highest: dict[tuple, int] = {}
    templates: dict = {}
    for document in documents:
        unit = document.unit
        if unit.pk not in templates:
            templates[unit.pk] = effective_template(unit=unit, doc_type=DOCUMENT_NUMBER).template
        parsed = _number_parts(templates[unit.pk], unit, document.document_number)
        if parsed:
            key = (unit.pk, parsed[0])
            highest[key] = max(highest.get(key, 0), parsed[1])
    now = timezone.now()
    for (unit_id, year), seq in highest.items():
        sequence, _created = NumberSequence.objects.get_or_create(
            unit_id=unit_id, doc_type=DOCUMENT_NUMBER, year=year
        )
        NumberSequence.objects.filter(pk=sequence.pk, last__lt=seq).update(last=seq, updated_at=now)


FULLTEXT_KIND = "normative.document"


def fulltext_document(document: NormativeDocument):
    """The full-text entry of a published document, as ``document_index`` writes it (public; filters:
    organ, organ name, year, status) — for the bulk ``reindex``."""
    from fazhi.fulltext.services import Document

    return Document(
        obj_id=document.pk,
        unit=document.unit_id,
        title=document.title,
        body="\n".join(p for p in (document.document_number, document.body, document.interpretation) if p),
        filters={
            "status": document.status,
            "year": document.published_on.year if document.published_on else None,
            "organ": str(document.unit_id),
            "organ_name": document.unit.name,
        },
        public=True,
        date=document.published_on,
    )


def _attach_originals(actor, documents, rows, files: dict[str, bytes]) -> None:
    """The uploaded text files, kept as the documents' attachments (the original 正文)."""
    from fazhi.attachments.services import attachment_add

    for document, row in zip(documents, rows, strict=True):
        name = _norm_name(row.get("body_file", ""))
        if name and name in files:
            attachment_add(
                actor=actor,
                record=document,
                file=File(io.BytesIO(files[name]), name=name),
                description=_("导入的正文文件"),
            )


def index_documents(documents) -> None:
    """Add the imported documents to the full-text index through the document services' own
    ``document_index`` (published: public; never an unpublished one)."""
    from fazhi.normative.services import document_index

    for document in documents:
        document_index(document)


def reindex_all() -> int:
    """Rebuild the whole normative index from the published documents in one bulk call (the demo)."""
    from fazhi.fulltext.services import reindex

    published = NormativeDocument.objects.filter(
        status__in=[*IN_FORCE, *ENDED], published_on__isnull=False
    ).select_related("unit")
    return reindex(kind=FULLTEXT_KIND, documents=(fulltext_document(d) for d in published.iterator()))


def save_rows(*, actor, rows, progress):
    documents_import(actor=actor, rows=rows, progress=progress)


# --- the upload: a .zip, or the .xlsx and the files ----------------------------------------------


@dataclass
class Bundle:
    workbook: bytes
    workbook_name: str
    files: dict[str, bytes]


def _read_zip(upload) -> Bundle:
    limit = excel_conf.max_uncompressed_bytes()
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise ValidationError(_("压缩包已损坏，无法读取。")) from None
    with archive:
        entries = [
            i for i in archive.infolist() if not i.is_dir() and not _norm_name(i.filename).startswith(".")
        ]
        entries = [i for i in entries if "__MACOSX" not in i.filename]
        if sum(i.file_size for i in entries) > limit:
            raise ValidationError(
                _("压缩包解压后超过 %(mb)s MB，请分批导入。") % {"mb": limit // (1024 * 1024)}
            )
        if any(i.flag_bits & 0x1 for i in entries):
            raise ValidationError(_("压缩包已加密，请上传未加密的压缩包。"))
        sheets = [i for i in entries if i.filename.lower().endswith(".xlsx")]
        if len(sheets) != 1:
            raise ValidationError(
                _("压缩包中应有且只有一个登记表（.xlsx），实际有 %(n)s 个。") % {"n": len(sheets)}
            )
        files: dict[str, bytes] = {}
        for info in entries:
            if info is sheets[0]:
                continue
            name = _norm_name(info.filename)
            if name in files:
                raise ValidationError(_("压缩包中有重名的文件“%(name)s”。") % {"name": name})
            files[name] = archive.read(info)
        return Bundle(archive.read(sheets[0]), _norm_name(sheets[0].filename), files)


def read_bundle(upload, files=()) -> Bundle:
    """The register and the files from an upload (a .zip, or the .xlsx with ``files``)."""
    name = getattr(upload, "name", "") or ""
    if name.lower().endswith(".zip"):
        if files:
            raise ValidationError(_("上传压缩包时，正文文件应放在压缩包内，不要另外选择。"))
        return _read_zip(upload)
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(_("请上传登记表（.xlsx）或包含登记表和正文文件的压缩包（.zip）。"))
    named: dict[str, bytes] = {}
    for item in files:
        key = _norm_name(item.name)
        if key in named:
            raise ValidationError(_("选择了两个同名的文件“%(name)s”。") % {"name": key})
        named[key] = item.read()
    return Bundle(upload.read(), _norm_name(name), named)


def import_with_files(*, actor, upload, files=()) -> ImportResult:
    """Validate every row (with its file) and save all or none; never raises for a bad upload."""
    register = get_register(REGISTER_KEY)
    try:
        bundle = read_bundle(upload, files)
    except ValidationError as exc:
        return ImportResult(register=register, refused="；".join(exc.messages))
    token = _FILES.set(bundle.files)
    try:
        return run_import(
            register,
            io.BytesIO(bundle.workbook),
            actor=actor,
            size=len(bundle.workbook),
            filename=bundle.workbook_name,
        )
    finally:
        _FILES.reset(token)


__all__ = [
    "IN_FORCE",
    "DocumentImportForm",
    "documents_import",
    "import_with_files",
    "index_documents",
    "read_bundle",
]
