"""The workflow base (fazhi/core/workflow.py), exercised on the numbering engine's IssuedNumber.

IssuedNumber's table has one transition, issued → voided ("void", reason required, action "void" =
the delete permission), which is enough to test every guard; a second table built here checks the
declarations themselves.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.db.models import TextChoices

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.models import AuditEvent
from fazhi.core.workflow import (
    Transition,
    Workflow,
    available_transitions,
    can,
    transition,
    transition_flags,
    workflow_of,
)
from fazhi.numbering.choices import NumberStatus
from fazhi.numbering.models import IssuedNumber
from fazhi.numbering.services import number_issue, number_void
from tests.numbering.doc_types import CASE


def issue(tree, people) -> IssuedNumber:
    return number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)


def stored(number: IssuedNumber) -> dict:
    return IssuedNumber.objects.filter(pk=number.pk).values().get()


def transitions_audited(number) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(number.pk), action=AuditAction.TRANSITION))


# --- declarations ---------------------------------------------------------------------------------


class Light(TextChoices):
    RED = "red", "红灯"
    GREEN = "green", "绿灯"


def test_a_table_with_unknown_states_or_duplicate_names_is_refused():
    with pytest.raises(ImproperlyConfigured, match="未定义的状态"):
        Workflow(Light, [Transition("go", ["amber"], Light.GREEN, "通行")])
    with pytest.raises(ImproperlyConfigured, match="未定义的状态"):
        Workflow(Light, [Transition("go", [], Light.GREEN, "通行")])
    with pytest.raises(ImproperlyConfigured, match="重复定义"):
        Workflow(
            Light,
            [
                Transition("go", [Light.RED], Light.GREEN, "通行"),
                Transition("go", [Light.GREEN], Light.RED, "停止"),
            ],
        )


def test_binding_checks_the_models_scope_actions():
    class Model:
        scope_actions = {"view": Permission.VIEW, "change": Permission.CHANGE}

    ok = Workflow(Light, [Transition("go", [Light.RED], Light.GREEN, "通行")])
    ok.contribute_to_class(Model, "workflow")
    assert Model.workflow is ok and ok.model is Model
    needs_approve = Workflow(Light, [Transition("go", [Light.RED], Light.GREEN, "通行", action="approve")])
    with pytest.raises(ImproperlyConfigured, match="缺少流转所需的操作"):
        needs_approve.contribute_to_class(Model, "workflow")


def test_the_numbering_table():
    workflow = workflow_of(IssuedNumber)
    void = workflow["void"]
    assert (void.sources, void.target, str(void.label), void.action, void.reason_required) == (
        ("issued",),
        "voided",
        "作废",
        "void",
        True,
    )
    assert workflow.label_of("voided") == "已作废"
    with pytest.raises(ValueError, match="没有名为"):
        workflow["reissue"]


# --- running a transition -------------------------------------------------------------------------


def test_transition_updates_audits_and_schedules_side_effects(
    tree, people, django_capture_on_commit_callbacks
):
    number = issue(tree, people)
    ran = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = transition(
            actor=people.legal,
            obj=number,
            name="void",
            reason="文件未印发",
            void_reason="文件未印发",
            on_commit=lambda: ran.append(number.pk),
        )
    assert result is number
    assert number.status == NumberStatus.VOIDED
    row = stored(number)
    assert (row["status"], row["void_reason"]) == ("voided", "文件未印发")
    assert row["updated_at"] > row["created_at"]
    assert len(callbacks) == 1
    assert ran == [number.pk]
    [event] = transitions_audited(number)
    assert event.actor == people.legal
    assert event.unit == tree.dept_a
    assert event.note == "文件未印发"
    assert event.changes == {"status": ["issued", "voided"], "void_reason": ["", "文件未印发"]}


def test_a_refused_transition_schedules_nothing(tree, people, django_capture_on_commit_callbacks):
    number = issue(tree, people)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        transition(actor=people.legal, obj=number, name="void", reason="", on_commit=lambda: None)
    assert callbacks == []


def test_wrong_state_is_refused_naming_the_current_state(tree, people):
    number = issue(tree, people)
    number_void(actor=people.legal, issued=number, reason="文件未印发")
    before = stored(number)
    with pytest.raises(ValidationError) as exc:
        transition(actor=people.legal, obj=number, name="void", reason="再次作废")
    assert exc.value.messages == ["当前状态为“已作废”，不能执行“作废”。"]
    assert exc.value.code == "invalid_transition"
    assert stored(number) == before
    assert len(transitions_audited(number)) == 1


def test_a_stale_object_is_judged_by_the_stored_state(tree, people):
    number = issue(tree, people)
    stale = IssuedNumber.objects.get(pk=number.pk)
    number_void(actor=people.legal, issued=number, reason="文件未印发")
    assert stale.status == NumberStatus.ISSUED
    with pytest.raises(ValidationError) as exc:
        number_void(actor=people.admin, issued=stale, reason="再次作废")
    assert exc.value.messages == ["当前状态为“已作废”，不能执行“作废”。"]
    assert len(transitions_audited(number)) == 1


def test_the_conditional_update_refuses_even_when_the_state_read_was_stale(tree, people, monkeypatch):
    """The last guard: UPDATE … WHERE status IN (sources) must touch exactly one row."""
    number = issue(tree, people)
    number_void(actor=people.legal, issued=number, reason="文件未印发")
    before = stored(number)
    monkeypatch.setattr("fazhi.core.workflow._locked_state", lambda model, pk, field: "issued")
    with pytest.raises(ValidationError) as exc:
        transition(actor=people.legal, obj=number, name="void", reason="再次作废", void_reason="再次作废")
    assert exc.value.messages == ["当前状态为“已作废”，不能执行“作废”。"]
    assert stored(number) == before
    assert len(transitions_audited(number)) == 1


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_a_required_reason_is_enforced(tree, people, reason):
    number = issue(tree, people)
    before = stored(number)
    with pytest.raises(ValidationError) as exc:
        transition(actor=people.legal, obj=number, name="void", reason=reason)
    assert exc.value.messages == ["执行“作废”须填写理由。"]
    assert exc.value.code == "reason_required"
    assert stored(number) == before
    assert transitions_audited(number) == []


@pytest.mark.parametrize("who", ["clerk_a", "leader", "auditor", "clerk_b", "admin_other", "nobody"])
def test_the_actor_needs_the_action_in_scope(tree, people, who):
    number = issue(tree, people)
    before = stored(number)
    with pytest.raises(PermissionDenied) as exc:
        transition(actor=getattr(people, who), obj=number, name="void", reason="文件未印发")
    assert str(exc.value) == "您无权对该记录执行“作废”。"
    assert stored(number) == before
    assert transitions_audited(number) == []


def test_fields_are_checked(tree, people):
    number = issue(tree, people)
    for bad in ({"status": "issued"}, {"id": number.pk}, {"no_such_field": 1}):
        with pytest.raises(ValueError, match="不能设置字段"):
            transition(actor=people.legal, obj=number, name="void", reason="理由", **bad)
    with pytest.raises(ValueError, match="没有名为"):
        transition(actor=people.legal, obj=number, name="reissue")
    assert stored(number)["status"] == "issued"


# --- predicates -----------------------------------------------------------------------------------


def test_available_transitions_and_can(tree, people):
    number = issue(tree, people)
    assert [t.name for t in available_transitions(number, people.legal)] == ["void"]
    assert [t.name for t in available_transitions(number, people.admin_a)] == ["void"]
    assert available_transitions(number, people.clerk_a) == []
    assert available_transitions(number, people.admin_other) == []
    assert can(number, people.legal, "void") is True
    assert can(number, people.clerk_a, "void") is False
    assert can(number, people.clerk_b, "void") is False
    assert transition_flags(number, people.legal) == {"void": True}
    assert transition_flags(number, people.leader) == {"void": False}

    number_void(actor=people.legal, issued=number, reason="文件未印发")
    assert available_transitions(number, people.legal) == []
    assert can(number, people.legal, "void") is False


# --- concurrency ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_clicks_cannot_both_succeed(tree, people):
    number = issue(tree, people)
    copies = [IssuedNumber.objects.get(pk=number.pk) for _ in range(2)]
    actors = [people.legal, people.admin]
    start = threading.Barrier(2)
    outcomes: list = [None, None]

    def click(i: int) -> None:
        try:
            start.wait()
            number_void(actor=actors[i], issued=copies[i], reason=f"第{i + 1}次点击")
            outcomes[i] = "ok"
        except BaseException as exc:  # reported below
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    close_old_connections()

    assert sorted(o == "ok" for o in outcomes) == [False, True]
    [refused] = [o for o in outcomes if o != "ok"]
    assert isinstance(refused, ValidationError), repr(refused)
    assert refused.messages == ["当前状态为“已作废”，不能执行“作废”。"]
    winner = outcomes.index("ok")
    [event] = transitions_audited(number)
    assert event.note == f"第{winner + 1}次点击"
    assert stored(number)["void_reason"] == f"第{winner + 1}次点击"


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_that_both_read_the_old_state_still_cannot_both_succeed(tree, people, monkeypatch):
    """Without the row lock, both requests read "issued"; the conditional UPDATE alone must decide.

    On PostgreSQL both threads pass the (unlocked) read before either writes; the second UPDATE waits
    for the first to commit, re-evaluates ``status IN ('issued')`` and touches no row. SQLite cannot
    interleave like this (the IMMEDIATE transaction admits one writer), so there the test runs serially.
    """
    number = issue(tree, people)
    copies = [IssuedNumber.objects.get(pk=number.pk) for _ in range(2)]
    actors = [people.legal, people.admin]
    both_read = threading.Barrier(2)
    interleave = connection.vendor == "postgresql"

    def unlocked_read(model, pk, field):
        state = model._base_manager.filter(pk=pk).values_list(field, flat=True).first()
        if interleave:
            both_read.wait(timeout=10)
        return state

    monkeypatch.setattr("fazhi.core.workflow._locked_state", unlocked_read)
    outcomes: list = [None, None]

    def click(i: int) -> None:
        try:
            number_void(actor=actors[i], issued=copies[i], reason=f"第{i + 1}次点击")
            outcomes[i] = "ok"
        except BaseException as exc:  # reported below
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    close_old_connections()

    assert sorted(o == "ok" for o in outcomes) == [False, True]
    [refused] = [o for o in outcomes if o != "ok"]
    assert isinstance(refused, ValidationError), repr(refused)
    assert refused.messages == ["当前状态为“已作废”，不能执行“作废”。"]
    assert len(transitions_audited(number)) == 1
