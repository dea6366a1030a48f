"""The metric catalog as the engine needs it (fazhi/metrics/catalog.py, importable without Django set up)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _catalog() -> dict:
    from fazhi.metrics.catalog import CATALOG

    return {m.key: m for m in CATALOG}


def metric(key: str):
    return _catalog().get(key)


def unit_of(key: str) -> str:
    m = metric(key)
    return m.unit if m else ""


def label_of(key: str) -> str:
    m = metric(key)
    return str(m.label) if m else key.removeprefix("other:")


def rate_with_numerator(key: str) -> str:
    for m in _catalog().values():
        if m.is_rate and m.numerator == (key,):
            return m.key
    return ""
