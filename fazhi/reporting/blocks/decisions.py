"""重大行政决策: the catalog, decisions taken and the statutory procedures they went through."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

D = "decisions."


def draft(ctx) -> str:
    text = f"全年纳入重大行政决策目录事项{token(D + 'catalog_items')}，作出重大行政决策{token(D + 'decided')}"
    steps = ctx.clauses([("开展公众参与", D + "public_participation"), ("专家论证", D + "expert_review"),
                         ("风险评估", D + "risk_assessment"), ("合法性审查", D + "legality_review"),
                         ("经集体讨论决定", D + "collective_decision")])  # fmt: skip
    if steps and not ctx.is_zero(D + "decided"):
        text += f"，其中{steps}，法定程序履行率{token(D + 'procedure_complete_rate')}"
    text += "。"
    more = ctx.clauses(
        [("举行决策听证", D + "hearings"), ("开展决策后评估", D + "post_evaluations")], sep="，"
    )
    if more:
        text += f"{more}。"
    return text


register_block(Block("decisions", "重大行政决策", (
    D + "catalog_items", D + "decided", D + "public_participation", D + "expert_review", D + "risk_assessment",
    D + "legality_review", D + "collective_decision", D + "procedure_complete_rate", D + "hearings",
    D + "post_evaluations"), draft))  # fmt: skip
