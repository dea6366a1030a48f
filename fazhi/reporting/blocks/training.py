"""学法与培训: sessions, participants, 会前学法, exams and 任前法律知识测试."""

from fazhi.reporting.blocks import Block, register_block
from fazhi.reporting.blocks._helpers import token

T = "training."


def draft(ctx) -> str:
    text = f"全年组织法治专题培训{token(T + 'sessions')}、参训{token(T + 'participants')}"
    if not ctx.is_zero(T + "leader_study_topics"):
        text += f"，政府常务会议开展会前学法{token(T + 'leader_study_topics')}"
    text += "。"
    text += f"组织国家工作人员学法考试，参考率{token(T + 'exam_participation_rate')}、合格率{token(T + 'exam_pass_rate')}。"
    if not ctx.is_zero(T + "pre_appointment_tests"):
        text += f"对拟任领导干部开展任前法律知识测试{token(T + 'pre_appointment_tests')}。"
    return text


register_block(Block("training", "学法与培训", (
    T + "sessions", T + "participants", T + "leader_study_topics", T + "exam_participation_rate",
    T + "exam_pass_rate", T + "pre_appointment_tests"), draft))  # fmt: skip
