"""The foundation's registers: users (export and import) and organisation units (export).

Users are imported through the form of the “新建用户” page and saved through ``user_create``, exactly
as that page does, so an imported user is indistinguishable from one created by hand (first
membership, audit events, password rules).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Role
from fazhi.core.forms.units import tree_order
from fazhi.core.forms.users import PASSWORD_RULES, UserCreateForm, create_user_from_form
from fazhi.core.models import Membership, OrgUnit, User
from fazhi.excel.registers import (
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    INT,
    UNIT,
    Column,
    Register,
    register_register,
)

USER_FIELDS = (
    "id",
    "username",
    "full_name",
    "title",
    "phone",
    "id_number",
    "email",
    "is_active",
    "locked_until",
    "last_login",
    "date_joined",
)
CHUNK = 5000


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def user_export_records(queryset, actor):
    """The users list's rows as values, each with the memberships the exporter may see.

    Exactly what the list page shows (its queryset, and the memberships it prefetches through
    ``Membership.objects.restrict(actor, "view")``), read as values, two queries per 5,000 users:
    100,000 users would otherwise be 300,000 model instances (user, membership, unit).
    """
    memberships = Membership.objects.restrict(actor, "view").order_by("unit__path", "role")
    now = timezone.now()
    active, inactive, locked = str(_("正常")), str(_("已停用")), str(_("已锁定"))
    rows = queryset.prefetch_related(None).values_list(*USER_FIELDS).iterator(chunk_size=CHUNK)
    for chunk in _chunks(rows, CHUNK):
        held: dict = defaultdict(list)
        of_chunk = memberships.filter(user_id__in=[row[0] for row in chunk])
        for user_id, code, name, role in of_chunk.values_list("user_id", "unit__code", "unit__name", "role"):
            held[user_id].append((code, name, role))
        for pk, username, full_name, title, phone, id_number, email, *rest in chunk:
            is_active, locked_until, last, joined = rest
            units = held.get(pk, ())
            if not is_active:
                status = inactive
            elif locked_until and locked_until > now:
                status = locked
            else:
                status = active
            yield {
                "username": username,
                "full_name": full_name,
                "title": title,
                "phone": phone,
                "id_number": id_number,
                "email": email,
                "unit": [u[0] for u in units],
                "unit_names": [u[1] for u in units],
                "role": [u[2] for u in units],
                "status": status,
                "last_login": last,
                "date_joined": joined,
            }


def save_user_row(*, actor, data: dict) -> User:
    """What the 新建用户 page does with its valid form."""
    return create_user_from_form(actor=actor, data=data)


USERS = register_register(
    Register(
        key="users",
        title=_("用户"),
        model=User,
        columns=[
            Column(
                "username",
                _("用户名"),
                required=True,
                width=16,
                example="zhangsan",
                hint=_(
                    "登录用，建议用姓名拼音，如 zhangsan；只能包含字母、数字和 @ . + - _；"
                    "不能与已有用户重复。"
                ),
            ),
            Column("full_name", _("姓名"), required=True, width=10, example="张三"),
            Column("title", _("职务"), width=14, example="科员"),
            Column("phone", _("手机号"), width=14, example="13800138000", hint=_("11 位手机号，可不填。")),
            Column(
                "id_number",
                _("身份证号"),
                width=22,
                example="11010519491231002X",
                hint=_("18 位，末位可为 X，可不填；该列已设为文本格式，请勿改为数值。"),
            ),
            Column("email", _("电子邮箱"), width=24, example="zhangsan@example.gov.cn"),
            Column(
                "unit",
                _("单位代码"),
                UNIT,
                required=True,
                width=16,
                hint=_("新用户的第一个任职单位，填机构代码（见“单位代码”工作表）；只能填您有权管理的单位。"),
            ),
            Column("unit_names", _("单位名称"), width=30, importable=False),
            Column(
                "role",
                _("角色"),
                CHOICE,
                required=True,
                width=14,
                choices=Role.choices,
                hint=_("从下拉列表中选择。"),
            ),
            Column(
                "password",
                _("初始密码"),
                required=True,
                width=16,
                exportable=False,
                form_fields=("password1", "password2"),
                example="Qinghe2026start",
                hint=PASSWORD_RULES,
            ),
            Column("status", _("状态"), width=8, importable=False),
            Column("last_login", _("最近登录"), DATETIME, width=20, importable=False),
            Column("date_joined", _("创建日期"), DATE, width=12, importable=False),
        ],
        form_class=UserCreateForm,
        save_row=save_user_row,
        unique_in_file=("username",),
        # Saving a user hashes its password (PBKDF2, about 0.25 s): more than a few dozen rows would
        # keep the page waiting for minutes, so they go to a background job with a progress bar.
        job_threshold=30,
        list_url="users:list",
        prepare_export=user_export_records,
        description=_(
            "每行新建一个用户，并在所填单位授予所填角色（与“新建用户”页面相同）。"
            "初始密码请当面或以安全方式告知本人，并提醒其登录后修改。"
        ),
    )
)


UNITS = register_register(
    Register(
        key="units",
        title=_("组织机构"),
        model=OrgUnit,
        columns=[
            Column("name", _("名称"), width=30),
            Column("short_name", _("简称"), width=10),
            Column("code", _("机构代码"), width=16),
            Column("parent", _("上级单位代码"), UNIT, width=16),
            Column("kind", _("类型"), CHOICE, width=14),
            Column("level", _("层级"), CHOICE, width=8),
            Column("division_code", _("行政区划代码"), width=14),
            Column("credit_code", _("统一社会信用代码"), width=22),
            Column("sort_order", _("排序"), INT, width=6),
            Column("is_active", _("启用"), BOOL, width=6),
            Column("created_at", _("创建日期"), DATE, width=12),
        ],
        list_url="units:list",
        prepare_export=lambda queryset, actor: tree_order(list(queryset.select_related("parent"))),
    )
)
