"""Enumerations of the platform foundation (organisation units, roles, audit actions)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    TOWN = "town", _("镇街")
    JUSTICE = "justice", _("司法局/法治办")
    OTHER = "other", _("其他")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    LEGAL_STAFF = "legal_staff", _("法治工作人员")
    CLERK = "clerk", _("经办人")
    LEADER = "leader", _("领导")
    AUDITOR = "auditor", _("审计员")


class Permission(models.TextChoices):
    """What a role may do over the units its membership covers."""

    VIEW = "view", _("查看")
    ADD = "add", _("新增")
    CHANGE = "change", _("修改")
    DELETE = "delete", _("删除")
    APPROVE = "approve", _("审批")
    MANAGE = "manage", _("管理机构与用户")
    AUDIT = "audit", _("查阅审计日志")


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    TRANSITION = "transition", _("流转")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED = "locked", _("账号锁定")
    UNLOCKED = "unlocked", _("账号解锁")
    LOGOUT = "logout", _("退出")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载")
    VIEW_SENSITIVE = "view_sensitive", _("查看完整个人信息")
