"""法律顾问与公职律师: how many, coverage, and the work they did."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

A = "advisors."


def draft(ctx) -> str:
    text = f"全面推行政府法律顾问和公职律师制度，共聘请法律顾问{token(A + 'advisors')}"
    if not ctx.is_zero(A + "public_lawyers"):
        text += f"、设立公职律师{token(A + 'public_lawyers')}"
    text += f"，法律顾问覆盖率{token(A + 'coverage_rate')}。"
    work = ctx.clauses([("出具法律意见", A + "opinions"), ("审查合同", A + "contracts_reviewed"),
                        ("参与涉法事务", A + "consultations")], sep="，")  # fmt: skip
    if work:
        text += f"法律顾问全年{work}。"
    return text


register_block(Block("advisors", "法律顾问", (
    A + "advisors", A + "public_lawyers", A + "coverage_rate", A + "opinions", A + "contracts_reviewed",
    A + "consultations"), draft))  # fmt: skip
