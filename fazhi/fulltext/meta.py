"""Filter values as index tokens (SQLite's ``meta_tokens`` column) and the rank key."""

from __future__ import annotations

import datetime
import uuid

_PREFIX = {
    "kind": "k",
    "public": "p",
    "organ": "o",
    "organ_name": "n",
    "year": "y",
    "status": "s",
    "unit": "u",
}


def meta_token(name: str, value) -> str:
    """A token of letters and digits only: the value in hex behind a one-letter prefix."""
    if name == "public":
        return "p1" if value else "p0"
    if name == "unit":
        return "u" + (value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex)
    return _PREFIX[name] + str(value).encode().hex()


def sort_key(date: datetime.date | None, object_id: uuid.UUID) -> int:
    """Newest date largest; undated smallest; on one date, the smaller object id larger.

    Fits a signed 64-bit integer (the largest date ordinal is under 2**22).
    """
    day = date.toordinal() if date else 0
    return day * 2**32 + (0xFFFFFFFF - int(object_id.hex[:8], 16))
