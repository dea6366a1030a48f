"""Numbering services: issue, void, templates — each refusal also asserts that nothing changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.numbering.choices import NumberStatus
from fazhi.numbering.models import IssuedNumber, NumberSequence, NumberTemplate
from fazhi.numbering.selectors import effective_template, number_preview, numbers_for_record
from fazhi.numbering.services import number_issue, number_void, template_clear, template_set
from tests.numbering.doc_types import CASE, DOC


def state() -> tuple:
    """Everything the numbering engine writes, to compare before and after a refusal."""
    return (
        list(IssuedNumber.objects.order_by("pk").values()),
        list(NumberSequence.objects.order_by("pk").values()),
        list(NumberTemplate.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


# --- issuing --------------------------------------------------------------------------------------


def test_numbers_run_from_one_per_unit_type_and_year(tree, people):
    a1 = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    a2 = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    other_type = number_issue(actor=people.legal, unit=tree.justice, doc_type=DOC, year=2025)
    other_unit = number_issue(actor=people.legal, unit=tree.dept_a, doc_type=CASE, year=2025)

    assert (a1.seq, a1.text) == (1, "清司复〔2025〕1号")
    assert (a2.seq, a2.text) == (2, "清司复〔2025〕2号")
    assert (other_type.seq, other_type.text) == (1, "清司规〔2025〕001号")
    assert (other_unit.seq, other_unit.text) == (1, "清市监复〔2025〕1号")
    assert a1.status == NumberStatus.ISSUED
    assert a1.issued_by == people.legal
    assert a1.template == "{unit_short}复〔{year}〕{seq}号"


def test_the_year_rolls_over_to_one(tree, people):
    for _ in range(3):
        number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    first_2026 = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2026)
    fourth_2025 = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)

    assert (first_2026.seq, first_2026.text) == (1, "清司复〔2026〕1号")
    assert (fourth_2025.seq, fourth_2025.text) == (4, "清司复〔2025〕4号")


def test_the_default_year_is_this_year_in_beijing(tree, people):
    issued = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE)
    assert issued.year == timezone.localdate().year


def test_issue_is_audited(tree, people):
    issued = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    event = AuditEvent.objects.get(object_id=str(issued.pk))
    assert event.action == AuditAction.CREATE
    assert event.actor == people.legal
    assert event.unit == tree.justice
    assert event.object_repr == "清司复〔2025〕1号"
    assert event.changes == {
        "doc_type": [None, CASE],
        "seq": [None, "1"],
        "text": [None, "清司复〔2025〕1号"],
        "year": [None, "2025"],
    }


def test_a_number_is_linked_to_its_record(tree, people):
    record = tree.town  # any model will do: the link is content type + object id text
    issued = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025, record=record)
    assert issued.content_type.model_class() is type(record)
    assert issued.object_id == str(record.pk)
    assert list(numbers_for_record(record)) == [issued]
    assert list(numbers_for_record(record, user=people.clerk_b)) == []


def test_a_rolled_back_caller_gives_its_number_back(tree, people):
    with pytest.raises(RuntimeError), transaction.atomic():
        number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
        raise RuntimeError("the caller's record failed")
    issued = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    assert issued.seq == 1


def test_issued_numbers_are_unique_in_the_database(tree, people):
    issued = number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            unit=tree.justice, doc_type=CASE, year=2025, seq=issued.seq, text="重复", template=issued.template
        )


@pytest.mark.parametrize("who", ["clerk_b", "leader", "admin_other", "nobody"])
def test_issue_outside_the_actors_scope_is_refused(tree, people, who):
    before = state()
    with pytest.raises(ScopeViolation):
        number_issue(actor=getattr(people, who), unit=tree.dept_a, doc_type=CASE, year=2025)
    assert state() == before


def test_issue_of_an_unknown_type_is_refused(tree, people):
    before = state()
    with pytest.raises(ValidationError) as exc:
        number_issue(actor=people.legal, unit=tree.justice, doc_type="no_such_type", year=2025)
    assert exc.value.messages == ["未登记的文号类型“no_such_type”。"]
    assert state() == before


def test_issue_for_an_inactive_unit_is_refused(tree, people):
    tree.town.is_active = False
    tree.town.save()
    before = state()
    with pytest.raises(ValidationError) as exc:
        number_issue(actor=people.legal, unit=tree.town, doc_type=CASE, year=2025)
    assert exc.value.messages == ["“城关镇”已停用，不能取号。"]
    assert state() == before


def test_issue_of_a_bad_year_is_refused(tree, people):
    before = state()
    with pytest.raises(ValidationError) as exc:
        number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=10000)
    assert exc.value.messages == ["年度 10000 不正确。"]
    assert state() == before


# --- voiding --------------------------------------------------------------------------------------


def test_void_keeps_the_number_and_never_reuses_it(tree, people):
    first = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    number_void(actor=people.legal, issued=first, reason="文件未印发")
    second = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)

    first.refresh_from_db()
    assert first.status == NumberStatus.VOIDED
    assert first.void_reason == "文件未印发"
    assert first.voided_by == people.legal
    assert first.voided_at is not None
    assert first.text == "清市监复〔2025〕1号"
    assert (second.seq, second.text) == (2, "清市监复〔2025〕2号")
    assert IssuedNumber.objects.filter(unit=tree.dept_a).count() == 2


def test_void_is_audited_as_a_transition(tree, people):
    issued = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    number_void(actor=people.legal, issued=issued, reason="文件未印发")
    event = AuditEvent.objects.filter(object_id=str(issued.pk)).order_by("-seq").first()
    assert event.action == AuditAction.TRANSITION
    assert event.actor == people.legal
    assert event.note == "文件未印发"
    assert event.changes["status"] == ["issued", "voided"]
    assert event.changes["void_reason"] == ["", "文件未印发"]
    assert event.changes["voided_by"] == [None, str(people.legal.pk)]


def test_void_twice_is_refused(tree, people):
    issued = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    number_void(actor=people.legal, issued=issued, reason="文件未印发")
    before = state()
    with pytest.raises(ValidationError) as exc:
        number_void(actor=people.legal, issued=issued, reason="再次作废")
    assert exc.value.messages == ["当前状态为“已作废”，不能执行“作废”。"]
    assert state() == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_void_needs_a_reason(tree, people, reason):
    issued = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    before = state()
    with pytest.raises(ValidationError) as exc:
        number_void(actor=people.legal, issued=issued, reason=reason)
    assert exc.value.messages == ["执行“作废”须填写理由。"]
    assert state() == before


def test_void_reason_has_a_length_limit(tree, people):
    issued = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    before = state()
    with pytest.raises(ValidationError) as exc:
        number_void(actor=people.legal, issued=issued, reason="长" * 201)
    assert exc.value.messages == ["作废理由不能超过 200 个字符。"]
    assert state() == before


@pytest.mark.parametrize("who", ["clerk_a", "leader", "admin_other", "clerk_b"])
def test_void_without_the_permission_is_refused(tree, people, who):
    issued = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    before = state()
    with pytest.raises(PermissionDenied) as exc:
        number_void(actor=getattr(people, who), issued=issued, reason="文件未印发")
    assert str(exc.value) == "您无权对该记录执行“作废”。"
    assert state() == before


# --- templates ------------------------------------------------------------------------------------


def test_template_lookup_own_then_nearest_ancestor_then_default(tree, people):
    assert (
        effective_template(unit=tree.dept_a_child, doc_type=CASE).template
        == "{unit_short}复〔{year}〕{seq}号"
    )
    assert effective_template(unit=tree.dept_a_child, doc_type=CASE).is_default

    template_set(
        actor=people.root_admin, unit=tree.city, doc_type=CASE, template="{unit_short}市复〔{year}〕{seq}号"
    )
    template_set(
        actor=people.admin, unit=tree.county, doc_type=CASE, template="{unit_short}行复〔{year}〕第{seq}号"
    )
    found = effective_template(unit=tree.dept_a_child, doc_type=CASE)
    assert (found.template, found.source) == ("{unit_short}行复〔{year}〕第{seq}号", tree.county)

    template_set(
        actor=people.admin_a, unit=tree.dept_a_child, doc_type=CASE, template="{unit_code}-{year}-{seq:04d}"
    )
    assert effective_template(unit=tree.dept_a_child, doc_type=CASE).source == tree.dept_a_child
    assert effective_template(unit=tree.other_county, doc_type=CASE).source == tree.city
    assert effective_template(unit=tree.province, doc_type=CASE).is_default

    # The issuing unit's own short name and code fill an inherited template.
    assert (
        number_issue(actor=people.legal, unit=tree.dept_b, doc_type=CASE, year=2025).text
        == "清公行复〔2025〕第1号"
    )
    assert (
        number_issue(actor=people.legal, unit=tree.dept_a_child, doc_type=CASE, year=2025).text
        == "qh-scj-cg-2025-0001"
    )


def test_preview_does_not_consume_a_number(tree, people):
    number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    assert number_preview(unit=tree.justice, doc_type=CASE, year=2025) == "清司复〔2025〕2号"
    assert number_preview(unit=tree.justice, doc_type=CASE, year=2025) == "清司复〔2025〕2号"
    assert number_preview(unit=tree.justice, doc_type=CASE, year=2026) == "清司复〔2026〕1号"
    assert NumberSequence.objects.get(unit=tree.justice, doc_type=CASE, year=2025).last == 1
    assert number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025).seq == 2


def test_template_set_creates_updates_and_audits(tree, people):
    created = template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复〔{year}〕{seq}号 "
    )
    assert created.template == "{unit_short}复〔{year}〕{seq}号"
    assert created.updated_by == people.admin
    updated = template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复字〔{year}〕{seq}号"
    )
    assert updated.pk == created.pk
    assert NumberTemplate.objects.get().template == "{unit_short}复字〔{year}〕{seq}号"
    events = list(AuditEvent.objects.filter(object_id=str(created.pk)).order_by("seq"))
    assert [(e.action, e.changes) for e in events] == [
        (
            AuditAction.CREATE,
            {"doc_type": [None, CASE], "template": [None, "{unit_short}复〔{year}〕{seq}号"]},
        ),
        (
            AuditAction.UPDATE,
            {"template": ["{unit_short}复〔{year}〕{seq}号", "{unit_short}复字〔{year}〕{seq}号"]},
        ),
    ]
    template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复字〔{year}〕{seq}号"
    )
    assert AuditEvent.objects.filter(object_id=str(created.pk)).count() == 2


def test_template_set_refuses_unknown_placeholders(tree, people):
    before = state()
    with pytest.raises(ValidationError) as exc:
        template_set(
            actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_name}复〔{year}〕{seq}号"
        )
    assert exc.value.message_dict == {
        "template": [
            "文号模板中有未知的占位符“{unit_name}”。可用的占位符：{unit_short}、{unit_code}、{year}、{seq}。"
        ]
    }
    assert state() == before


@pytest.mark.parametrize("who", ["legal", "clerk_a", "admin_other"])
def test_template_set_needs_the_manage_permission(tree, people, who):
    before = state()
    with pytest.raises(ScopeViolation):
        template_set(actor=getattr(people, who), unit=tree.dept_a, doc_type=CASE, template="{year}-{seq}")
    assert state() == before


def test_template_clear_falls_back_and_is_audited(tree, people):
    template_set(
        actor=people.admin, unit=tree.county, doc_type=CASE, template="{unit_short}行复〔{year}〕{seq}号"
    )
    own = template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复〔{year}〕{seq}号"
    )
    template_clear(actor=people.admin, template=own)
    assert effective_template(unit=tree.justice, doc_type=CASE).source == tree.county
    event = AuditEvent.objects.filter(object_id=str(own.pk)).order_by("-seq").first()
    assert event.action == AuditAction.DELETE


def test_template_clear_out_of_scope_is_refused(tree, people):
    own = template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复〔{year}〕{seq}号"
    )
    before = state()
    with pytest.raises(ScopeViolation):
        template_clear(actor=people.admin_other, template=own)
    assert state() == before
