"""Malformed files: each is refused with a clear Chinese message, and nothing changes."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import AuditEvent, Membership, User
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from tests.excel.helpers import USER_HEADERS, user_row, workbook_bytes, zip_bytes

EXPECTED = (
    "表头应与模板一致（用户名、姓名、职务、手机号、身份证号、电子邮箱、单位代码、角色、初始密码），"
    "请勿改动列名。"
)


def state() -> tuple:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count(), last


def refused(client, content: bytes, name: str = "用户.xlsx") -> str:
    before = state()
    response = client.post(reverse("excel:users-import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert state() == before
    message = response.context.get("refused")
    assert message, response.context.get("form").errors if response.context.get("form") else response
    assert message in response.content.decode()
    return message


@pytest.fixture
def client(people, login):
    return login(people.admin)


def good() -> bytes:
    return workbook_bytes([user_row(1)])


def test_a_text_file_renamed(client):
    assert refused(client, "用户名,姓名\nzhangsan,张三\n".encode(), "用户.xlsx") == (
        "文件是文本文件（如 CSV 或改了扩展名的文本），不是 Excel 工作簿（.xlsx）。"
        "请下载本页的模板，填写后直接上传。"
    )


def test_a_csv_in_gbk(client):
    message = refused(client, "用户名,姓名\nzhangsan,张三\n".encode("gbk"), "用户.csv")
    assert message.startswith("文件是文本文件")


def test_random_bytes(client):
    junk = random.Random(7).randbytes(64 * 1024)
    assert refused(client, b"\x00\x01" + junk) == (
        "文件不是 Excel 工作簿（.xlsx），无法读取。请下载本页的模板，填写后直接上传。"
    )


def test_a_zip_that_is_not_a_workbook(client):
    assert refused(client, zip_bytes({"说明.txt": "你好".encode()})) == (
        "文件是普通压缩包（zip），不是 Excel 工作簿（.xlsx）。请下载本页的模板，填写后直接上传。"
    )


def test_a_word_document(client):
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>"
    )
    content = zip_bytes({"[Content_Types].xml": types, "word/document.xml": b"<w:document/>"})
    assert refused(client, content, "报告.xlsx") == (
        "文件不是 Excel 工作簿（可能是 Word、PowerPoint 或 WPS 的其他格式）。"
        "请在 Excel 中“另存为”.xlsx 后再导入。"
    )


def test_a_damaged_zip(client):
    assert refused(client, good()[:2000]) == "文件已损坏，无法作为 Excel 工作簿（.xlsx）打开。"


def test_a_password_protected_workbook(client):
    # An encrypted .xlsx is an OLE compound file with EncryptionInfo and EncryptedPackage streams.
    stream_name = "EncryptedPackage".encode("utf-16-le")
    content = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1000 + stream_name + b"\x00" * 500
    assert refused(client, content) == (
        "文件设置了打开密码（已加密），无法读取。请在 Excel 中取消密码、保存后再导入。"
    )


def test_an_old_xls_file(client):
    content = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2000 + "Workbook".encode("utf-16-le")
    assert refused(client, content, "用户.xls") == (
        "这是旧版 Excel 97-2003 格式（.xls）的文件。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入。"
    )


def test_an_empty_file(client, people):
    before = state()
    response = client.post(reverse("excel:users-import"), {"file": SimpleUploadedFile("用户.xlsx", b"")})
    assert response.context["form"].errors["file"] == ["文件是空的（0 字节），请选择填写好的 Excel 文件。"]
    assert state() == before
    result = run_import(get_register("users"), io.BytesIO(b""), actor=people.admin, size=0)
    assert result.refused == "文件是空的（0 字节），请选择填写好的 Excel 文件。"


def test_the_wrong_sheet(client):
    assert refused(client, workbook_bytes([user_row(1)], sheet="Sheet1")) == (
        "文件中没有名为「用户」的工作表（文件中的工作表：「Sheet1」）。请使用本页下载的模板填写。"
    )


def test_a_missing_required_column(client):
    headers = [h for h in USER_HEADERS if h != "姓名"]
    row = user_row(1)
    del row[1]
    assert refused(client, workbook_bytes([row], headers=headers)) == f"缺少必填的列：「姓名」。{EXPECTED}"


def test_a_renamed_column(client):
    headers = [("手机" if h == "手机号" else h) for h in USER_HEADERS]
    assert refused(client, workbook_bytes([user_row(1)], headers=headers)) == (
        f"表头中有无法识别的列：「手机」（D 列）。{EXPECTED}"
    )


def test_renaming_a_required_column_names_both_problems(client):
    headers = [("登录名" if h == "用户名" else h) for h in USER_HEADERS]
    assert refused(client, workbook_bytes([user_row(1)], headers=headers)) == (
        f"表头中有无法识别的列：「登录名」（A 列）；缺少必填的列：「用户名」。{EXPECTED}"
    )


def test_an_extra_unknown_column(client):
    assert refused(client, workbook_bytes([[*user_row(1), "调入"]], headers=[*USER_HEADERS, "备注"])) == (
        f"表头中有无法识别的列：「备注」（J 列）。{EXPECTED}"
    )


def test_a_repeated_column(client):
    assert refused(client, workbook_bytes([[*user_row(1), "张三"]], headers=[*USER_HEADERS, "姓名"])) == (
        f"表头重复：「姓名」（B 列和 J 列）。{EXPECTED}"
    )


def test_formulas_in_data_cells_are_refused_by_cell(client):
    rows = [user_row(1), user_row(2)]
    rows[1][3] = "=13900000000+2"  # Excel row 3, 手机号
    before = state()
    response = client.post(
        reverse("excel:users-import"), {"file": SimpleUploadedFile("用户.xlsx", workbook_bytes(rows))}
    )
    assert state() == before
    assert [str(e) for e in response.context["errors"]] == ["第 3 行「手机号」为公式，请粘贴为数值"]


def test_merged_cells_in_the_data_area(client):
    rows = [user_row(1), user_row(2)]
    rows[1][6] = None

    def merge(ws):
        ws.merge_cells("G2:G3")

    assert refused(client, workbook_bytes(rows, setup=merge)) == (
        "数据区有合并单元格（G2:G3），从第 2 行起。请取消合并、每个单元格填写完整后再导入。"
    )


def test_merged_header_cells(client):
    def merge(ws):
        ws.merge_cells("A1:B1")

    assert refused(client, workbook_bytes([user_row(1)], setup=merge)) == (
        "表头有合并单元格（A1:B1）。请取消合并，每列一个表头后再导入。"
    )


def test_a_header_without_rows(client):
    assert refused(client, workbook_bytes([])) == (
        "文件中没有数据行：第 1 行是表头，请从第 2 行起每行填写一条记录。"
    )


def test_an_empty_sheet(client):
    assert refused(client, workbook_bytes([], headers=None)) == (
        "工作表「用户」是空的：第 1 行应为表头。请使用本页下载的模板填写。"
    )


def test_more_rows_than_the_limit(client, settings):
    settings.FAZHI_IMPORT_MAX_ROWS = 5
    assert refused(client, workbook_bytes([user_row(n) for n in range(6)])) == (
        "文件有 6 行数据，超过一次导入的上限 5 行。请分成几个文件导入。"
    )


def test_fifty_megabytes_of_junk(client):
    junk = random.Random(50).randbytes(50 * 1024 * 1024)
    assert refused(client, b"PK\x03\x04" + junk) == (
        "文件过大（50.0 MB），导入文件不能超过 30 MB，请分成几个文件导入。"
    )


def test_junk_under_the_size_limit_that_starts_like_a_zip(client):
    junk = random.Random(20).randbytes(2 * 1024 * 1024)
    assert refused(client, b"PK\x03\x04" + junk) == "文件已损坏，无法作为 Excel 工作簿（.xlsx）打开。"


def _with_sheet_xml(writer) -> bytes:
    """A real workbook whose first worksheet's XML is written by ``writer(stream)``."""
    source = zipfile.ZipFile(io.BytesIO(good()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    writer(stream)
            else:
                target.writestr(info.filename, source.read(info.filename))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated(client):
    def bomb(stream):
        stream.write(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        block = b" " * (1024 * 1024)
        for _ in range(420):
            stream.write(block)
        stream.write(b"</sheetData></worksheet>")

    content = _with_sheet_xml(bomb)
    assert len(content) < 2 * 1024 * 1024
    assert refused(client, content) == (
        "文件解压后过大（420.0 MB，上限 400 MB），可能是异常文件，已拒绝。如确需导入，请分成几个文件。"
    )


def test_a_broken_worksheet_xml(client):
    def broken(stream):
        stream.write(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        )

    assert refused(client, _with_sheet_xml(broken)) == (
        "文件已损坏或格式不受支持，无法读取。请在 Excel 中打开后“另存为”Excel 工作簿（.xlsx）再导入。"
    )


def _with_part(name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(good()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info.filename))
        if name not in source.namelist():
            target.writestr(name, data)
    return buffer.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    b'<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    b'<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    b'<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    b'<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
)


def test_entity_expansion_in_the_worksheet_is_refused(client):
    sheet = LAUGHS + (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert refused(client, _with_part("xl/worksheets/sheet1.xml", sheet)) == (
        "文件结构异常（含有 Excel 不会写入的内容），可能是伪造的文件，已拒绝。"
    )


def test_entity_expansion_in_the_workbook_part_is_refused(client):
    source = zipfile.ZipFile(io.BytesIO(good())).read("xl/workbook.xml")
    assert refused(client, _with_part("xl/workbook.xml", LAUGHS + source.split(b"?>", 1)[-1])) == (
        "文件结构异常（含有 Excel 不会写入的内容），可能是伪造的文件，已拒绝。"
    )


def test_entity_expansion_in_shared_strings_is_refused(client):
    strings = LAUGHS + (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    assert refused(client, _with_part("xl/sharedStrings.xml", strings)) == (
        "文件结构异常（含有 Excel 不会写入的内容），可能是伪造的文件，已拒绝。"
    )


def test_a_prolog_that_never_ends_is_refused(client):
    padded = b'<?xml version="1.0"?>' + b"<!--" + b" " * (70 * 1024) + b"-->" + b"<sst/>"
    assert refused(client, _with_part("xl/sharedStrings.xml", padded)) == (
        "文件结构异常（含有 Excel 不会写入的内容），可能是伪造的文件，已拒绝。"
    )
