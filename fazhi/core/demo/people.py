"""The demo logins: one person per role in the units where that role works, all with one password."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Role

#: ≥10 characters, letters and digits, as the password rule demands; the README lists it
DEMO_PASSWORD = "Fazhi2026demo"  # noqa: S105  (a published demo password, by design)


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    male: bool
    title: str
    #: (unit code, role) — the first is the membership the user is created with
    memberships: tuple[tuple[str, str], ...]
    #: what the login shows, for the table the demo prints
    sees: str


DEMO_PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec(
        username="admin",
        full_name="周建国",
        male=True,
        title="县政府办公室信息化科科长",
        memberships=(("qh", Role.ADMIN),),
        sees=_("清河县全部单位；管理机构、用户和任职，查阅审计日志"),
    ),
    PersonSpec(
        username="fzb",
        full_name="林晓雯",
        male=False,
        title="县委全面依法治县委员会办公室秘书科科长",
        memberships=(("qh", Role.LEGAL_STAFF),),
        sees=_("清河县全部单位的业务记录（法治办统筹全县）"),
    ),
    PersonSpec(
        username="leader",
        full_name="陈志远",
        male=True,
        title="副县长",
        memberships=(("qh", Role.LEADER),),
        sees=_("清河县全部单位的业务记录，可审批"),
    ),
    PersonSpec(
        username="auditor",
        full_name="吴敏",
        male=False,
        title="县政府办公室安全保密员",
        memberships=(("qh", Role.AUDITOR),),
        sees=_("仅清河县范围的审计日志"),
    ),
    PersonSpec(
        username="clerk_scj",
        full_name="王海涛",
        male=True,
        title="县市场监督管理局法规科科员",
        memberships=(("qh-scj", Role.CLERK),),
        sees=_("县市场监督管理局及其所属市场监管所"),
    ),
    PersonSpec(
        username="clerk_gaj",
        full_name="李明辉",
        male=True,
        title="县公安局法制大队民警",
        memberships=(("qh-gaj", Role.CLERK),),
        sees=_("县公安局及其所属派出所"),
    ),
    PersonSpec(
        username="clerk_town",
        full_name="张丽娟",
        male=False,
        title="城关镇综合行政执法队队员",
        memberships=(("qh-cgz", Role.CLERK),),
        sees=_("城关镇"),
    ),
    PersonSpec(
        username="multi",
        full_name="赵文博",
        male=True,
        title="县司法局行政复议与应诉科副科长（挂职城关镇副镇长）",
        memberships=(("qh-sfj", Role.CLERK), ("qh-cgz", Role.LEADER)),
        sees=_("两个身份，可在顶栏切换：县司法局（经办）或城关镇（领导）"),
    ),
    PersonSpec(
        username="sadmin",
        full_name="孙立群",
        male=True,
        title="省大数据发展管理局系统管理员",
        memberships=(("jn", Role.ADMIN),),
        sees=_("全省全部单位（含白石县），最高权限"),
    ),
)

#: the person created by the bootstrap, who then makes every other demo write
FIRST_ADMIN = "sadmin"
