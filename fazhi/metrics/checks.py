"""System checks of the metric catalog: every rate's 口径 names metrics that exist and can be summed,
and every model counted by register_count/register_sum has the index its counts need."""

from __future__ import annotations

from django.core import checks


@checks.register()
def check_metric_formulas(app_configs=None, **kwargs):
    from fazhi.metrics.registry import all_metrics, configured_formulas, formula_problems

    errors = []
    for metric in all_metrics():
        if metric.is_rate and metric.numerator:
            for problem in formula_problems(metric.key, metric.numerator, metric.denominator):
                errors.append(checks.Error(problem, obj="fazhi.metrics.catalog", id="metrics.E001"))
        if metric.alias_of and metric.alias_of not in {m.key for m in all_metrics()}:
            errors.append(
                checks.Error(
                    f"{metric.key}：别名指向的 {metric.alias_of} 不在目录中",
                    obj="fazhi.metrics.catalog",
                    id="metrics.E001",
                )
            )
    formulas = configured_formulas()
    if not isinstance(formulas, dict):
        return [
            *errors,
            checks.Error(
                "FAZHI_METRIC_FORMULAS 应为 JSON 对象：{指标键: {numerator: [...], denominator: [...]}}",
                id="metrics.E002",
            ),
        ]
    for key, formula in formulas.items():
        if not isinstance(formula, dict):
            errors.append(
                checks.Error(
                    f"FAZHI_METRIC_FORMULAS[{key}] 应为含 numerator、denominator 的对象", id="metrics.E002"
                )
            )
            continue
        for problem in formula_problems(key, formula.get("numerator"), formula.get("denominator")):
            errors.append(checks.Error(f"FAZHI_METRIC_FORMULAS：{problem}", id="metrics.E002"))
    return errors


def _indexed(model, fields: tuple[str, ...]) -> bool:
    """An index (or unique constraint) of ``model`` that starts with ``fields``."""
    wanted = list(fields)
    candidates = [list(index.fields) for index in model._meta.indexes]
    candidates += [list(c.fields) for c in model._meta.constraints if getattr(c, "fields", None)]
    return any(c[: len(wanted)] == wanted for c in candidates)


@checks.register()
def check_metric_indexes(app_configs=None, **kwargs):
    from fazhi.metrics.registry import computers

    warnings = []
    for key, computer in sorted(computers().items()):
        if (
            computer.model is None
            or not computer.index_fields
            or _indexed(computer.model, computer.index_fields)
        ):
            continue
        fields = ", ".join(computer.index_fields)
        listed = ", ".join(repr(f) for f in computer.index_fields)
        warnings.append(
            checks.Warning(
                f"指标 {key} 按 ({fields}) 统计 {computer.model._meta.label}，"
                "但该模型没有以这些字段开头的索引；百万级记录时统计会从毫秒级变为数秒",
                hint=f"在 {computer.model.__name__}.Meta.indexes 中加入 models.Index(fields=[{listed}, …])，"
                "并把计数条件中的字段放在其后，SQLite 即可只读索引完成计数（docs/metrics.md）。",
                obj=computer.model,
                id="metrics.W001",
            )
        )
    return warnings
