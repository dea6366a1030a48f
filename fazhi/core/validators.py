"""Validators for Chinese personal identifiers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_checksum_ok(value: str) -> bool:
    """GB 11643-1999 check digit of an 18-digit citizen identity number."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def validate_id_number(value: str) -> None:
    value = (value or "").upper()
    if not value:
        return
    if not id_number_checksum_ok(value):
        raise ValidationError(_("身份证号格式或校验位不正确（应为 18 位，末位可为 X）。"), code="id_number")


def validate_mobile(value: str) -> None:
    if value and not re.fullmatch(r"1[3-9]\d{9}", value):
        raise ValidationError(_("手机号应为 11 位、以 1 开头的号码。"), code="mobile")
