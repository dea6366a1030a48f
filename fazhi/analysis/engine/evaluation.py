"""Scoring the extraction against a gold file in the seeds/gold.json format.

Each gold report is matched to the report found in the same file whose span overlaps it most. A figure
is correct when metric key, value and unit all match a gold figure of that report (each gold figure
counts once). Precision and recall are given overall, for catalog-keyed figures, for labelled free
figures (``other:``, matched on value and unit only, since their labels are free text) and per metric
family (the key's prefix). Figures for the previous year (``period = previous_year``) and changes are
not the report's own figures and are left out.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from . import analyze_documents
from .textio import read_path


def _gov_core(name: str) -> str:
    return re.sub(r"人民政府.*$|政府.*$", "", name)


def same_government(found: str, gold: str) -> bool:
    a, b = _gov_core(found), _gov_core(gold)
    return bool(a and b) and (a == b or a.endswith(b) or b.endswith(a) or found == gold)


def _key(f) -> tuple:
    value = round(float(f["value"]), 4)
    return f["metric"], value, f["unit"]


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(gold_path, seeds_dir=None) -> dict:
    gold_path = Path(gold_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    base = Path(seeds_dir) if seeds_dir else gold_path.parent
    files = sorted({g["file"] for g in gold["reports"]})
    analysis = analyze_documents([(name, read_path(base / name)) for name in files], shared=False)
    counts = defaultdict(lambda: Counter(tp=0, fp=0, fn=0))
    reports_out = []
    for g in gold["reports"]:
        candidates = [r for r in analysis.reports if r.source == g["file"]]
        best = max(
            candidates,
            key=lambda r: min(r.end, g["end"]) - max(r.start, g["start"]),
            default=None,
        )
        entry = {
            "file": g["file"],
            "gold": {"government": g["government"], "year": g["year"], "title": g["title"]},
            "found": None,
        }
        gold_figs = [f for f in g["figures"]]
        found_figs = []
        if best is not None and min(best.end, g["end"]) - max(best.start, g["start"]) > 0:
            entry["found"] = {
                "government": best.government,
                "level": best.level,
                "year": best.year,
                "title": best.title,
                "title_inferred": best.title_inferred,
            }
            entry["identity_ok"] = (
                same_government(best.government, g["government"]) and best.year == g["year"]
            )
            found_figs = [
                {"metric": f.metric, "value": f.value, "unit": f.unit, "quote": f.quote}
                for f in best.figures
                if f.metric and f.period not in ("previous_year", "change")
            ]
        else:
            entry["identity_ok"] = False
        # catalog-keyed: exact (metric, value, unit)
        gk = Counter(_key(f) for f in gold_figs if not f["metric"].startswith("other:"))
        fk = Counter(_key(f) for f in found_figs if not f["metric"].startswith("other:"))
        tp = gk & fk
        misses, extras = gk - tp, fk - tp
        for (metric, _v, _u), n in tp.items():
            for bucket in ("keyed", metric.split(".")[0]):
                counts[bucket]["tp"] += n
        for (metric, _v, _u), n in misses.items():
            for bucket in ("keyed", metric.split(".")[0]):
                counts[bucket]["fn"] += n
        for (metric, _v, _u), n in extras.items():
            for bucket in ("keyed", metric.split(".")[0]):
                counts[bucket]["fp"] += n
        # free figures: value and unit
        go = Counter(_key(f)[1:] for f in gold_figs if f["metric"].startswith("other:"))
        fo = Counter(_key(f)[1:] for f in found_figs if f["metric"].startswith("other:"))
        otp = go & fo
        counts["other"]["tp"] += sum(otp.values())
        counts["other"]["fn"] += sum((go - otp).values())
        counts["other"]["fp"] += sum((fo - otp).values())
        entry["missed"] = [list(k) for k in sorted(misses.elements())]
        entry["extra"] = [list(k) for k in sorted(extras.elements())]
        reports_out.append(entry)
    for bucket in ("keyed", "other"):
        counts[bucket]
    total = Counter()
    for b in ("keyed", "other"):
        total.update(counts[b])
    counts["all"] = total

    def row(c):
        return {
            "tp": c["tp"],
            "fp": c["fp"],
            "fn": c["fn"],
            "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
            "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
        }

    families = sorted(k for k in counts if k not in ("keyed", "other", "all"))
    return {
        "reports": reports_out,
        "reports_found": sum(1 for r in reports_out if r["identity_ok"]),
        "reports_expected": len(reports_out),
        "overall": row(counts["all"]),
        "keyed": row(counts["keyed"]),
        "other": row(counts["other"]),
        "families": {f: row(counts[f]) for f in families},
    }
