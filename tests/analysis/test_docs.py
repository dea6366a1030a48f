"""docs/analysis.md lists every rule of the rules table (it is the documented mapping)."""

from __future__ import annotations

from pathlib import Path

from fazhi.analysis.engine.subjects import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_every_rule_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.key}`" in text
        if rule.before:
            assert rule.before.replace("|", "\\|") in text, rule.key
        if rule.after:
            assert rule.after.replace("|", "\\|") in text, rule.key
