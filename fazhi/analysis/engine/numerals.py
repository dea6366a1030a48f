"""Numbers as reports write them: Arabic (with thousands separators and decimals), Chinese numerals
(一百二十, 两千, 3.5万, 十一, 〇), and the qualifiers around them (余, 多, 近, 约, 以上 …)."""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# a Chinese numeral: at least one digit or 十; 万/亿 only after something
CN_NUMBER = rf"[{''.join(DIGITS)}十][{CN_CHARS}]*"
ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

#: qualifiers written before a number → its meaning
PREFIX_QUALIFIERS = {
    "接近": "近",
    "将近": "近",
    "近": "近",
    "约": "约",
    "大约": "约",
    "超过": "以上",
    "逾": "以上",
    "达到": "",
}
#: qualifiers written between the number and its unit, or after the unit
INNER_QUALIFIERS = ("余", "多")
SUFFIX_QUALIFIERS = ("以上", "以下", "左右")


class NumeralError(ValueError):
    pass


def parse_chinese(text: str) -> int:
    """一百二十 → 120, 两千零五 → 2005, 十一 → 11, 三万五千 → 35000, 一二三 → 123 (digit by digit)."""
    if not text:
        raise NumeralError(text)
    if all(ch in DIGITS for ch in text) and len(text) > 1:  # 二〇一七 read digit by digit
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit = None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = 1
            total += section * BIG_UNITS[ch]
            section = 0
            digit = None
        else:
            raise NumeralError(text)
    return total + section + (digit or 0)


def parse_number(text: str) -> float:
    """Arabic or Chinese, with a trailing 万/亿 multiplier on Arabic numbers ("3.5万")."""
    text = text.strip()
    mult = 1
    if text and text[-1] in BIG_UNITS and re.search(r"\d", text):
        mult = BIG_UNITS[text[-1]]
        text = text[:-1]
    if re.fullmatch(ARABIC_NUMBER, text):
        value = float(text.replace(",", ""))
    else:
        value = float(parse_chinese(text))
    value *= mult
    return int(value) if value == int(value) else value


def as_number(value: float):
    """Whole floats as int, the rest rounded to 4 decimals (no binary noise in output)."""
    if isinstance(value, float) and value == int(value):
        return int(value)
    return round(value, 4) if isinstance(value, float) else value
