"""两法衔接: registering a transfer, the receiving organ's answers, every refusal changing nothing, the metric."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import fazhi.enforcement.cases.metrics_transfers  # noqa: F401  (registered by metrics.py once imported there)
from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.choices import TransferStatus, TransferTarget
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer
from fazhi.enforcement.cases.services.transfers import (
    can_update_status,
    next_statuses,
    transfer_register,
    transfer_update_status,
)
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from tests.enforcement_cases.factories import make_case

pytestmark = pytest.mark.django_db
D = datetime.date
S = TransferStatus


def state():
    return (
        list(JudicialTransfer.objects.order_by("pk").values()),
        list(EnforcementCase.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def register(actor, **extra):
    values = {
        "target": TransferTarget.POLICE,
        "receiving_organ": "清河县公安局",
        "suspected_offence": "生产、销售不符合安全标准的食品罪",
        "transferred_on": D(2025, 6, 3),
    } | extra
    return transfer_register(actor=actor, **values)


def test_transfer_from_a_case_takes_its_unit_and_party_and_changes_nothing_on_it(people, tree):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    case_before = list(EnforcementCase.objects.filter(pk=case.pk).values())
    transfer = register(people.clerk_a, case=case)
    assert transfer.unit == tree.dept_a
    assert transfer.party_name == "清河县某某餐饮有限公司"
    assert transfer.status == S.TRANSFERRED and transfer.status_on == D(2025, 6, 3)
    assert list(EnforcementCase.objects.filter(pk=case.pk).values()) == case_before
    assert AuditEvent.objects.filter(object_id=str(transfer.pk), action="create").count() == 1


def test_standalone_transfer_needs_a_unit_in_scope(people, tree):
    transfer = register(people.clerk_a, unit=tree.dept_a_child, party_name="张某")
    assert transfer.case is None and transfer.unit == tree.dept_a_child
    before = state()
    with pytest.raises(PermissionDenied):
        register(people.clerk_a, unit=tree.dept_b, party_name="李某")
    assert state() == before


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"transferred_on": D(2025, 4, 1)},
            "transferred_on",
            "移送日期（2025-04-01）不能早于案件立案日期（2025-04-07）。",
        ),
        ({"receiving_organ": " "}, "receiving_organ", "请填写接收机关。"),
        ({"suspected_offence": ""}, "suspected_offence", "请填写涉嫌罪名。"),
        ({"target": "court"}, "target", "请选择移送对象。"),
    ],
)
def test_register_refusals_change_nothing(people, tree, extra, field, message):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    before = state()
    with pytest.raises(ValidationError) as refused:
        register(people.clerk_a, case=case, **extra)
    assert refused.value.message_dict[field] == [message]
    assert state() == before


def test_a_future_date_is_refused(people, tree):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    before = state()
    with pytest.raises(ValidationError) as refused:
        register(people.clerk_a, case=case, transferred_on=datetime.date.today() + datetime.timedelta(days=1))
    assert refused.value.message_dict["transferred_on"] == ["移送日期不能晚于今天。"]
    assert state() == before


def test_a_case_out_of_scope_is_refused(people, tree):
    case = make_case(tree.dept_b)
    before = state()
    with pytest.raises(PermissionDenied):
        register(people.clerk_a, case=case)
    assert state() == before


def test_the_same_case_is_not_transferred_twice_to_the_same_organ_while_open(people, tree):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    first = register(people.clerk_a, case=case)
    before = state()
    with pytest.raises(ValidationError) as refused:
        register(people.clerk_a, case=case, transferred_on=D(2025, 6, 10))
    assert refused.value.messages == [
        "该案件已于 2025-06-03 移送公安机关（清河县公安局），尚在办理中，不能重复移送。"
    ]
    assert state() == before
    # to another organ, or again after the first came back: allowed
    register(people.clerk_a, case=case, target=TransferTarget.SUPERVISION, receiving_organ="清河县监察委员会")
    transfer_update_status(
        actor=people.clerk_a,
        transfer=first,
        status=S.RETURNED,
        on=D(2025, 6, 9),
        feedback="证据不足，退回补充",
    )
    again = register(people.clerk_a, case=case, transferred_on=D(2025, 7, 1))
    assert again.status == S.TRANSFERRED


def test_the_answers_of_the_receiving_organ(people, tree):
    transfer = register(people.clerk_a, case=make_case(tree.dept_a, filed_on=D(2025, 4, 7)))
    assert [v for v, _ in next_statuses(transfer)] == [S.FILED, S.NOT_FILED, S.RETURNED]
    transfer_update_status(actor=people.clerk_a, transfer=transfer, status=S.FILED, on=D(2025, 6, 6))
    transfer_update_status(
        actor=people.clerk_a,
        transfer=transfer,
        status=S.PROSECUTED,
        on=D(2025, 9, 1),
        feedback="移送审查起诉",
    )
    transfer = transfer_update_status(
        actor=people.clerk_a,
        transfer=transfer,
        status=S.JUDGED,
        on=D(2025, 12, 20),
        feedback="判处有期徒刑一年",
    )
    assert transfer.status == S.JUDGED and transfer.status_on == D(2025, 12, 20)
    assert transfer.feedback == "2025-09-01 已起诉：移送审查起诉\n2025-12-20 已判决：判处有期徒刑一年"
    assert not can_update_status(transfer)
    notes = list(
        AuditEvent.objects.filter(object_id=str(transfer.pk), action="transition")
        .order_by("seq")
        .values_list("note", flat=True)
    )
    assert notes == ["两法衔接：已移送 → 已立案", "两法衔接：已立案 → 已起诉", "两法衔接：已起诉 → 已判决"]


def test_not_filed_may_still_be_filed_after_review(people, tree):
    transfer = register(people.clerk_a, unit=tree.dept_a, party_name="张某")
    transfer_update_status(
        actor=people.clerk_a, transfer=transfer, status=S.NOT_FILED, on=D(2025, 6, 6), feedback="不构成犯罪"
    )
    transfer = transfer_update_status(
        actor=people.clerk_a, transfer=transfer, status=S.FILED, on=D(2025, 6, 20)
    )
    assert transfer.status == S.FILED


@pytest.mark.parametrize(
    ("status", "on", "feedback", "message"),
    [
        (
            S.JUDGED,
            D(2025, 6, 6),
            "",
            "移送当前为“已移送”，不能登记为“已判决”。可登记：已立案、不予立案、退回。",
        ),
        (
            S.TRANSFERRED,
            D(2025, 6, 6),
            "",
            "移送当前为“已移送”，不能登记为“已移送”。可登记：已立案、不予立案、退回。",
        ),
        (
            S.FILED,
            D(2025, 6, 1),
            "",
            "日期（2025-06-01）不能早于移送日期或上一次办理状态的日期（2025-06-03）。",
        ),
        (S.NOT_FILED, D(2025, 6, 6), "", "登记“不予立案”的，请填写反馈情况（理由或判决结果）。"),
    ],
)
def test_status_refusals_change_nothing(people, tree, status, on, feedback, message):
    transfer = register(people.clerk_a, unit=tree.dept_a, party_name="张某")
    before = state()
    with pytest.raises(ValidationError) as refused:
        transfer_update_status(
            actor=people.clerk_a, transfer=transfer, status=status, on=on, feedback=feedback
        )
    assert refused.value.messages == [message]
    assert state() == before


def test_status_update_out_of_scope_is_refused(people, tree):
    transfer = register(people.clerk_a, unit=tree.dept_a, party_name="张某")
    before = state()
    with pytest.raises(PermissionDenied):
        transfer_update_status(actor=people.clerk_b, transfer=transfer, status=S.FILED, on=D(2025, 6, 6))
    assert state() == before


def test_metric_counts_transfers_by_transfer_date(people, tree):
    for on in (D(2024, 12, 31), D(2025, 1, 1), D(2025, 6, 3), D(2025, 12, 31)):
        register(people.clerk_a, unit=tree.dept_a, party_name="张某", transferred_on=on)
    register(people.clerk_b, unit=tree.dept_b, party_name="李某", transferred_on=D(2025, 3, 3))
    returned = JudicialTransfer.objects.filter(transferred_on=D(2025, 6, 3)).get()
    transfer_update_status(
        actor=people.clerk_a, transfer=returned, status=S.RETURNED, on=D(2025, 7, 1), feedback="退回"
    )
    key = "enforcement.transfers_to_judiciary"
    assert evaluate(key, tree.dept_a, Period.for_year(2025)).value == 3
    assert evaluate(key, tree.county, Period.for_year(2025)).value == 4
    assert evaluate(key, tree.dept_a, Period.for_year(2024)).value == 1
