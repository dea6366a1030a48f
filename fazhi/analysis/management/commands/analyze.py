"""``fazhi analyze FILE... [--json]`` and ``fazhi analyze --eval GOLD.json [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.analysis.engine import analyze_paths
from fazhi.analysis.engine.catalog import label_of
from fazhi.analysis.engine.evaluation import evaluate
from fazhi.analysis.engine.textio import UnreadableInput
from fazhi.core.management.commands._base import FazhiCommand

LEVELS = {
    "province": "省级",
    "city": "地市级",
    "county": "县级",
    "district": "区（县级）",
    "township": "乡镇级",
    "department": "部门",
    "": "未识别",
}
STATUS = {"present": "有", "merged": "并入", "missing": "缺"}
SEVERITY = {"ok": "一致", "warning": "注意", "error": "错误"}
PERIOD = {
    "year": "",
    "partial": "（非全年）",
    "as_of": "（时点数）",
    "previous_year": "（上年）",
    "change": "（增减）",
}


def _num(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def as_written(f) -> str:
    """190余份, 近30%, 7500余件, 20个以上: the qualifier where the report writes it."""
    q = f.qualifier
    if q in ("近", "约"):
        return f"{q}{_num(f.value)}{f.unit}"
    if q in ("余", "多"):
        return f"{_num(f.value)}{q}{f.unit}"
    return f"{_num(f.value)}{f.unit}{q}"


class Command(FazhiCommand):
    help = gettext_lazy(
        "分析已公开的法治政府建设年度报告：找出每份报告（单位、年度、发布日期）、章节结构与五项必备内容、"
        "全部数字（含原文引文与位置）、核对结果和下一年度工作安排。\n"
        "示例：fazhi analyze 报告.txt 报告2.docx --json；fazhi analyze --eval gold.json"
    )
    requires_initialised_database = False

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", metavar="FILE", help=gettext_lazy("报告文件：文本、网页、RSS、.docx 或 PDF")
        )
        parser.add_argument(
            "--eval",
            metavar="GOLD.json",
            help=gettext_lazy("按标注文件（seeds/gold.json 格式）评测查准率与查全率"),
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("以 JSON 输出（UTF-8，不转义中文）")
        )

    def handle(self, *args, **options):
        if options["eval"]:
            if options["files"]:
                raise CommandError(_("--eval 不能与报告文件同时使用。"))
            return self._eval(Path(options["eval"]), options["json"])
        if not options["files"]:
            raise CommandError(_("请指定至少一个报告文件，或用 --eval 指定标注文件。"))
        try:
            analysis = analyze_paths(options["files"])
        except UnreadableInput as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2))
            return
        self._text(analysis)

    def _eval(self, path: Path, as_json: bool):
        if not path.is_file():
            raise CommandError(_("找不到标注文件：%(path)s") % {"path": path})
        try:
            result = evaluate(path)
        except (ValueError, KeyError) as exc:
            raise CommandError(_("标注文件格式有误：%(error)s") % {"error": exc}) from None
        except UnreadableInput as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        w = self.stdout.write

        def pr(row):
            p = "—" if row["precision"] is None else f"{row['precision']:.3f}"
            r = "—" if row["recall"] is None else f"{row['recall']:.3f}"
            return f"查准率 {p}  查全率 {r}（正确 {row['tp']}，多出 {row['fp']}，遗漏 {row['fn']}）"

        w(_("报告识别：%(found)s / %(expected)s 份单位与年度正确") % {
            "found": result["reports_found"], "expected": result["reports_expected"]})  # fmt: skip
        w(_("全部数字：") + pr(result["overall"]))
        w(_("指标库数字：") + pr(result["keyed"]))
        w(_("自由数字（只比对数值与单位）：") + pr(result["other"]))
        w(_("按指标类别："))
        for family, row in result["families"].items():
            w(f"  {family}: " + pr(row))
        for rep in result["reports"]:
            found = rep["found"] or {}
            mark = "✓" if rep["identity_ok"] else "✗"
            w(f"{mark} {rep['file']} {rep['gold']['government']} {rep['gold']['year']} → "
              f"{found.get('government', '未找到')} {found.get('year', '')}")  # fmt: skip
            for m, v, u in rep["missed"]:
                w(_("    遗漏：%(m)s %(v)s%(u)s") % {"m": m, "v": _num(v), "u": u})
            for m, v, u in rep["extra"]:
                w(_("    多出：%(m)s %(v)s%(u)s") % {"m": m, "v": _num(v), "u": u})

    def _text(self, analysis):
        w = self.stdout.write
        for n, r in enumerate(analysis.reports, 1):
            title = r.title + (_("（标题据正文推断）") if r.title_inferred else "")
            w(f"=== {_('报告')} {n}：{title}")
            w(_("来源：%(s)s，字符 %(a)s–%(b)s") % {"s": r.source, "a": r.start, "b": r.end})
            w(_("单位：%(g)s（%(l)s）；报告年度：%(y)s；发布日期：%(p)s") % {
                "g": r.government or _("未识别"), "l": LEVELS.get(r.level, r.level),
                "y": r.year or _("未识别"), "p": r.published or _("未注明")})  # fmt: skip
            w(_("五项必备内容："))
            for p in r.parts:
                where = f"（{p.where}）" if p.where else ""
                w(f"  [{STATUS[p.status]}] {p.label}{where}")
            w(_("章节："))
            for s in r.sections:
                w(f"  {s.marker}{'、' if s.level == 1 else ''}{s.title}")
                for c in s.children:
                    if c.level <= 3:
                        w(f"    {c.marker}{c.title}")
            keyed = [f for f in r.figures if f.keyed]
            free = [f for f in r.figures if not f.keyed]
            w(_("指标数字（%(n)s 个）：") % {"n": len(keyed)})
            for f in keyed:
                w(
                    f"  {label_of(f.metric)}（{f.metric}）{as_written(f)}{PERIOD.get(f.period, '')}  @{f.start}  “{f.quote}”"
                )
            w(_("其他数字（%(n)s 个）：") % {"n": len(free)})
            for f in free:
                note = f"［{f.note}］" if f.note else ""
                w(
                    f"  {f.metric.removeprefix('other:')}：{as_written(f)}{PERIOD.get(f.period, '')}{note}  @{f.start}"
                )
            w(_("核对："))
            for fi in r.findings or []:
                w(f"  [{SEVERITY[fi.severity]}] {fi.message}")
            if not r.findings:
                w(_("  （无可核对的数字组合）"))
            if r.commitments:
                w(_("下一年度工作安排："))
                for c in r.commitments:
                    state = {None: "", True: _("［次年报告已有回应］"), False: _("［次年报告未见回应］")}[
                        c.reported
                    ]
                    w(f"  {c.text}{state}")
            w("")
        if analysis.shared:
            w(_("报告间相同或近似的句子（%(n)s 处）：") % {"n": len(analysis.shared)})
            for s in analysis.shared[:50]:
                a, b = analysis.reports[s.a_report], analysis.reports[s.b_report]
                w(f"  {a.government}{a.year} ↔ {b.government}{b.year}（{s.similarity:.2f}）：{s.a_text[:60]}")
