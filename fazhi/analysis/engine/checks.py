"""Checks of the figures, each a finding with the quotes behind it.

* sums: components that should add up to their total (RULES.md §1.6 decision types → closed;
  received = accepted + not accepted + other handling; certificates new + renewed + replaced = total);
* rates: a stated rate against the rate computed from the stated counts, naming the 口径 that
  reproduces it (RULES.md §1.7 for 纠错率);
* restated: a figure a later report gives for an earlier year that differs from the earlier report;
* implausible: percentages above 100, a part larger than its whole.
"""

from __future__ import annotations

from .model import Figure, Finding, Report

RC = "reconsideration."
DECISIONS = [RC + k for k in (
    "upheld", "rejected", "revoked", "changed", "confirmed_illegal", "confirmed_invalid", "ordered_perform",
    "terminated", "mediated",
)]  # fmt: skip
SUMS = [
    # total, components, description, components that count only when the first-named is absent
    (RC + "closed", DECISIONS, "各类复议决定与终止之和应等于审结（办结）数", {RC + "withdrawn": RC + "terminated"}),
    (RC + "received", [RC + "accepted", RC + "not_accepted", RC + "other_handling"],
     "受理、不予受理与作其他处理之和应等于收到的申请数", {}),
    ("enforcement.certificates_total",
     ["enforcement.certificates_new", "enforcement.certificates_renewed", "enforcement.certificates_replaced"],
     "新证申领、年审换证与换发新证之和应等于换发证总数", {}),
]  # fmt: skip
PARTS_OF = [  # (part, whole): the part cannot exceed the whole
    (RC + "accepted", RC + "received"),
    (RC + "closed", RC + "received"),
    ("mediation.success", "mediation.cases"),
    ("enforcement.cross_dept_tasks", "enforcement.random_inspection_tasks"),
    ("litigation.lost", "litigation.cases"),
]
CORRECTION_FORMULAS = [
    ("综合纠错率（撤销＋变更＋确认违法＋确认无效＋责令履行＋全部终止）÷审结",
     [RC + k for k in ("revoked", "changed", "confirmed_illegal", "confirmed_invalid", "ordered_perform", "terminated")],
     [RC + "closed"]),
    ("直接纠错率（撤销＋变更＋确认违法＋确认无效＋责令履行）÷审结",
     [RC + k for k in ("revoked", "changed", "confirmed_illegal", "confirmed_invalid", "ordered_perform")],
     [RC + "closed"]),
    ("综合纠错率（直接纠错＋调解）÷审结",
     [RC + k for k in ("revoked", "changed", "confirmed_illegal", "confirmed_invalid", "ordered_perform", "mediated")],
     [RC + "closed"]),
    ("纠错率（撤销＋变更＋确认违法＋责令履行＋全部终止）÷受理",
     [RC + k for k in ("revoked", "changed", "confirmed_illegal", "confirmed_invalid", "ordered_perform", "terminated")],
     [RC + "accepted"]),
]  # fmt: skip


def _q(f: Figure, report: Report) -> dict:
    return {"quote": f.quote, "start": f.quote_start, "end": f.quote_end, "figure_start": f.start,
            "figure_end": f.end, "report": f"{report.government}{report.year or ''}", "value": f.value,
            "unit": f.unit, "metric": f.metric}  # fmt: skip


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def stated(report: Report) -> dict[str, Figure]:
    return {f.metric: f for f in report.figures if f.keyed and f.period not in ("previous_year", "change")}


def tolerance(value) -> float:
    """Half a unit of the last decimal written: 40.5 → 0.05, 26 → 0.5."""
    text = _fmt(value)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10**-decimals + 1e-9


def check_report(report: Report) -> list[Finding]:
    from .catalog import label_of, metric

    figs = stated(report)
    out: list[Finding] = []
    for total_key, components, what, substitutes in SUMS:
        total = figs.get(total_key)
        present = [figs[k] for k in components if k in figs]
        for sub, main in substitutes.items():
            if main not in figs and sub in figs:
                present.append(figs[sub])
        if total is None or len(present) < 2:
            continue
        s = sum(f.value for f in present)
        names = "＋".join(f"{label_of(f.metric)}{_fmt(f.value)}" for f in present)
        if abs(s - total.value) < 1e-9:
            out.append(Finding("sum", "ok", f"{what}：{names}＝{_fmt(s)}，与{label_of(total_key)}{_fmt(total.value)}一致。",
                               total_key, [_q(f, report) for f in [total, *present]]))  # fmt: skip
        else:
            diff = total.value - s
            out.append(Finding(
                "sum", "warning",
                f"{what}：{names}＝{_fmt(s)}，而{label_of(total_key)}为{_fmt(total.value)}，相差{_fmt(abs(diff))}"
                f"（{'有未列明的类别' if diff > 0 else '分项之和超过总数'}）。",
                total_key, [_q(f, report) for f in [total, *present]],
            ))  # fmt: skip
    # stated rates against their counts
    for key, f in figs.items():
        m = metric(key)
        if m is None or not m.is_rate:
            continue
        if key == RC + "correction_rate":
            formulas = CORRECTION_FORMULAS
        else:
            formulas = [(f"{label_of(key)}（{'＋'.join(label_of(k) for k in m.numerator)}÷{'＋'.join(label_of(k) for k in m.denominator)}）",
                         list(m.numerator), list(m.denominator))]  # fmt: skip
        tried = []
        reproduced = None
        for name, num_keys, den_keys in formulas:
            if not all(k in figs for k in den_keys):
                continue
            nums = [figs[k] for k in num_keys if k in figs]
            if not nums:
                continue
            den = sum(figs[k].value for k in den_keys)
            if not den:
                continue
            value = 100.0 * sum(n.value for n in nums) / den
            tried.append((name, value, nums, [figs[k] for k in den_keys]))
            if abs(value - f.value) <= tolerance(f.value) and reproduced is None:
                reproduced = tried[-1]
        if reproduced:
            name, value, nums, dens = reproduced
            out.append(Finding(
                "rate", "ok",
                f"所述{label_of(key)}{_fmt(f.value)}%可由所述数字按口径“{name}”算出：{value:.2f}%。",
                key, [_q(x, report) for x in [f, *nums, *dens]], name,
            ))  # fmt: skip
        elif tried:
            name, value, nums, dens = tried[0]
            out.append(Finding(
                "rate", "warning",
                f"所述{label_of(key)}{_fmt(f.value)}%无法由所述数字按任何已知口径算出（按“{name}”为{value:.2f}%）。",
                key, [_q(x, report) for x in [f, *nums, *dens]], name,
            ))  # fmt: skip
    # implausible values
    for f in report.figures:
        if f.unit == "%" and f.period != "change" and isinstance(f.value, (int, float)) and f.value > 100:
            out.append(Finding("implausible", "error", f"比率{_fmt(f.value)}%超过100%，不合常理。", f.metric,
                               [_q(f, report)]))  # fmt: skip
    for part, whole in PARTS_OF:
        if part in figs and whole in figs and figs[part].value > figs[whole].value:
            p, w = figs[part], figs[whole]
            out.append(Finding(
                "implausible", "error",
                f"{label_of(part)}{_fmt(p.value)}大于{label_of(whole)}{_fmt(w.value)}，不合常理（请核对原文或口径）。",
                part, [_q(p, report), _q(w, report)],
            ))  # fmt: skip
    return out


def check_across(reports: list[Report]) -> None:
    """A later report's figure for the previous year against that year's own report (same government)."""
    from .catalog import label_of

    by_key = {(r.government, r.year): r for r in reports if r.year}
    for r in reports:
        for f in r.figures:
            if f.period != "previous_year" or not f.metric or f.metric.startswith("other:") or not r.year:
                continue
            earlier = by_key.get((r.government, r.year - 1))
            if earlier is None:
                continue
            own = stated(earlier).get(f.metric)
            if own is None:
                continue
            same = abs(own.value - f.value) <= max(tolerance(own.value), tolerance(f.value))
            finding = Finding(
                "restated", "ok" if same else "warning",
                f"{r.year}年报告所述上年{label_of(f.metric)}为{_fmt(f.value)}{f.unit}，"
                + (f"与{earlier.year}年报告所述{_fmt(own.value)}{own.unit}一致。" if same else
                   f"而{earlier.year}年报告所述为{_fmt(own.value)}{own.unit}，前后不一致。"),
                f.metric, [_q(f, r), _q(own, earlier)],
            )  # fmt: skip
            r.findings.append(finding)


def carried_over(reports: list[Report]) -> None:
    """A clause stated word for word, with the same number, in the same government's reports for two
    consecutive years cannot be told apart as either year's figure (one of them is carried-over text):
    both are kept as free figures and the repetition is reported for a person to settle."""
    import re

    from .catalog import label_of

    def core(text):
        return re.sub(r"[^\u4e00-\u9fff0-9.%]", "", text)

    by_key = {(r.government, r.year): r for r in reports if r.year}
    for r in reports:
        earlier = by_key.get((r.government, (r.year or 0) - 1))
        if earlier is None:
            continue
        previous = {(core(f.quote), f.value, f.unit): f for f in earlier.figures if len(core(f.quote)) >= 15}
        for f in r.figures:
            old = previous.get((core(f.quote), f.value, f.unit))
            if old is None or not (f.keyed or old.keyed):
                continue
            key = f.metric if f.keyed else old.metric
            for fig in (f, old):
                if fig.keyed:
                    fig.metric = "other:" + fig.metric
                    fig.note = (
                        fig.note + "；" if fig.note else ""
                    ) + "相邻年度报告同句同数，无法确定属于哪一年，未计入"
            r.findings.append(Finding(
                "carried_over", "warning",
                f"{earlier.year}年与{r.year}年报告都写有“{f.quote}”，{label_of(key)}同为{_fmt(f.value)}{f.unit}，"
                f"其中一份疑为沿用旧文，请人工核实；此数字暂不计入任一年度。",
                key, [_q(old, earlier), _q(f, r)],
            ))  # fmt: skip
