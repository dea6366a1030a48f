"""The built-in outlines: the five required parts (RULES.md §6) as level-1 headings, and under part 一
the sub-headings of the 纲要 the year falls under (RULES.md §7.1; the 2015–2020 wording as the seed
reports use it).

These live in code and are used as they are until an administrator adjusts the outline of a unit: the
first adjustment copies the outline the unit inherits (its nearest ancestor's, else this built-in one)
into a template owned by the unit (services/outline.py), which the units below it then inherit.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.reporting.choices import OutlinePeriod


@dataclass(frozen=True)
class Item:
    level: int
    title: str
    blocks: tuple[str, ...] = ()


#: 《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）: the five items a yearly report contains
PART_1 = "上一年度推进法治政府建设的主要举措和成效"
REQUIRED_PARTS = (
    PART_1,
    "上一年度推进法治政府建设存在的不足和原因",
    "上一年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    "下一年度推进法治政府建设的主要安排",
    "其他需要报告的情况",
)

_SUBHEADINGS = {
    OutlinePeriod.GANGYAO_2015: (
        Item(2, "依法全面履行政府职能"),
        Item(2, "完善依法行政制度体系", ("normative",)),
        Item(2, "推进行政决策科学化、民主化、法治化", ("decisions", "advisors")),
        Item(2, "坚持严格规范公正文明执法", ("enforcement",)),
        Item(2, "强化对行政权力的制约和监督", ("disclosure", "litigation")),
        Item(2, "依法有效化解社会矛盾纠纷", ("reconsideration", "mediation", "complaints")),
        Item(2, "全面提高政府工作人员法治思维和依法行政能力", ("training",)),
        Item(2, "加强组织领导"),
    ),
    # 纲要（2021－2025年） parts 二–九 (the eight task areas) and 十 (党的领导, 推进机制)
    OutlinePeriod.GANGYAO_2021: (
        Item(2, "健全政府机构职能体系，推动更好发挥政府作用"),
        Item(2, "健全依法行政制度体系，加快推进政府治理规范化程序化法治化", ("normative",)),
        Item(2, "健全行政决策制度体系，不断提升行政决策公信力和执行力", ("decisions", "advisors")),
        Item(2, "健全行政执法工作体系，全面推进严格规范公正文明执法", ("enforcement",)),
        Item(2, "健全突发事件应对体系，依法预防处置重大突发事件"),
        Item(
            2,
            "健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义",
            ("reconsideration", "litigation", "mediation", "complaints"),
        ),
        Item(2, "健全行政权力制约和监督体系，促进行政权力规范透明运行", ("disclosure",)),
        Item(2, "健全法治政府建设科技保障体系，全面建设数字法治政府"),
        Item(2, "加强党的领导，完善法治政府建设推进机制", ("training",)),
    ),
}

DEFAULT_NAMES = {
    OutlinePeriod.GANGYAO_2015: "默认提纲（2015－2020年纲要结构）",
    OutlinePeriod.GANGYAO_2021: "默认提纲（2021－2025年纲要结构）",
}


def default_items(period: str) -> list[Item]:
    items = [Item(1, PART_1)]
    items += list(_SUBHEADINGS[OutlinePeriod(period)])
    items += [Item(1, title) for title in REQUIRED_PARTS[1:]]
    return items
