from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import NoReverseMatch, reverse
from django.views import generic

from fazhi.core import selectors
from fazhi.core.home import home_panels


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """The user's work: counts over their units and what recently changed there."""

    fazhi_scope_exempt = "工作台，所有数据经 fazhi.core.selectors 按范围读取"
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.home_counts(user=self.request.user)
        for item in counts:
            try:
                item["url"] = reverse(item["url_name"])
            except NoReverseMatch:
                item["url"] = ""
        context["counts"] = counts
        context["activity"] = selectors.recent_activity(user=self.request.user)
        context["panels"] = [panel for panel in (build(self.request) for build in home_panels()) if panel]
        return context
