"""The review assistant on sentences as drafts write them: what it flags (and how it says so), and the
sentences that only cite a law, which it leaves alone unless they also create something."""

from __future__ import annotations

import pytest

from fazhi.normative.assistant import analyse, sentences
from fazhi.normative.choices import ClauseCategory as C

FLAGGED = [
    ("第五条 申请人应当如实提供材料，不得隐瞒。", C.OBLIGATION, "不得……（“不得”）"),
    (
        "从事农村集体资产承包经营的，须经乡镇人民政府批准。",
        C.LICENSING,
        "须经……批准/许可/审批（“须经乡镇人民政府批准”）",
    ),
    (
        "未经批准，任何单位和个人不得占用城市道路。",
        C.LICENSING,
        "未经……批准/许可，不得……（“未经批准，任何单位和个人不得”）",
    ),
    (
        "开办农贸市场的，应当取得县商务局核发的经营许可证。",
        C.LICENSING,
        "应当取得/办理……许可证、资质（“应当取得县商务局核发的经营许可证”）",
    ),
    (
        "违反本办法规定的，由县城市管理局处二千元以上一万元以下罚款。",
        C.PENALTY,
        "处……罚款（“处二千元以上一万元以下罚款”）",
    ),
    ("情节严重的，吊销其营业执照。", C.PENALTY, "吊销……（“吊销”）"),
    ("对拒不整改的，可以查封、扣押相关设备。", C.COERCION, "查封（“查封”）"),
    ("逾期不缴纳的，每日加收滞纳金。", C.COERCION, "加处罚款、滞纳金（“滞纳金”）"),
    ("进入市场经营的，应当按月缴纳卫生保洁费。", C.FEE, "应当……缴纳……（“应当按月缴纳”）"),
    ("停车场管理单位可以向停放车辆收取停车服务费。", C.FEE, "收取……费（“收取停车服务费”）"),
    (
        "申请补贴的企业须另行提交无违法犯罪记录证明。",
        C.OBLIGATION,
        "须提交、提供……证明材料（“须另行提交无违法犯罪记录证明”）",
    ),
    ("对有严重失信行为的企业纳入失信名单。", C.OBLIGATION, "纳入失信名单、联合惩戒（“失信名单”）"),
    ("经营者不得在人行道上摆摊设点。", C.OBLIGATION, "不得……（“不得”）"),
    ("禁止在城区燃放烟花爆竹。", C.OBLIGATION, "禁止……（“禁止”）"),
]


@pytest.mark.parametrize(("sentence", "category", "pattern"), FLAGGED, ids=[s[:12] for s, _, _ in FLAGGED])
def test_flags_sentences_that_create(sentence, category, pattern):
    findings = analyse(sentence)
    assert [(f.category, f.pattern, f.sentence, f.start, f.end) for f in findings] == [
        (category, pattern, sentence, 0, len(sentence))
    ]


CITATION_ONLY = [
    "违反本办法规定的，依照《中华人民共和国行政处罚法》的规定予以处罚。",
    "违反本办法规定的，依照《中华人民共和国食品安全法》有关规定处理。",
    "本办法依据《中华人民共和国行政许可法》《中华人民共和国行政强制法》等法律法规制定。",
    "根据《中华人民共和国价格法》的规定，收费项目目录另行公布。",
    "行政机关工作人员不得索取、收受管理对象的财物。",
    "县人民政府负责本县农贸市场的规划建设。",
    "县财政局按照有关规定予以补助。",
    "第四条 有关部门应当加强信息共享，不得要求申请人重复提交材料。",
]


@pytest.mark.parametrize("sentence", CITATION_ONLY, ids=[s[:12] for s in CITATION_ONLY])
def test_leaves_citations_and_duties_of_the_administration_alone(sentence):
    assert analyse(sentence) == []


def test_a_sentence_that_cites_a_law_and_sets_a_fine_is_still_shown():
    sentence = "依照《中华人民共和国道路交通安全法》第九十条的规定，处二百元罚款。"
    [finding] = analyse(sentence)
    assert (finding.category, finding.pattern) == (C.PENALTY, "处……罚款（“处二百元罚款”）")


def test_one_sentence_can_fall_in_two_categories_and_offsets_point_into_the_text():
    text = (
        "第一条 为加强城市管理，制定本办法。\n"
        "第九条 对违法建筑物，由县住房和城乡建设局责令限期拆除；逾期不拆除的，依法强制拆除，费用由当事人承担。\n"
        "第十条 擅自占用道路的，没收其经营工具，并处五百元罚款。"
    )
    findings = analyse(text)
    assert [(f.category, text[f.start : f.end]) for f in findings] == [
        (C.OBLIGATION, "第九条 对违法建筑物，由县住房和城乡建设局责令限期拆除；"),
        (C.COERCION, "逾期不拆除的，依法强制拆除，费用由当事人承担。"),
        (C.PENALTY, "第十条 擅自占用道路的，没收其经营工具，并处五百元罚款。"),
    ]
    assert findings[2].pattern == "处……罚款（“并处五百元罚款”）"


def test_sentences_split_on_marks_and_lines_and_trim_space():
    text = "  第一条 甲。第二条 乙；\n\n第三条 丙"
    assert [text[s:e] for s, e in sentences(text)] == ["第一条 甲。", "第二条 乙；", "第三条 丙"]


def test_empty_text_has_no_findings():
    assert analyse("") == []
