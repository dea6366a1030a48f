"""统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and 31 letters-less-IOZSV, the last a check character."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(body: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 第5章: 31 − (Σ value×weight mod 31), 31 → 0)."""
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def credit_code_ok(value: str) -> bool:
    if len(value) != 18 or any(ch not in CREDIT_CHARS for ch in value):
        return False
    return credit_check_char(value[:17]) == value[17]


def validate_credit_code(value: str) -> None:
    if len(value) != 18 or any(ch not in CREDIT_CHARS for ch in value):
        raise ValidationError(
            _("统一社会信用代码应为 18 位数字或大写字母（不使用 I、O、Z、S、V）。"), code="credit_code_format"
        )
    if credit_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("统一社会信用代码“%(code)s”的校验码不正确（GB 32100-2015），请核对。") % {"code": value},
            code="credit_code_checksum",
        )
