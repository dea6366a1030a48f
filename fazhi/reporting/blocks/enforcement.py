"""行政执法: bodies and certified personnel, cases and the 三项制度, 案卷评查, 双随机, 两法衔接."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

E = "enforcement."


def draft(ctx) -> str:
    text = f"{ctx.area}现有行政执法主体{token(E + 'bodies')}、持证行政执法人员{token(E + 'personnel')}。"
    text += f"全年办理行政执法案件{token(E + 'cases')}"
    if not ctx.is_zero(E + "major_cases_legal_review"):
        text += f"，对{token(E + 'major_cases_legal_review')}重大执法决定进行法制审核"
    text += f"，执法信息公示及时率{token(E + 'publication_timely_rate')}。"
    if not ctx.is_zero(E + "case_files_reviewed"):
        text += f"开展行政执法案卷评查{token(E + 'case_files_reviewed')}"
        if not ctx.is_zero(E + "case_files_excellent"):
            text += f"，评出优秀案卷{token(E + 'case_files_excellent')}"
        text += "。"
    text += f"\n\n深入推进“双随机、一公开”监管，全年实施抽查任务{token(E + 'random_inspection_tasks')}"
    text += f"、抽查市场主体{token(E + 'random_inspection_entities')}"
    if not ctx.is_zero(E + "cross_dept_tasks"):
        text += f"，其中跨部门联合抽查{token(E + 'cross_dept_tasks')}"
    text += "。"
    if not ctx.is_zero(E + "transfers_to_judiciary"):
        text += (
            f"落实行政执法与刑事司法衔接，向司法机关移送涉嫌犯罪案件{token(E + 'transfers_to_judiciary')}。"
        )
    return text


register_block(Block("enforcement", "行政执法", (
    E + "bodies", E + "personnel", E + "cases", E + "major_cases_legal_review", E + "publication_timely_rate",
    E + "case_files_reviewed", E + "case_files_excellent", E + "random_inspection_tasks",
    E + "random_inspection_entities", E + "cross_dept_tasks", E + "transfers_to_judiciary"), draft))  # fmt: skip
