"""The tabs of the 行政执法 pages, one list for all its sub-modules (cases, reviews, inspections)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

#: (tab key, label, route name); a route its module does not (yet) define is left out
TABS = (
    ("cases", "执法案件", "enforcement_cases:list"),
    ("items", "执法事项与裁量基准", "enforcement_cases:items"),
    ("transfers", "两法衔接", "enforcement_cases:transfers"),
    ("reviews", "案卷评查", "casereview:list"),
    ("inspections", "双随机抽查", "inspections:list"),
    ("officers", "执法人员名册", "enforcement:list"),
    ("certificates", "执法证件", "enforcement:certificates"),
    ("bodies", "执法主体", "enforcement:bodies"),
    ("statistics", "执法统计", "enforcement:statistics"),
)


@register.inclusion_tag("enforcement/_nav.html")
def enforcement_nav(tab: str = ""):
    tabs = []
    for key, label, name in TABS:
        try:
            tabs.append({"key": key, "label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return {"tabs": tabs, "tab": tab}
