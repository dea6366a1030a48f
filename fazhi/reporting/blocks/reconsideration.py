"""行政复议: the paragraph as the 南海区 reports write it (seed 2018: “全年共收到行政复议申请918宗，其中受理
898宗、不予受理16宗……综合纠错率40.5%，较上年的27.9%明显上升”)."""

from __future__ import annotations

from fazhi.metrics.registry import formula_for, get_metric
from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import share, token

R = "reconsideration."
DECISIONS = (
    ("撤销", R + "revoked"),
    ("变更", R + "changed"),
    ("确认违法", R + "confirmed_illegal"),
    ("确认无效", R + "confirmed_invalid"),
    ("责令履行法定职责", R + "ordered_perform"),
)


def draft(ctx) -> str:
    paragraphs = []
    if ctx.is_zero(R + "received"):
        intake = "全年未收到行政复议申请"
    else:
        intake = f"全年共收到行政复议申请{token(R + 'received')}"
    split = ctx.clauses(
        [("受理", R + "accepted"), ("不予受理", R + "not_accepted"), ("作其他处理", R + "other_handling")]
    )
    if split:
        intake += f"，其中{split}"
    if ctx.has_previous(R + "received"):
        intake += f"，收案数{token(R + 'received', '比较')}"
    paragraphs.append(intake + "。")

    closed = R + "closed"
    text = "全年无审结的行政复议案件" if ctx.is_zero(closed) else f"全年共办结行政复议案件{token(closed)}"
    if not ctx.is_zero(R + "pending"):
        text += f"，未结{token(R + 'pending')}"
    text += "。"
    if not ctx.is_zero(closed):

        def with_share(key: str) -> bool:
            return ctx.has_value(key) and ctx.has_value(closed)

        outcomes = []
        for label, key in (("复议决定维持", R + "upheld"), ("终止", R + "terminated")):
            if not ctx.is_zero(key):
                outcomes.append(
                    f"{label}{token(key)}" + (f"，占{share(key, closed)}" if with_share(key) else "")
                )
        corrected = ctx.clauses(DECISIONS)
        if corrected:
            outcomes.append(corrected)
        for label, key in (("驳回", R + "rejected"), ("调解结案", R + "mediated")):
            if not ctx.is_zero(key):
                outcomes.append(
                    f"{label}{token(key)}" + (f"，占{share(key, closed)}" if with_share(key) else "")
                )
        if outcomes:
            text += "办结的案件中，" + "；".join(outcomes) + "。"
        rate = R + "correction_rate"
        text += f"综合纠错率{token(rate)}"
        if ctx.has_previous(rate):
            text += f"，{token(rate, '比较')}"
        formula = formula_for(get_metric(rate))
        text += f"（口径：{formula.text()}）。" if formula else "。"
    paragraphs.append(text)

    extra = ctx.clauses(
        [
            ("共对", R + "hearings", "案件进行听证审理"),
            ("对", R + "simple_procedure", "案件适用简易程序审理"),
        ],
        sep="；",
    )
    if extra:
        paragraphs.append(f"行政复议案件审理中，{extra}。")
    return "\n\n".join(paragraphs)


register_block(
    Block(
        key="reconsideration",
        label="行政复议",
        keys=(
            R + "received",
            R + "accepted",
            R + "not_accepted",
            R + "other_handling",
            R + "closed",
            R + "pending",
            R + "upheld",
            R + "terminated",
            R + "revoked",
            R + "changed",
            R + "confirmed_illegal",
            R + "confirmed_invalid",
            R + "ordered_perform",
            R + "rejected",
            R + "mediated",
            R + "correction_rate",
            R + "hearings",
            R + "simple_procedure",
        ),
        draft=draft,
    )
)
