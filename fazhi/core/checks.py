"""System checks that fail when a model or a view bypasses the scoping base (ADR 0001)."""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

#: models that hold no unit's records; each with the reason
UNSCOPED_MODELS = {
    "core.auditchainhead": "审计链头，单行，无业务数据",
    "workdays.calendarday": "全国统一的节假日安排，不属于任何单位；只有顶层单位系统管理员可修改",
    "workdays.calendaryear": "节假日年度的录入状态，全国统一，不属于任何单位",
    "workdays.calendarstate": "日历版本号，单行，无业务数据",
    "workdays.reminderlog": "每位负责人每日一条提醒发送记录，按用户归属，不在任何页面展示",
}
#: third-party views routed by fazhi; each with the reason
EXEMPT_VIEW_MODULES = {
    "drf_spectacular.views": "OpenAPI 模式与文档页，不含业务数据",
    "rest_framework.routers": "API 根目录，仅列出链接",
    "django.views.static": "静态文件",
    "django.contrib.staticfiles.views": "静态文件",
}


def _fazhi_models():
    for model in apps.get_models():
        if model.__module__.startswith("fazhi."):
            yield model


@checks.register(checks.Tags.models)
def check_models_scoped(app_configs=None, **kwargs):
    from fazhi.core.models import OrgUnit
    from fazhi.core.models.base import ScopedMixin, ScopedQuerySet

    errors = []
    for model in _fazhi_models():
        label = model._meta.label_lower
        if label in UNSCOPED_MODELS:
            continue
        holds_unit = any(
            getattr(f, "related_model", None) is OrgUnit and f.many_to_one
            for f in model._meta.concrete_fields
        )
        if not issubclass(model, ScopedMixin):
            errors.append(
                checks.Error(
                    f"{label} 未继承 ScopedModel/ScopedMixin"
                    + ("（它引用了组织机构）" if holds_unit else ""),
                    hint="所有业务记录都必须继承 fazhi.core.models.ScopedModel；确无单位归属的模型登记在 UNSCOPED_MODELS 并写明原因。",
                    obj=model,
                    id="fazhi.E001",
                )
            )
            continue
        if not isinstance(model._default_manager.all(), ScopedQuerySet):
            errors.append(
                checks.Error(
                    f"{label} 的默认管理器不是 ScopedManager，无法 restrict()",
                    obj=model,
                    id="fazhi.E002",
                )
            )
    return errors


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


@checks.register(checks.Tags.urls)
def check_views_scoped(app_configs=None, **kwargs):
    from fazhi.core.api.base import ScopedViewSetMixin
    from fazhi.core.views.base import ScopedViewMixin

    errors = []
    for route, callback in _walk(get_resolver().url_patterns):
        cls = _view_class(callback)
        module = (cls or callback).__module__
        if any(module.startswith(m) for m in EXEMPT_VIEW_MODULES):
            continue
        if cls is not None and issubclass(cls, ScopedViewMixin | ScopedViewSetMixin):
            continue
        if getattr(cls, "fazhi_scope_exempt", None) or getattr(callback, "fazhi_scope_exempt", None):
            continue
        errors.append(
            checks.Error(
                f"路由 {route!r} 的视图 {module}.{getattr(cls or callback, '__name__', callback)} 既未继承范围基类，也未声明 scope_exempt",
                hint="列表、详情与编辑页继承 fazhi.core.views.base 的 Scoped* 视图；API 继承 fazhi.core.api.base；"
                "不展示业务记录的页面用 @scope_exempt('原因') 或类属性 fazhi_scope_exempt 说明。",
                id="fazhi.E003",
            )
        )
    return errors
