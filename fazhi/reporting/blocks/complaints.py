"""12345 热线与信访: tickets, closing on time, satisfaction, petitions."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

C = "complaints."


def draft(ctx) -> str:
    text = f"12345政务服务便民热线全年受理群众诉求{token(C + 'tickets')}"
    if ctx.has_previous(C + "tickets"):
        text += f"，{token(C + 'tickets', '比较')}"
    text += f"，办结{token(C + 'closed')}，按时办结率{token(C + 'ontime_rate')}，回访满意率{token(C + 'satisfaction_rate')}。"
    text += f"依法分类处理信访诉求，全年受理信访事项{token(C + 'petitions')}，信访事项办结率{token(C + 'petition_close_rate')}。"
    return text


register_block(Block("complaints", "投诉·热线·信访", (
    C + "tickets", C + "closed", C + "ontime_rate", C + "satisfaction_rate", C + "petitions",
    C + "petition_close_rate"), draft))  # fmt: skip
