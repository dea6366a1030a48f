"""Layout arithmetic shared by the .docx and HTML renderers."""

from __future__ import annotations

import unicodedata

#: GB/T 9704-2012 §7.3.5.1: 成文日期一般右空四字编排
DATE_RIGHT_CHARACTERS = 4


def width_in_characters(text: str) -> float:
    """Width in full-width characters: Chinese characters count 1, digits and Latin letters ½."""
    return sum(1 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text)


def signature_indents(signature: str, signed_on: str) -> tuple[float, float]:
    """Right indents, in characters, of the issuing organ's name and of the date (§7.3.5.1): the date
    右空四字, the name centred on the date (never past the right margin when it is the longer line)."""
    if not signed_on:
        return DATE_RIGHT_CHARACTERS, DATE_RIGHT_CHARACTERS
    name = DATE_RIGHT_CHARACTERS + (width_in_characters(signed_on) - width_in_characters(signature)) / 2
    return max(name, 0), DATE_RIGHT_CHARACTERS
