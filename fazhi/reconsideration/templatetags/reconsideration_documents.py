"""``{% case_documents case as documents %}``: the documents a case has at its stage (for _documents.html)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def case_documents(case):
    from fazhi.reconsideration.documents import available_documents

    return available_documents(case)
