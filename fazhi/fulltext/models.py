"""The search index: one row per indexed object, kept beside the owning module's own tables.

The row is derived data — every value can be rebuilt from the owning record (``services.reindex``) — so
it is written by the owning module's services inside their own transaction, and holds what a search
needs without touching the owning tables: the scoping unit, the filter fields, the display title and
body (for snippets), the tokens and the squashed text phrases are checked against.

SQLite: an FTS5 table ``fulltext_fts`` over ``title_tokens``, ``body_tokens`` and ``meta_tokens``
(the filters as tokens; external content, kept in sync by triggers). PostgreSQL: a generated ``tsvector`` column ``search_vector`` with a GIN
index. Both are created by migration 0001 through ``fulltext.schema``; a later migration that makes
Django rebuild this table on SQLite must call ``schema.create_sqlite`` again (the rebuild drops triggers).
Small columns come first: SQLite reads them without following the overflow pages of the large ones.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models.base import ScopedManager, ScopedMixin


class IndexEntry(ScopedMixin, models.Model):
    """An indexed object (e.g. one 行政规范性文件), visible to whoever may see its unit."""

    #: the rank key, computed by ``services.sort_key``: date (newest largest), then object id —
    #: ``ORDER BY id DESC`` is the date order on both databases, and on SQLite the FTS5 rowid, so the
    #: full-text index itself returns rows in that order
    id = models.BigIntegerField(primary_key=True, editable=False)
    kind = models.CharField(_("对象类型"), max_length=60, help_text=_("如 normative.document"))
    object_id = models.UUIDField(_("对象标识"))
    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("所属单位")
    )
    is_public = models.BooleanField(_("公开"), default=False)
    organ = models.CharField(_("发布机关代码"), max_length=40, blank=True)
    organ_name = models.CharField(_("发布机关"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=30, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True, help_text=_("同等相关度下新者在前"))
    title = models.CharField(_("标题"), max_length=500)
    title_tokens = models.TextField(_("标题词"), help_text=_("空格分隔，首尾各一个空格"))
    title_norm = models.TextField(_("标题规范文本"))
    meta_tokens = models.TextField(
        _("筛选词"), help_text=_("类型、公开、机关、年度、状态、单位，供 SQLite 全文索引筛选")
    )
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)
    #: before the display text and the tokens: a phrase check reads it without following their
    #: overflow pages on SQLite
    body_norm = models.TextField(_("正文规范文本"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    body_tokens = models.TextField(_("正文词"), blank=True)

    objects = ScopedManager()

    #: read-only through the scoped managers: only the owning module's services write the index
    scope_actions = {"view": Permission.VIEW}

    class Meta:
        db_table = "fulltext_entry"
        verbose_name = _("全文索引条目")
        verbose_name_plural = _("全文索引条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="fulltext_entry_kind_object_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title}"
