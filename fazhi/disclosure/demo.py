"""Demo step: last year's 政府信息公开 tables for the demo county's government and several departments,
with figures of realistic size that satisfy every cross-check (each column of 表三 balances, totals
are sums). Deterministic: the step's seeded generator. The county's table is confirmed, the others
are left 填报中. The county's 表二 takes the platform's own figures where it has them (用平台数据填入:
行政规范性文件 from the normative documents, once that module's step has run)."""

from __future__ import annotations

from fazhi.core.demo import register_demo_step
from fazhi.disclosure.tables import T3_APPLICANTS, T3_RESULTS

#: unit code → (本年新收, 上年结转, 表二 figures, 复议/诉讼 counts)
UNITS = {
    "qh": (
        86, 4,
        {"t2.normative.issued": 9, "t2.normative.repealed": 3, "t2.normative.in_force": 57,
         "t2.licensing.decisions": 0, "t2.penalty.decisions": 0, "t2.coercion.decisions": 0,
         "t2.fees.amount": "0"},
        (3, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0),
    ),
    "qh-zrj": (
        64, 3,
        {"t2.normative.issued": 2, "t2.normative.in_force": 11, "t2.licensing.decisions": 412,
         "t2.penalty.decisions": 57, "t2.coercion.decisions": 4, "t2.fees.amount": "326.4812"},
        (2, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    ),
    "qh-zjj": (
        31, 1,
        {"t2.normative.issued": 1, "t2.normative.repealed": 1, "t2.normative.in_force": 8,
         "t2.licensing.decisions": 968, "t2.penalty.decisions": 23, "t2.fees.amount": "41.07"},
        (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ),
    "qh-gaj": (
        18, 0,
        {"t2.licensing.decisions": 5621, "t2.penalty.decisions": 3310, "t2.coercion.decisions": 146,
         "t2.fees.amount": "12.345"},
        (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ),
    "qh-rsj": (
        12, 0,
        {"t2.normative.issued": 1, "t2.normative.in_force": 6, "t2.licensing.decisions": 233,
         "t2.penalty.decisions": 2},
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ),
    "qh-scj": (
        27, 2,
        {"t2.normative.in_force": 3, "t2.licensing.decisions": 3874, "t2.penalty.decisions": 402,
         "t2.coercion.decisions": 31, "t2.fees.amount": "0.86"},
        (1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0),
    ),
}  # fmt: skip
CONFIRMED = ("qh", "qh-zrj", "qh-zjj")
PREFILLED = "qh"

#: how applications split among applicants, and among the results under 三 (rough shares seen in
#: published county reports: most are individuals; about half disclosed, many 本机关不掌握)
APPLICANT_WEIGHTS = {
    "natural": 84,
    "commercial": 9,
    "research": 1,
    "nonprofit": 1,
    "legal_service": 3,
    "other": 2,
}
RESULT_WEIGHTS = {
    "disclosed": 46, "partly": 9, "secret": 1, "prohibited": 1, "security": 1, "third_party": 3, "internal": 1,
    "process": 2, "enforcement_file": 1, "inquiry": 2, "not_held": 17, "needs_creation": 2, "unclear": 2,
    "petition": 3, "repeated": 3, "publication": 1, "excessive": 1, "confirmation": 1, "no_correction": 2,
    "no_payment": 0, "other_handling": 1,
}  # fmt: skip
T4_CODES = [
    f"t4.{g}.{c}"
    for g in ("review", "direct", "after_review")
    for c in ("upheld", "corrected", "other", "pending")
]


def split(rng, total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` shared out by ``weights``, one by one at random (deterministic for a seeded rng)."""
    keys = [k for k, w in weights.items() if w > 0]
    counts = dict.fromkeys(weights, 0)
    for key in rng.choices(keys, weights=[weights[k] for k in keys], k=total):
        counts[key] += 1
    return counts


def table_values(rng, new: int, carried: int, table2: dict, table4: tuple) -> dict:
    """Typed cells of one table that satisfy every check: per applicant column, the new and carried
    applications are either handled (split among the results) or carried over."""
    values: dict = dict(table2)
    new_by = split(rng, new, APPLICANT_WEIGHTS)
    carried_by = split(rng, carried, APPLICANT_WEIGHTS)
    for column, _label in T3_APPLICANTS:
        received = new_by[column] + carried_by[column]
        carried_over = min(received, rng.choice((0, 0, 0, 1, 1, 2))) if received else 0
        results = split(rng, received - carried_over, RESULT_WEIGHTS)
        values[f"t3.new.{column}"] = new_by[column]
        values[f"t3.carried.{column}"] = carried_by[column]
        values[f"t3.carried_over.{column}"] = carried_over
        for code, _label2, _group in T3_RESULTS:
            if code != "handled":
                values[f"t3.{code}.{column}"] = results[code]
    values.update(zip(T4_CODES, table4, strict=True))
    return values


def build_disclosure_tables(context) -> None:
    from fazhi.disclosure.services import report_confirm, report_create, report_prefill

    year = context.previous_year
    for code, (new, carried, table2, table4) in UNITS.items():
        unit = context.units.get(code)
        if unit is None:
            continue
        values = table_values(context.rng, new, carried, table2, table4)
        report = report_create(actor=context.actor, unit=unit, year=year, values=values)
        if code == PREFILLED:
            report_prefill(actor=context.actor, report=report)
        if code in CONFIRMED:
            report_confirm(actor=context.actor, report=report)


register_demo_step("disclosure.tables", 450, build_disclosure_tables)
