"""Import of existing documents from .xlsx plus their files (.zip, or .xlsx and the files): the round trip
with text extracted and indexed, per-row errors, and refusals that save nothing."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.attachments.models import Attachment
from fazhi.core.models import AuditEvent
from fazhi.excel.registers import get_register
from fazhi.fulltext.models import IndexEntry
from fazhi.normative.choices import DocumentStatus
from fazhi.normative.importing import REGISTER_KEY, import_with_files
from fazhi.normative.models import NormativeDocument

D = datetime.date
pytestmark = pytest.mark.django_db

HEADERS = {c.name: str(c.header) for c in get_register(REGISTER_KEY).import_columns()}


def workbook(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = get_register(REGISTER_KEY).sheet_name
    names = list(HEADERS)
    sheet.append([HEADERS[n] for n in names])
    for row in rows:
        sheet.append([row.get(n) for n in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rows(tree) -> list[dict]:
    return [
        {
            "title": "清河县城镇居民最低生活保障实施办法",
            "document_number": "清政规〔2021〕3号",
            "unit": tree.county.code,
            "kind": "政府规范性文件",
            "status": "已备案",
            "published_on": D(2021, 3, 1),
            "filed_on": D(2021, 3, 20),
            "body_file": "低保办法.docx",
            "interpretation": "解读：低保标准每年调整。",
        },
        {
            "title": "清河县市场监督管理局关于农贸市场管理的暂行规定",
            "document_number": "清市监规〔2019〕1号",
            "unit": tree.dept_a.code,
            "kind": "部门规范性文件",
            "status": "已废止",
            "published_on": D(2019, 5, 6),
            "ended_on": D(2021, 5, 5),
            "ended_reason": "2021年清理废止",
            "body_file": "农贸市场.txt",
        },
    ]


FILES = {
    "低保办法.docx": docx_bytes(
        "第一条 为保障城镇居民基本生活，制定本办法。\n第二条 最低生活保障标准由县人民政府确定。"
    ),
    "农贸市场.txt": "第一条 农贸市场开办者应当建立台账。".encode(),
}


def zip_upload(tree, files=FILES, data=None) -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("登记表.xlsx", data or workbook(rows(tree)))
        for name, content in files.items():
            archive.writestr(f"正文/{name}", content)
    return SimpleUploadedFile("存量文件.zip", out.getvalue(), content_type="application/zip")


def test_zip_round_trip_extracts_text_and_indexes(tree, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_with_files(actor=people.legal, upload=zip_upload(tree))
    assert result.ok, [str(e) for e in result.errors] or result.refused
    assert result.saved == 2
    low = NormativeDocument.objects.get(document_number="清政规〔2021〕3号")
    assert (low.unit, low.status, low.published_on, low.filed_on) == (
        tree.county,
        DocumentStatus.FILED,
        D(2021, 3, 1),
        D(2021, 3, 20),
    )
    assert low.expires_on == D(2026, 2, 28)  # five years from 施行 (= 公布)
    assert "最低生活保障标准由县人民政府确定" in low.body
    old = NormativeDocument.objects.get(document_number="清市监规〔2019〕1号")
    assert (old.status, old.ended_on, old.expires_on) == (
        DocumentStatus.REPEALED,
        D(2021, 5, 5),
        D(2021, 5, 5),
    )  # 暂行: 2 years
    assert old.body == "第一条 农贸市场开办者应当建立台账。"
    assert set(IndexEntry.objects.values_list("object_id", flat=True)) == {low.pk, old.pk}
    assert AuditEvent.objects.filter(object_id=str(low.pk)).count() == 1
    originals = Attachment.objects.filter(object_id=str(low.pk))
    assert [a.original_name for a in originals] == ["低保办法.docx"]


def test_xlsx_with_chosen_files(tree, people):
    upload = SimpleUploadedFile("登记表.xlsx", workbook(rows(tree)))
    files = [SimpleUploadedFile(name, content) for name, content in FILES.items()]
    result = import_with_files(actor=people.legal, upload=upload, files=files)
    assert result.ok and result.saved == 2


def test_a_bad_row_saves_nothing_and_says_where(tree, people):
    data = rows(tree)
    data[1]["ended_on"] = None  # 已废止 without its date
    data[0]["body_file"] = "缺少的文件.docx"
    result = import_with_files(actor=people.legal, upload=zip_upload(tree, data=workbook(data)))
    messages = [str(e) for e in result.errors]
    assert not result.ok and NormativeDocument.objects.count() == 0
    assert any(m.startswith("第 2 行「正文文件」") and "未上传文件“缺少的文件.docx”" in m for m in messages)
    assert any(m.startswith("第 3 行「修改、废止或失效日期」") for m in messages)


def test_unreadable_file_and_duplicate_number_are_row_errors(tree, people):
    from tests.normative import factories as f

    f.document_row(tree.county, document_number="清政规〔2021〕3号")
    files = {**FILES, "农贸市场.txt": b""}
    result = import_with_files(actor=people.legal, upload=zip_upload(tree, files=files))
    messages = [str(e) for e in result.errors]
    assert NormativeDocument.objects.count() == 1
    assert any("已有文号为“清政规〔2021〕3号”的文件" in m for m in messages)
    assert any("无法读取" in m for m in messages)


def test_out_of_scope_organ_is_a_row_error(tree, people):
    result = import_with_files(actor=people.clerk_a, upload=zip_upload(tree))
    assert not result.ok and NormativeDocument.objects.count() == 0
    assert any("「制定机关代码」" in str(e) for e in result.errors)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "请上传登记表"),
        (SimpleUploadedFile("a.zip", b"not a zip"), "压缩包已损坏"),
    ],
)
def test_refused_uploads(tree, people, upload, message):
    result = import_with_files(actor=people.legal, upload=upload)
    assert message in result.refused
    assert NormativeDocument.objects.count() == 0


def test_zip_without_exactly_one_register_is_refused(tree, people):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    result = import_with_files(actor=people.legal, upload=SimpleUploadedFile("a.zip", out.getvalue()))
    assert "应有且只有一个登记表" in result.refused


def test_import_page(tree, people, login):
    client = login(people.legal)
    assert client.get(reverse("normative:import")).status_code == 200
    response = client.post(reverse("normative:import"), {"upload": zip_upload(tree)})
    assert response.status_code == 302
    assert NormativeDocument.objects.count() == 2
    bad = client.post(reverse("normative:import"), {"upload": SimpleUploadedFile("x.csv", b"a,b")})
    assert bad.status_code == 200 and "请上传登记表" in bad.content.decode()


def test_imported_numbers_are_not_issued_again(tree, people):
    from fazhi.normative.doc_types import DOCUMENT_NUMBER
    from fazhi.numbering.models import NumberSequence

    data = rows(tree)
    data[0]["document_number"] = f"{tree.county.short_name}规〔2021〕7号"
    result = import_with_files(actor=people.legal, upload=zip_upload(tree, data=workbook(data)))
    assert result.ok
    assert NumberSequence.objects.get(unit=tree.county, doc_type=DOCUMENT_NUMBER, year=2021).last == 7
