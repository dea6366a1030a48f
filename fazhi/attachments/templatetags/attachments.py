"""``{% attachments_panel record %}``: the attachments of a record, with upload and delete, on any page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context, record):
    from fazhi.attachments.views import panel_context

    request = context["request"]
    data = panel_context(request, record)
    data["csrf_token"] = context.get("csrf_token")
    return data
