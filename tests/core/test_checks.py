"""The system checks refuse a model or a view that bypasses the scoping base."""

from django.db import models
from django.test.utils import isolate_apps, override_settings
from django.urls import path
from django.views import generic

from fazhi.core import checks as fazhi_checks
from fazhi.core.models import OrgUnit


def test_the_project_passes_its_own_checks(db):
    assert fazhi_checks.check_models_scoped() == []
    assert fazhi_checks.check_views_scoped() == []


@isolate_apps("fazhi.core")
def test_a_model_holding_a_unit_outside_the_base_is_refused(monkeypatch):
    class Rogue(models.Model):
        unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT)

        class Meta:
            app_label = "core"

    Rogue.__module__ = "fazhi.core.models.rogue"
    monkeypatch.setattr(fazhi_checks, "_fazhi_models", lambda: [Rogue])
    errors = fazhi_checks.check_models_scoped()
    assert [e.id for e in errors] == ["fazhi.E001"]
    assert "引用了组织机构" in errors[0].msg


class RogueListView(generic.ListView):
    model = OrgUnit


urlpatterns = [path("rogue/", RogueListView.as_view(), name="rogue")]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_outside_the_base_is_refused():
    errors = fazhi_checks.check_views_scoped()
    assert [e.id for e in errors] == ["fazhi.E003"]
    assert "rogue/" in errors[0].msg


def test_a_view_that_skips_restrict_refuses_to_run(people, rf):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.core.views.base import ScopedListView

    class Sneaky(ScopedListView):
        model = OrgUnit

        def refine_queryset(self, qs):
            return OrgUnit.objects.all()  # starts over: would show every unit

    request = rf.get("/sneaky/")
    request.user = people.clerk_a
    with pytest.raises(ImproperlyConfigured):
        Sneaky.as_view()(request)
