"""行政规范性文件: legality review, issuing, 备案 and its rates, 政策解读; the 清理 when one was done."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

N = "normative."
CLEANUP = (("继续有效", N + "cleanup_kept"), ("修改", N + "cleanup_amended"), ("废止", N + "cleanup_repealed"),
           ("宣布失效", N + "cleanup_expired"))  # fmt: skip


def draft(ctx) -> str:
    text = "严格落实行政规范性文件合法性审核机制"
    if ctx.is_zero(N + "reviewed"):
        text += "。"
    else:
        text += f"，全年共对{token(N + 'reviewed')}规范性文件草案进行合法性审核。"
    if ctx.is_zero(N + "issued"):
        text += "全年未制发行政规范性文件。"
    else:
        text += f"制发行政规范性文件{token(N + 'issued')}"
        split = ctx.clauses(
            [("政府规范性文件", N + "issued_government"), ("部门规范性文件", N + "issued_department")]
        )
        if split:
            text += f"（其中{split}）"
        text += f"，报送备案{token(N + 'filed')}"
        rates = [f"{label}{token(key)}" for label, key in (("报备率", N + "filing_rate"), ("报备及时率", N + "filing_timely_rate"))
                 if not ctx.not_applicable(key)]  # fmt: skip
        text += ("，" + "、".join(rates) if rates else "") + "。"
    if not ctx.is_zero(N + "filing_reviewed"):
        text += f"对下级报备的规范性文件开展备案审查{token(N + 'filing_reviewed')}。"
    if not ctx.is_zero(N + "interpretations"):
        text += f"对{token(N + 'interpretations')}文件同步开展政策解读。"
    if any(ctx.has_value(key) for _, key in CLEANUP):
        cleaned = ctx.clauses(CLEANUP)
        if cleaned:
            text += f"\n\n组织开展行政规范性文件清理，经清理{cleaned}。"
    return text


register_block(Block("normative", "行政规范性文件", (
    N + "reviewed", N + "issued", N + "issued_government", N + "issued_department", N + "filed",
    N + "filing_rate", N + "filing_timely_rate", N + "filing_reviewed", N + "interpretations"), draft,
    optional_keys=tuple(key for _, key in CLEANUP)))  # fmt: skip
