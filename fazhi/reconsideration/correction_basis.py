"""The 纠错率 口径 chosen by FAZHI_RECONSIDERATION_CORRECTION_BASIS (RULES.md §1.7; docs/settings.md).

- ``seed`` (default): the seed reports' 综合纠错率 (撤销＋变更＋确认违法＋确认无效＋责令履行＋终止)÷审结 — the
  catalog's formula, which reproduces 南海 2016–2018 (27.8%, 26.6%, 40.5%).
- ``self_corrected``: the local systems' 综合纠错率 (直接纠错＋调解终止)÷结案: of the terminations only those after
  the respondent's own correction count, and 调解 (调解书, 第七十三条) is added — RULES.md §1.6 marks 调解 and
  终止 as "local 综合纠错率 only". 和解后撤回 is not counted: it is a settlement, not a correction.
- ``national``: the 司法部 statistic (撤销＋变更＋确认违法＋责令履行)÷办结的受理案件. 确认无效 (第六十七条, new in
  2023) is a correcting decision too (RULES.md §1.6) and is counted. The denominator is the cases decided after
  acceptance ("符合法定受理条件依法作出复议决定"): 驳回申请 (第三十三条: acceptance conditions not met),
  调解 and 终止 are left out (``reconsideration.decided_on_merits``).

FAZHI_METRIC_FORMULAS, where it names ``reconsideration.correction_rate``, still wins over this setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from fazhi.metrics.catalog import CORRECTION_NUMERATOR, DIRECT_CORRECTION_NUMERATOR
from fazhi.metrics.registry import Formula, configured_formulas, formula_for, get_metric

SETTING = "FAZHI_RECONSIDERATION_CORRECTION_BASIS"
RATE_KEY = "reconsideration.correction_rate"
_RC = "reconsideration."


@dataclass(frozen=True)
class Basis:
    code: str
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


BASES: dict[str, Basis] = {
    "seed": Basis("seed", "年度报告口径", CORRECTION_NUMERATOR, (_RC + "closed",)),
    "self_corrected": Basis(
        "self_corrected",
        "调解及自行纠正后终止口径",
        (*DIRECT_CORRECTION_NUMERATOR, _RC + "mediated", _RC + "terminated_self_corrected"),
        (_RC + "closed",),
    ),
    "national": Basis(
        "national",
        "司法部全国统计口径",
        DIRECT_CORRECTION_NUMERATOR,
        (_RC + "decided_on_merits",),
    ),
}
DEFAULT = "seed"


def basis_code() -> str:
    return getattr(settings, SETTING, DEFAULT) or DEFAULT


def current_basis() -> Basis | None:
    """The basis the setting names; None for an unknown value (``manage.py check`` refuses it)."""
    return BASES.get(basis_code())


def chosen_formula() -> Formula | None:
    """The formula for ``formula_for``: None for ``seed`` (the catalog's own) or an unknown value."""
    basis = current_basis()
    if basis is None or basis.code == DEFAULT:
        return None
    return Formula(basis.numerator, basis.denominator, configured=True, name=basis.name)


def basis_label() -> str:
    """How pages name the 口径 in force: 年度报告口径 / 司法部全国统计口径 / 本地设置（FAZHI_METRIC_FORMULAS）."""
    if RATE_KEY in configured_formulas():
        return "本地设置口径（FAZHI_METRIC_FORMULAS）"
    basis = current_basis()
    return basis.name if basis else basis_code()


def describe() -> str:
    """The 口径 in words with its name: （撤销＋…＋终止）÷审结〔年度报告口径〕."""
    formula = formula_for(get_metric(RATE_KEY))
    text = formula.text() if formula else ""
    return text if (formula and formula.name) else f"{text}〔{basis_label()}〕"
