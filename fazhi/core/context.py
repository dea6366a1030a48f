"""The current request, for the audit trail's client address (set by RequestContextMiddleware)."""

from __future__ import annotations

import contextvars

_current_request: contextvars.ContextVar = contextvars.ContextVar("fazhi_request", default=None)


def set_request(request):
    return _current_request.set(request)


def reset_request(token) -> None:
    _current_request.reset(token)


def current_request():
    return _current_request.get()


def client_ip(request=None) -> str:
    request = request or current_request()
    if request is None:
        return ""
    return (request.META.get("REMOTE_ADDR") or "")[:45]
