"""Builders of .xlsx files (good and bad) for the Excel engine's tests."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from fazhi.core.validators import _ID_CHECK, _ID_WEIGHTS

USER_HEADERS = ["用户名", "姓名", "职务", "手机号", "身份证号", "电子邮箱", "单位代码", "角色", "初始密码"]
PASSWORD = "Qinghe2026start"


def id_number(n: int) -> str:
    """A valid 18-digit 身份证号 (GB 11643 check digit) for sequence ``n``."""
    body = f"110105199001{n % 10000:04d}{n // 10000 % 10}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + _ID_CHECK[total % 11]


def user_row(n: int, unit_code: str = "qh-scj", role: str = "经办人") -> list:
    return [
        f"import{n:05d}",
        f"导入用户{n}",
        "科员",
        f"139{n:08d}",
        id_number(n),
        f"import{n}@example.gov.cn",
        unit_code,
        role,
        PASSWORD,
    ]


def workbook_bytes(rows: list[list], *, headers=USER_HEADERS, sheet: str = "用户", setup=None) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    if headers is not None:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    if setup is not None:
        setup(ws)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read_sheet(content: bytes, sheet: str | None = None):
    workbook = load_workbook(io.BytesIO(content))
    return workbook[sheet] if sheet else workbook.worksheets[0]


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
