"""人民调解、行政调解与法律援助."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

M = "mediation."


def draft(ctx) -> str:
    text = f"{ctx.area}各级人民调解组织全年调解矛盾纠纷{token(M + 'cases')}"
    if ctx.has_previous(M + "cases"):
        text += f"，{token(M + 'cases', '比较')}"
    text += f"，调解成功{token(M + 'success')}，调解成功率{token(M + 'success_rate')}。"
    if not ctx.is_zero(M + "administrative_mediation"):
        text += f"开展行政调解{token(M + 'administrative_mediation')}。"
    text += f"全年办理法律援助案件{token(M + 'legal_aid_cases')}。"
    return text


register_block(Block("mediation", "矛盾纠纷调解与法律援助", (
    M + "cases", M + "success", M + "success_rate", M + "administrative_mediation", M + "legal_aid_cases"),
    draft))  # fmt: skip
