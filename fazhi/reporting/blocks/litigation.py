"""行政应诉: cases by instance, losses, the heads' appearance in court, suggestions received."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

L = "litigation."


def draft(ctx) -> str:
    text = f"全年共办理行政应诉案件{token(L + 'cases')}"
    split = ctx.clauses(
        [("一审", L + "first_instance"), ("二审", L + "second_instance"), ("再审", L + "retrial")]
    )
    if split:
        text += f"，其中{split}"
    if ctx.has_previous(L + "cases"):
        text += f"，{token(L + 'cases', '比较')}"
    text += "。"
    if ctx.is_zero(L + "lost"):
        text += "审结案件无败诉。"
    else:
        text += f"审结案件中败诉{token(L + 'lost')}，败诉率{token(L + 'loss_rate')}。"
    text += f"行政机关负责人出庭应诉率{token(L + 'head_appearance_rate')}"
    if ctx.has_previous(L + "head_appearance_rate"):
        text += f"，{token(L + 'head_appearance_rate', '比较')}"
    text += "。"
    suggestions = ctx.clauses(
        [("司法建议", L + "judicial_suggestions"), ("检察建议", L + "procuratorial_suggestions")]
    )
    if suggestions:
        text += f"收到{suggestions}。"
    return text


register_block(Block("litigation", "行政应诉", (
    L + "cases", L + "first_instance", L + "second_instance", L + "retrial", L + "lost", L + "loss_rate",
    L + "head_appearance_rate", L + "judicial_suggestions", L + "procuratorial_suggestions"), draft))  # fmt: skip
