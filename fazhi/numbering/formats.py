"""Number templates such as ``{unit_short}复〔{year}〕{seq}号``: validation and rendering.

Only the placeholders below are allowed; ``{seq}`` may be zero-padded (``{seq:03d}`` → 007). A template
must contain ``{year}`` and ``{seq}`` exactly once each: sequences restart every year, so a template
without the year would give the same number twice.
"""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "unit_short": gettext_lazy("单位简称，如“清司”"),
    "unit_code": gettext_lazy("机构代码，如 qh-sfj"),
    "year": gettext_lazy("年度，如 2025"),
    "seq": gettext_lazy("序号，如 7；写作 {seq:03d} 时补零为 007"),
}
TEMPLATE_MAX_LENGTH = 100
NUMBER_MAX_LENGTH = 120
_SEQ_SPEC = re.compile(r"^0[1-9]d$")
_ALLOWED = "、".join(f"{{{name}}}" for name in PLACEHOLDERS)


def _fields(template: str) -> list[tuple[str, str, str | None]]:
    try:
        return [
            (name, spec, conv)
            for _, name, spec, conv in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as exc:
        raise ValidationError(
            _("文号模板的花括号不成对：占位符写作 {year}，要输出花括号本身请写 {{ 或 }}。"), code="braces"
        ) from exc


def validate_template(template: str) -> None:
    """Refuse, in Chinese, anything but the known placeholders; require {year} and {seq} once each."""
    template = template or ""
    if not template.strip():
        raise ValidationError(_("请填写文号模板。"), code="required")
    if len(template) > TEMPLATE_MAX_LENGTH:
        raise ValidationError(
            _("文号模板不能超过 %(n)d 个字符。") % {"n": TEMPLATE_MAX_LENGTH}, code="max_length"
        )
    fields = _fields(template)
    for name, spec, conv in fields:
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            raise ValidationError(
                _("文号模板中有未知的占位符“%(name)s”。可用的占位符：%(allowed)s。")
                % {"name": shown, "allowed": _ALLOWED},
                code="unknown_placeholder",
            )
        if conv is not None or (spec and not (name == "seq" and _SEQ_SPEC.match(spec))):
            raise ValidationError(
                _("占位符“{%(name)s}”的写法不正确：只有序号可以补零，写作 {seq:03d}（0 后为位数，1–9 位）。")
                % {"name": name},
                code="bad_format",
            )
    names = [name for name, _spec, _conv in fields]
    for required in ("year", "seq"):
        count = names.count(required)
        if count != 1:
            raise ValidationError(
                _("文号模板必须包含且只包含一次 {%(name)s}。") % {"name": required}
                if count
                else _("文号模板必须包含 {%(name)s}：序号每年从 1 开始，缺少它会出现重复的文号。")
                % {"name": required},
                code="missing_placeholder",
            )


def render_number(template: str, *, unit, year: int, seq: int) -> str:
    """The number text; ``template`` must have passed :func:`validate_template`."""
    return template.format(unit_short=unit.short_name, unit_code=unit.code, year=year, seq=seq)
