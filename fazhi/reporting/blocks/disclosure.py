"""政府信息公开: proactive disclosure, requests and how they were answered, disputes that followed."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

G = "disclosure."
T = G + "responses_by_type."
RESPONSES = (("予以公开", T + "disclosed"), ("部分公开", T + "partly_disclosed"), ("不予公开", T + "not_disclosed"),
             ("无法提供", T + "unavailable"), ("不予处理", T + "not_processed"), ("作其他处理", T + "other"))  # fmt: skip


def draft(ctx) -> str:
    text = f"全年主动公开政府信息{token(G + 'proactive')}，收到政府信息公开申请{token(G + 'requests')}"
    if not ctx.is_zero(G + "requests_carried_over"):
        text += f"（另有上年结转{token(G + 'requests_carried_over')}）"
    answered = ctx.clauses(RESPONSES)
    if answered and not ctx.is_zero(G + "requests"):
        text += f"，已答复的申请中{answered}"
    text += "。"
    disputes = ctx.clauses([("被申请行政复议", G + "reconsiderations_against"),
                            ("被提起行政诉讼", G + "lawsuits_against")])  # fmt: skip
    text += (
        f"因政府信息公开{disputes}。" if disputes else "全年未发生因政府信息公开引起的行政复议和行政诉讼。"
    )
    return text


register_block(Block("disclosure", "政府信息公开", (
    G + "proactive", G + "requests", G + "requests_carried_over", *(k for _, k in RESPONSES),
    G + "reconsiderations_against", G + "lawsuits_against"), draft))  # fmt: skip
