"""Panels other modules add to the home page (e.g. what is due and overdue).

A module registers a function ``build(request) -> dict | None`` returning ``{"template": ..., **context}``;
the function must read through ``restrict()`` like any other page.
"""

from __future__ import annotations

from collections.abc import Callable

_PANELS: list[tuple[int, Callable]] = []


def register_home_panel(order: int = 100):
    def decorate(build: Callable) -> Callable:
        _PANELS.append((order, build))
        _PANELS.sort(key=lambda item: item[0])
        return build

    return decorate


def home_panels() -> list[Callable]:
    return [build for _, build in _PANELS]
