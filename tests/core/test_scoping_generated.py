"""The generated scoping suite (issue 2, ADR 0001).

For every scoped model and every action it declares, and for every routed page and API endpoint that
shows or changes a scoped record, it checks: own unit allowed, descendant allowed, sibling and parent
refused, anonymous refused, a role without the action refused — and that a refusal changes nothing.
It is generated from the models and the URL configuration, so a new model or route is covered (or the
suite fails) without anyone remembering to write tests for it.
"""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.core.api.base import ScopedViewSetMixin
from fazhi.core.choices import Role
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import role_grants
from fazhi.core.views.base import ScopedDetailView, ScopedViewMixin
from tests.factories import make_user
from tests.scoping_samples import SAMPLES, scoped_models

ROLE_ORDER = [Role.CLERK, Role.LEADER, Role.AUDITOR, Role.LEGAL_STAFF, Role.ADMIN]


def role_with(permission: str) -> str:
    return next(role for role in ROLE_ORDER if role_grants(role, permission))


def role_without(permission: str) -> str | None:
    return next((role for role in ROLE_ORDER if not role_grants(role, permission)), None)


def db_fingerprint() -> str:
    """A digest of every row of every fazhi table: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for model in sorted(
        (m for m in apps.get_models() if m.__module__.startswith("fazhi.")), key=lambda m: m._meta.label
    ):
        rows = list(model._base_manager.order_by("pk").values())
        digest.update(model._meta.label.encode())
        digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


# --- models -------------------------------------------------------------------------------------

MODEL_CASES = [(m, action) for m in scoped_models() for action in m.scope_actions]


def test_every_scoped_model_has_a_sample():
    missing = [m._meta.label for m in scoped_models() if m not in SAMPLES]
    assert missing == []


@pytest.mark.parametrize(
    ("model", "action"), MODEL_CASES, ids=[f"{m._meta.label}-{a}" for m, a in MODEL_CASES]
)
def test_restrict_follows_the_unit_tree(tree, model, action):
    permission = model.scope_permission(action)
    actor = make_user("scope_actor", tree.dept_a, role_with(permission))
    own = SAMPLES[model](tree.dept_a)
    descendant = SAMPLES[model](tree.dept_a_child)
    sibling = SAMPLES[model](tree.dept_b)
    parent = SAMPLES[model](tree.county)

    visible = set(model._default_manager.restrict(actor, action).values_list("pk", flat=True))

    assert own.pk in visible
    assert descendant.pk in visible
    assert sibling.pk not in visible
    assert parent.pk not in visible


@pytest.mark.parametrize(
    ("model", "action"), MODEL_CASES, ids=[f"{m._meta.label}-{a}" for m, a in MODEL_CASES]
)
def test_restrict_refuses_anonymous_and_roles_without_the_action(tree, model, action):
    from django.contrib.auth.models import AnonymousUser

    own = SAMPLES[model](tree.dept_a)
    assert not model._default_manager.restrict(AnonymousUser(), action).filter(pk=own.pk).exists()
    lacking = role_without(model.scope_permission(action))
    if lacking is None:
        pytest.skip("every role grants this action")
    actor = make_user("scope_lacking", tree.dept_a, lacking)
    assert not model._default_manager.restrict(actor, action).filter(pk=own.pk).exists()


def test_inactive_user_and_inactive_membership_see_nothing(tree):
    actor = make_user("inactive_actor", tree.dept_a, Role.ADMIN)
    assert OrgUnit.objects.restrict(actor).filter(pk=tree.dept_a.pk).exists()
    actor.memberships.update(is_active=False)
    actor = User.objects.get(pk=actor.pk)
    assert OrgUnit.objects.restrict(actor).count() == 0
    actor.memberships.update(is_active=True)
    actor.is_active = False
    actor.save()
    actor = User.objects.get(pk=actor.pk)
    assert OrgUnit.objects.restrict(actor).count() == 0


# --- routes -------------------------------------------------------------------------------------


def _routes(patterns=None, prefix="", namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            cls = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
            if cls is None:
                continue
            kwargs = set(entry.pattern.converters)
            if issubclass(cls, ScopedViewMixin):
                yield ("page", f"{namespace}{entry.name}", cls, kwargs, None)
            elif issubclass(cls, ScopedViewSetMixin):
                yield ("api", f"{namespace}{entry.name}", cls, kwargs, getattr(entry.callback, "actions", {}))


ROUTES = list(_routes())
OBJECT_ROUTES = [r for r in ROUTES if r[3] == {"pk"}]
LIST_ROUTES = [r for r in ROUTES if not r[3]]


def test_every_scoped_route_is_covered():
    """Object routes take exactly one ``pk``; anything else would escape this suite."""
    uncovered = [name for _, name, _, kwargs, _ in ROUTES if kwargs not in (set(), {"pk"})]
    assert uncovered == []
    assert OBJECT_ROUTES, "no scoped object routes found"


def _actor_for(cls, tree):
    """A user at dept A who holds every permission the route could need (an administrator)."""
    return make_user("route_actor", tree.dept_a, Role.ADMIN)


def _methods(kind, cls, actions):
    if kind == "api":
        return sorted(m.upper() for m in actions)
    return [m.upper() for m in ("get", "post") if m in cls.http_method_names and hasattr(cls, m)]


def _send(client, method, url):
    if method == "GET":
        return client.get(url)
    return getattr(client, method.lower())(url, data={}, content_type="application/json")


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r[1] for r in OBJECT_ROUTES])
@pytest.mark.parametrize("where", ["sibling", "parent"])
def test_object_route_refuses_out_of_scope_records(tree, login, route, where):
    kind, name, cls, _, actions = route
    actor = _actor_for(cls, tree)
    client = login(actor)
    target_unit = tree.dept_b if where == "sibling" else tree.county
    record = SAMPLES[cls.model](target_unit)
    url = reverse(name, kwargs={"pk": record.pk})
    for method in _methods(kind, cls, actions):
        before = db_fingerprint()
        response = _send(client, method, url)
        assert response.status_code == 404, f"{method} {url} → {response.status_code}"
        assert db_fingerprint() == before, f"{method} {url} changed the database"


OBJECT_GET_ROUTES = [r for r in OBJECT_ROUTES if "GET" in _methods(r[0], r[2], r[4])]
LIST_GET_ROUTES = [r for r in LIST_ROUTES if "GET" in _methods(r[0], r[2], r[4])]


@pytest.mark.parametrize("route", OBJECT_GET_ROUTES, ids=[r[1] for r in OBJECT_GET_ROUTES])
def test_object_route_allows_own_and_descendant_records(tree, login, route):
    _kind, name, cls, _, _actions = route
    client = login(_actor_for(cls, tree))
    for unit in (tree.dept_a, tree.dept_a_child):
        record = SAMPLES[cls.model](unit)
        response = client.get(reverse(name, kwargs={"pk": record.pk}))
        assert response.status_code == 200, f"{name} in {unit.name} → {response.status_code}"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r[1] for r in OBJECT_ROUTES])
def test_object_route_refuses_anonymous(tree, client, route):
    kind, name, cls, _, actions = route
    record = SAMPLES[cls.model](tree.dept_a)
    url = reverse(name, kwargs={"pk": record.pk})
    for method in _methods(kind, cls, actions):
        before = db_fingerprint()
        response = _send(client, method, url)
        if kind == "page":
            assert response.status_code in (302, 403, 404), f"{method} {url} → {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith("/login/")
        else:
            assert response.status_code in (401, 403), f"{method} {url} → {response.status_code}"
        assert db_fingerprint() == before


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r[1] for r in OBJECT_ROUTES])
def test_object_route_refuses_role_without_the_action(tree, login, route):
    kind, name, cls, _, actions = route
    record = SAMPLES[cls.model](tree.dept_a)
    url = reverse(name, kwargs={"pk": record.pk})
    if kind == "page":
        checks = [(m, cls.scope_action) for m in _methods(kind, cls, actions)]
    else:
        from fazhi.core.api.base import ACTION_FOR

        checks = [
            (m.upper(), cls.extra_scope_actions.get(a) or ACTION_FOR.get(a, "view"))
            for m, a in actions.items()
        ]
    for method, action in checks:
        lacking = role_without(cls.model.scope_permission(action))
        if lacking is None:
            continue
        client = login(make_user(f"lacking_{lacking}_{method.lower()}", tree.dept_a, lacking))
        before = db_fingerprint()
        response = _send(client, method, url)
        assert response.status_code in (403, 404), f"{lacking} {method} {url} → {response.status_code}"
        assert db_fingerprint() == before


def _detail_url(model, pk) -> str | None:
    """The page that shows one record of ``model``: how a list page links to it."""
    for kind, name, cls, _kwargs, _ in OBJECT_ROUTES:
        if (
            kind == "page"
            and cls.model is model
            and cls.scope_action == "view"
            and issubclass(cls, ScopedDetailView)
        ):
            return reverse(name, kwargs={"pk": pk})
    return None


def _listed_pks(kind, response, model, records) -> tuple[set, bool]:
    """Which of ``records`` a response shows, and whether it is a list of records at all.

    API lists: the ids in the JSON rows. Pages: a UUID anywhere (links, option values); an integer key
    only through a link to the record's detail page, since bare digits are everywhere in HTML.
    """
    if kind == "api":
        data = response.json()
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
            pk_name = model._meta.pk.name
            shown = {str(row.get(pk_name, row.get("id"))) for row in rows}
            return {r.pk for r in records if str(r.pk) in shown}, True
    body = response.content.decode()
    found = set()
    for record in records:
        url = _detail_url(model, record.pk)
        if isinstance(record.pk, uuid.UUID):
            hit = str(record.pk) in body
        else:
            hit = bool(url) and (f'"{url}"' in body)
        if hit:
            found.add(record.pk)
    return found, kind == "page" and name_is_list(response)


def name_is_list(response) -> bool:
    view = getattr(response, "context_data", None) or {}
    return "object_list" in view


@pytest.mark.parametrize("route", LIST_GET_ROUTES, ids=[r[1] for r in LIST_GET_ROUTES])
def test_list_route_shows_only_records_in_scope(tree, login, route):
    kind, name, cls, _, _actions = route
    client = login(_actor_for(cls, tree))
    own = SAMPLES[cls.model](tree.dept_a)
    sibling = SAMPLES[cls.model](tree.dept_b)
    parent = SAMPLES[cls.model](tree.county)
    response = client.get(reverse(name))
    assert response.status_code == 200
    shown, is_list = _listed_pks(kind, response, cls.model, [own, sibling, parent])
    assert sibling.pk not in shown
    assert parent.pk not in shown
    if is_list and (kind == "api" or _detail_url(cls.model, own.pk) or isinstance(own.pk, uuid.UUID)):
        assert own.pk in shown
