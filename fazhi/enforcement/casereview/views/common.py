"""Helpers the 案卷评查 pages share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from fazhi.core.scoping import ScopeViolation


def case_url(pk) -> str:
    """The case's page when the cases module defines it, else "" (the page then shows the number only)."""
    try:
        return reverse("enforcement_cases:detail", args=[pk])
    except NoReverseMatch:
        return ""


def fail(form, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, ScopeViolation):
        form.add_error(None, str(exc) or "超出您的管辖范围。")
    else:
        form.add_error(None, str(exc))
