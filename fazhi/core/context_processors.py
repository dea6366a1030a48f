"""The top bar and navigation: the user's current unit and role, and the modules that exist."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.scoping import has_permission_anywhere

#: (label, url name, icon, permission needed anywhere or None). Modules add their entries here.
NAVIGATION = [
    (_("工作台"), "home", "house", None),
    (_("行政复议"), "reconsideration:list", "shield-check", Permission.VIEW),
    (_("行政执法"), "enforcement:list", "person-badge", Permission.VIEW),
    (_("规范性文件"), "normative:list", "file-earmark-ruled", Permission.VIEW),
    (_("年度报告"), "reporting:list", "journal-richtext", Permission.VIEW),
    (_("政务公开年报"), "disclosure:list", "table", Permission.VIEW),
    (_("组织机构"), "units:list", "diagram-3", Permission.VIEW),
    (_("用户与任职"), "users:list", "people", Permission.MANAGE),
    (_("审计日志"), "audit:list", "journal-check", Permission.AUDIT),
    (_("指标"), "metrics:catalog", "bar-chart-line", Permission.VIEW),
    (_("报告分析"), "analysis:list", "file-earmark-text", Permission.VIEW),
    (_("文号与案号"), "numbering:list", "123", Permission.VIEW),
    (_("节假日与期限"), "workdays:holidays", "calendar3", None),
    (_("后台任务"), "jobs:list", "hourglass-split", None),
    (_("文书模板"), "docgen:templates", "file-earmark-word", Permission.MANAGE),
    (_("接口文档"), "api-docs", "code-square", None),
]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for label, name, icon, permission in NAVIGATION:
        if permission is not None and not has_permission_anywhere(user, permission):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": label,
                "url": url,
                "icon": icon,
                "active": request.path == url or (url != "/" and request.path.startswith(url)),
            }
        )
    memberships = list(user.memberships.filter(is_active=True).select_related("unit").order_by("unit__path"))
    return {
        "nav_items": items,
        "current_membership": user.current_membership(),
        "my_memberships": memberships,
    }
