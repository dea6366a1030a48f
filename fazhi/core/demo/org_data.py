"""The demo's fictional organisation: 江南省 → 云州市 → 清河县 (the demo county) and 白石县 beside it.

Division codes use province 39, which GB/T 2260 leaves unassigned. Towns carry the 9-digit code
(county code + 3 digits: 0xx 街道, 1xx 镇, 2xx 乡).
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.choices import UnitKind as K
from fazhi.core.choices import UnitLevel as L

#: the demo county's code: its presence means the demo has been built
DEMO_COUNTY_CODE = "qh"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    division_code: str = ""
    children: tuple[UnitSpec, ...] = ()


def _departments(level: str, division: str, rows) -> tuple[UnitSpec, ...]:
    return tuple(
        UnitSpec(
            row[0],
            row[1],
            row[2],
            row[3] if len(row) > 3 else K.DEPARTMENT,
            level,
            division,
            row[4] if len(row) > 4 else (),
        )
        for row in rows
    )


def _towns(division: str, rows) -> tuple[UnitSpec, ...]:
    return tuple(
        UnitSpec(code, name, short, K.TOWN, L.TOWNSHIP, f"{division}{suffix}")
        for code, name, short, suffix in rows
    )


_QH = "390121"
QINGHE = UnitSpec(
    DEMO_COUNTY_CODE,
    "清河县人民政府",
    "清河",
    K.GOVERNMENT,
    L.COUNTY,
    _QH,
    _departments(
        L.COUNTY,
        _QH,
        [
            ("qh-zfb", "清河县人民政府办公室", "清政办"),
            ("qh-sfj", "清河县司法局", "清司", K.JUSTICE),
            ("qh-fgj", "清河县发展和改革局", "清发改"),
            ("qh-jyj", "清河县教育局", "清教"),
            (
                "qh-gaj",
                "清河县公安局",
                "清公",
                K.DEPARTMENT,
                _departments(
                    L.COUNTY,
                    _QH,
                    [
                        ("qh-gaj-cg", "清河县公安局城关派出所", "城关所", K.OTHER),
                        ("qh-gaj-hk", "清河县公安局河口派出所", "河口所", K.OTHER),
                    ],
                ),
            ),
            ("qh-mzj", "清河县民政局", "清民"),
            ("qh-czj", "清河县财政局", "清财"),
            ("qh-rsj", "清河县人力资源和社会保障局", "清人社"),
            ("qh-zrj", "清河县自然资源和规划局", "清自然资规"),
            ("qh-sthj", "云州市生态环境局清河分局", "云环清"),
            ("qh-zjj", "清河县住房和城乡建设局", "清建"),
            ("qh-jtj", "清河县交通运输局", "清交"),
            ("qh-slj", "清河县水利局", "清水"),
            ("qh-nyj", "清河县农业农村局", "清农"),
            ("qh-lyj", "清河县林业局", "清林"),
            ("qh-swj", "清河县商务局", "清商"),
            ("qh-wgl", "清河县文化和广电旅游体育局", "清文广旅体"),
            ("qh-wjj", "清河县卫生健康局", "清卫健"),
            ("qh-tyj", "清河县退役军人事务局", "清退役军人"),
            ("qh-yjj", "清河县应急管理局", "清应急"),
            ("qh-sjj", "清河县审计局", "清审"),
            (
                "qh-scj",
                "清河县市场监督管理局",
                "清市监",
                K.DEPARTMENT,
                _departments(
                    L.COUNTY,
                    _QH,
                    [
                        ("qh-scj-cg", "清河县市场监督管理局城关市场监管所", "城关监管所", K.OTHER),
                        ("qh-scj-hk", "清河县市场监督管理局河口市场监管所", "河口监管所", K.OTHER),
                    ],
                ),
            ),
            ("qh-tjj", "清河县统计局", "清统"),
            ("qh-ybj", "清河县医疗保障局", "清医保"),
            ("qh-xfj", "清河县信访局", "清信访"),
            ("qh-zhzf", "清河县综合行政执法局", "清综执"),
            ("qh-zwb", "清河县政务服务管理办公室", "清政务办"),
        ],
    )
    + _towns(
        _QH,
        [
            ("qh-qxjd", "清溪街道", "清溪", "001"),
            ("qh-wcjd", "文昌街道", "文昌", "002"),
            ("qh-dhjd", "东湖街道", "东湖", "003"),
            ("qh-cgz", "城关镇", "城关", "100"),
            ("qh-hkz", "河口镇", "河口", "101"),
            ("qh-qsz", "青石镇", "青石", "102"),
            ("qh-lxz", "柳溪镇", "柳溪", "103"),
            ("qh-bsz", "白沙镇", "白沙", "104"),
            ("qh-sqz", "双桥镇", "双桥", "105"),
            ("qh-tyz", "桃源镇", "桃源", "106"),
            ("qh-smx", "石门乡", "石门", "200"),
            ("qh-fsx", "凤山乡", "凤山", "201"),
        ],
    ),
)

_BS = "390122"
BAISHI = UnitSpec(
    "bs",
    "白石县人民政府",
    "白石",
    K.GOVERNMENT,
    L.COUNTY,
    _BS,
    _departments(
        L.COUNTY,
        _BS,
        [
            ("bs-zfb", "白石县人民政府办公室", "白政办"),
            ("bs-sfj", "白石县司法局", "白司", K.JUSTICE),
            ("bs-gaj", "白石县公安局", "白公"),
            ("bs-scj", "白石县市场监督管理局", "白市监"),
            ("bs-jyj", "白石县教育局", "白教"),
            ("bs-zhzf", "白石县综合行政执法局", "白综执"),
        ],
    )
    + _towns(
        _BS,
        [
            ("bs-cnjd", "城南街道", "城南", "001"),
            ("bs-bsz", "白石镇", "白石镇", "100"),
            ("bs-lsz", "龙山镇", "龙山", "101"),
        ],
    ),
)

_YZ = "390100"
YUNZHOU = UnitSpec(
    "yz",
    "云州市人民政府",
    "云州",
    K.GOVERNMENT,
    L.CITY,
    _YZ,
    (
        *_departments(
            L.CITY,
            _YZ,
            [
                ("yz-zfb", "云州市人民政府办公室", "云政办"),
                ("yz-sfj", "云州市司法局", "云司", K.JUSTICE),
            ],
        ),
        QINGHE,
        BAISHI,
    ),
)

#: the top-level unit; created by the bootstrap, everything below it through unit_create
PROVINCE = UnitSpec(
    "jn",
    "江南省人民政府",
    "江南",
    K.GOVERNMENT,
    L.PROVINCE,
    "390000",
    (*_departments(L.PROVINCE, "390000", [("jn-sft", "江南省司法厅", "江司", K.JUSTICE)]), YUNZHOU),
)
