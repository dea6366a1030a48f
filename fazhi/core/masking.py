"""Masking of personal identifiers for lists, logs and exports."""

from __future__ import annotations


def mask(value: str | None, keep_start: int = 3, keep_end: int = 4) -> str:
    """``110105199001011234`` → ``110***********1234``; short values are masked entirely."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_id_number(value: str | None) -> str:
    return mask(value, 3, 4)


def mask_phone(value: str | None) -> str:
    return mask(value, 3, 4)
