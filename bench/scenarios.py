"""The benchmark scenarios of issue 3 §8. Each builds its data, then times the real code path."""

from __future__ import annotations

import datetime

from bench.harness import scenario


@scenario(
    "deadlines",
    description="10 万次法定期限计算并生成说明（工作日、自然日、月，含节假日与调休）",
    items=100_000,
)
def _deadlines():
    from fazhi.workdays.calendar import load_calendar
    from fazhi.workdays.choices import PeriodKind
    from fazhi.workdays.counting import compute, explain

    kinds = [
        (PeriodKind.WORKING_DAYS, 20),
        (PeriodKind.WORKING_DAYS, 5),
        (PeriodKind.CALENDAR_DAYS, 60),
        (PeriodKind.MONTHS, 3),
    ]
    first = datetime.date(2025, 1, 1)

    def setup(items: int):
        calendar = load_calendar()
        cases = [(first + datetime.timedelta(days=i % 700), *kinds[i % len(kinds)]) for i in range(items)]
        return calendar, cases

    def run(context) -> int:
        calendar, cases = context
        for start, kind, count in cases:
            explain(
                compute(kind=kind, count=count, start=start, calendar=calendar),
                "《政府信息公开条例》第三十三条",
            )
        return len(cases)

    return setup, run


@scenario(
    "metric_1m",
    description="指标计算：100 万条记录上汇总全年件数与办结率（县及其下级、省及其下级各一次）",
    items=1_000_000,
    target={"seconds_max": 2.0},
)
def _metric():
    import random

    from django.db import connection

    from bench.records import BenchRecord
    from fazhi.core.demo import build_demo
    from fazhi.core.models import OrgUnit
    from fazhi.metrics.catalog import Kind, Metric, Obtained, Origin
    from fazhi.metrics.periods import Period
    from fazhi.metrics.registry import define_metric, register_count
    from fazhi.metrics.values import evaluate

    def setup(items: int):
        if not OrgUnit.objects.exists():
            build_demo()
        with connection.schema_editor() as editor:
            editor.create_model(BenchRecord)
        units = list(OrgUnit.objects.values_list("id", flat=True))
        rng = random.Random(2026)
        first = datetime.date(2025, 1, 1)
        batch = []
        for i in range(items):
            batch.append(
                BenchRecord(
                    unit_id=units[i % len(units)],
                    occurred_on=first + datetime.timedelta(days=rng.randrange(730)),
                    status="closed" if rng.random() < 0.8 else "open",
                )
            )
            if len(batch) == 50_000:
                BenchRecord.objects.bulk_create(batch)
                batch = []
        if batch:
            BenchRecord.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for key, label in (("bench.records", "基准记录"), ("bench.closed", "基准办结")):
            define_metric(
                Metric(
                    key=key,
                    label=label,
                    unit="件",
                    kind=Kind.COUNT,
                    obtained=Obtained.COMPUTED,
                    definition=label,
                    origin=Origin.FAZHI,
                )
            )
        define_metric(
            Metric(
                key="bench.closed_rate",
                label="基准办结率",
                unit="%",
                kind=Kind.RATE,
                obtained=Obtained.COMPUTED,
                definition="办结 / 记录",
                numerator=("bench.closed",),
                denominator=("bench.records",),
                origin=Origin.FAZHI,
            )
        )
        register_count("bench.records", model=BenchRecord, date_field="occurred_on")
        register_count(
            "bench.closed", model=BenchRecord, date_field="occurred_on", condition=models_q(status="closed")
        )
        county = OrgUnit.objects.get(code="qh")
        root = OrgUnit.objects.get(parent__isnull=True)
        return (county, root), Period.for_year(2025), items

    def run(context) -> int:
        """The count and the rate, for the county and for the province root (all records)."""
        units, period, items = context
        for unit in units:
            total = evaluate("bench.records", unit, period)
            rate = evaluate("bench.closed_rate", unit, period)
            assert total.value and rate.value is not None
        return items

    return setup, run


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)


@scenario(
    "export_100k",
    description="导出 10 万行到 .xlsx：用户列表页的“导出 Excel”（含范围过滤、任职、脱敏与审计），经完整请求",
    items=100_000,
    target={"rate_min": 20_000},
)
def _export():
    from django.test import Client

    from fazhi.core.choices import Role
    from fazhi.core.demo import build_demo
    from fazhi.core.models import Membership, OrgUnit, User

    def setup(items: int):
        if not OrgUnit.objects.exists():
            build_demo()
        units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code="qh").path))
        users = [
            User(
                username=f"bench{i:06d}",
                full_name=f"基准用户{i}",
                password="!",
                phone=f"139{i:08d}",
                title="科员",
            )
            for i in range(items)
        ]
        User.objects.bulk_create(users, batch_size=5_000)
        created = User.objects.filter(username__startswith="bench")
        Membership.objects.bulk_create(
            [
                Membership(user_id=pk, unit=units[i % len(units)], role=Role.CLERK)
                for i, pk in enumerate(created.values_list("pk", flat=True))
            ],
            batch_size=5_000,
        )
        client = Client()
        client.force_login(User.objects.get(username="sadmin"))
        return client

    def run(client) -> int:
        response = client.get("/users/?export=xlsx")
        assert response.status_code == 200, response.status_code
        size = sum(len(chunk) for chunk in response.streaming_content)
        assert size > 0
        return User.objects.filter(username__startswith="bench").count()

    return setup, run


@scenario(
    "import_50k",
    description="导入 5 万行指标填报值 .xlsx：逐行经页面表单校验，全有或全无，批量保存并逐条写入审计链",
    items=50_000,
    target={"rate_min": 3_000},
)
def _import():
    import io

    from openpyxl import Workbook

    from fazhi.core.demo import build_demo
    from fazhi.core.models import OrgUnit, User
    from fazhi.metrics.catalog import Kind
    from fazhi.metrics.excel_registers import import_entries_file
    from fazhi.metrics.models import MetricEntry
    from fazhi.metrics.registry import typed_in_metrics

    def rows(count: int, unit_codes: list[str]):
        metrics = typed_in_metrics()
        n = 0
        for year in range(2000, 2100):
            for month in range(1, 13):
                for metric in metrics:
                    for code in unit_codes:
                        value = n % 97 if metric.kind != Kind.RATE else f"{n % 1000 / 10:.1f}"
                        yield [code, metric.key, f"{year}-{month:02d}", value, f"统计台账第 {n} 页"]
                        n += 1
                        if n == count:
                            return

    def setup(items: int):
        if not OrgUnit.objects.exists():
            build_demo()
        county = OrgUnit.objects.get(code="qh")
        codes = list(OrgUnit.objects.filter(path__startswith=county.path).values_list("code", flat=True)[:6])
        MetricEntry.objects.all().delete()  # the demo's typed-in figures: every run imports into an empty table
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("指标填报值")
        sheet.append(["单位代码", "指标键", "期间", "数值", "依据说明"])
        for row in rows(items, codes):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return User.objects.get(username="admin"), buffer.getvalue(), items

    def run(context) -> int:
        actor, content, items = context
        result = import_entries_file(actor=actor, path_or_file=content, filename="bench.xlsx")
        assert result.ok, result.refused or [str(e) for e in result.errors[:3]]
        assert MetricEntry.objects.count() == items, (MetricEntry.objects.count(), items)
        return items

    def reset(context) -> None:
        MetricEntry.objects.all().delete()

    return setup, run, reset


@scenario(
    "analysis_reports",
    description="阅读已公开的法治政府建设报告：种子报告（7 份）反复分析，含拆分、章节、数字、核对与相同句子",
    items=140,
    target={"rate_min": 20},
)
def _analysis():
    from fazhi.analysis.engine import analyze_paths
    from fazhi.analysis.seeds import REPORT_FILES

    def setup(items: int):
        analyze_paths(REPORT_FILES)  # loads zhconv's character table once
        return max(1, items // 7)

    def run(rounds) -> int:
        return sum(len(analyze_paths(REPORT_FILES).reports) for _ in range(rounds))

    return setup, run


from bench import enforcement_scenario, fulltext_scenario  # noqa: E402, F401  (register enforcement_cases_1m, fulltext_50k)
