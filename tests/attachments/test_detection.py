"""Type by content, extension against content, size limit and SHA-256 (no database needed)."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.attachments.detection import check_upload, clean_name
from tests.attachments import files

ALLOWED = (
    "PDF、OFD、Word 97-2003（DOC）、Word（DOCX）、Excel 97-2003（XLS）、"
    "Excel（XLSX）、JPG、PNG、纯文本（TXT）、CSV"
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        check_upload(upload(name, content))
    assert len(exc.value.messages) == 1
    return exc.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content", "key", "mime"),
    [
        ("决定书.pdf", files.pdf(), "pdf", "application/pdf"),
        ("现场照片.png", files.png(), "png", "image/png"),
        ("现场照片.JPG", files.jpg(), "jpg", "image/jpeg"),
        ("现场照片.jpeg", files.jpg(), "jpg", "image/jpeg"),
        (
            "意见书.docx",
            files.docx(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "台账.xlsx",
            files.xlsx(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("电子公文.ofd", files.ofd(), "ofd", "application/ofd"),
        ("旧文书.doc", files.ole("WordDocument"), "doc", "application/msword"),
        ("旧台账.xls", files.ole("Workbook"), "xls", "application/vnd.ms-excel"),
        ("说明.txt", files.text(), "txt", "text/plain"),
        ("名单.csv", files.text("姓名,证号\n张三,123\n"), "csv", "text/csv"),
        ("名单（GBK）.csv", files.text("姓名,证号\n张三,123\n", "gb18030"), "csv", "text/csv"),
        ("说明（UTF-16）.txt", files.text("说明", "utf-16"), "txt", "text/plain"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, key, mime):
    checked = check_upload(upload(name, content))
    assert (checked.name, checked.file_type.key, checked.file_type.mime, checked.size) == (
        name,
        key,
        mime,
        len(content),
    )
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_sha256_is_the_exact_digest_of_the_content():
    assert check_upload(upload("abc.txt", b"abc")).sha256 == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_sha256_of_a_file_larger_than_one_chunk():
    content = b"0123456789abcdef" * (3 * 1024 * 1024 // 16 + 7)  # three chunks and a bit, as text
    checked = check_upload(File(io.BytesIO(content), name="大文件.txt"))
    assert (checked.size, checked.sha256) == (len(content), hashlib.sha256(content).hexdigest())


def test_a_text_file_named_pdf_is_refused():
    assert refusal("伪造的决定书.pdf", b"This is not a PDF at all.\n") == (
        "文件“伪造的决定书.pdf”的扩展名 .pdf 与其实际内容（纯文本）不符，未保存。"
        "请确认文件没有被改名，或改用正确的扩展名后再上传。"
    )


def test_an_executable_renamed_pdf_is_refused():
    assert refusal("通知.pdf", files.exe()) == (
        f"文件“通知.pdf”的实际内容是Windows 可执行程序，不允许上传。允许的类型：{ALLOWED}。"
    )


def test_a_pdf_named_docx_is_refused():
    assert refusal("意见书.docx", files.pdf()) == (
        "文件“意见书.docx”的扩展名 .docx 与其实际内容（PDF）不符，未保存。"
        "请确认文件没有被改名，或改用正确的扩展名后再上传。"
    )


def test_a_docx_named_xlsx_is_refused():
    message = refusal("台账.xlsx", files.docx())
    assert message.startswith("文件“台账.xlsx”的扩展名 .xlsx 与其实际内容（Word（DOCX））不符")


def test_a_word_document_with_macros_is_refused():
    assert refusal("意见书.docx", files.docx(macro=True)) == (
        "文件“意见书.docx”含有宏（VBA 代码），为安全起见不允许上传；请另存为不含宏的 Word 或 Excel 文件。"
    )


def test_a_zip_archive_is_refused_by_default_and_allowed_by_setting(settings):
    assert refusal("材料.zip", files.plain_zip()) == (
        f"文件“材料.zip”的实际内容是ZIP 压缩包，不允许上传。允许的类型：{ALLOWED}。"
    )
    settings.FAZHI_ATTACHMENT_TYPES = [*settings.FAZHI_ATTACHMENT_TYPES, "zip"]
    assert check_upload(upload("材料.zip", files.plain_zip())).file_type.key == "zip"


def test_unknown_binary_content_is_refused():
    assert (
        refusal("数据.bin", b"\x00\x01\x02\x03" * 100)
        == f"文件“数据.bin”的内容不是允许上传的类型。允许的类型：{ALLOWED}。"
    )


def test_a_broken_zip_is_refused():
    assert refusal("意见书.docx", files.docx()[:60]) == "文件“意见书.docx”已损坏，无法读取。"


def test_a_file_without_extension_is_refused_with_a_suggestion():
    assert (
        refusal("扫描件", files.pdf())
        == "文件“扫描件”没有扩展名，其实际内容是PDF，请加上扩展名 .pdf 后再上传。"
    )


def test_an_empty_file_is_refused():
    assert refusal("空白.txt", b"") == "文件“空白.txt”是空文件，未保存。"


def test_the_size_limit_from_the_declared_size(settings):
    settings.FAZHI_ATTACHMENT_MAX_MB = 1
    assert check_upload(upload("刚好.txt", b"a" * (1024 * 1024))).size == 1024 * 1024
    assert (
        refusal("超限.txt", b"a" * (1024 * 1024 + 1))
        == "文件“超限.txt”大小为 1.0 MB，超过上限 1 MB，未保存。"
    )


def test_the_size_limit_while_reading_when_no_size_is_declared(settings):
    settings.FAZHI_ATTACHMENT_MAX_MB = 1

    class Unsized(io.BytesIO):
        name = "超限.txt"

    with pytest.raises(ValidationError) as exc:
        check_upload(Unsized(b"a" * (1024 * 1024 + 1)))
    assert exc.value.messages == ["文件“超限.txt”超过上限 1 MB，未保存。"]


def test_names_lose_folders_and_control_characters():
    assert clean_name("C:\\Users\\张三\\桌面\\决定书.pdf") == "决定书.pdf"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("决定\x00书\r\n.pdf") == "决定书.pdf"
    assert clean_name("") == "未命名文件"


def test_an_opendocument_file_is_named_in_the_refusal():
    content = files._zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
    )
    assert refusal("意见书.odt", content) == (
        f"文件“意见书.odt”的实际内容是OpenDocument 文本，不允许上传。允许的类型：{ALLOWED}。"
    )
