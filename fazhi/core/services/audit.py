"""Appending to and verifying the hash-chained audit log (docs/architecture.md#audit)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connections, models, router, transaction
from django.utils import timezone

from fazhi.core.context import client_ip
from fazhi.core.masking import mask
from fazhi.core.models import AuditChainHead, AuditEvent, OrgUnit
from fazhi.core.models.audit import GENESIS_HASH


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, str | None]:
    """Field values as text; sensitive fields (model.sensitive_fields) masked, passwords never kept."""
    sensitive = set(getattr(obj, "sensitive_fields", ()))
    result: dict[str, str | None] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "last_login", "updated_at", "created_at"}:
            continue
        value = _as_text(getattr(obj, field.attname))
        result[field.name] = mask(value) if field.name in sensitive and value else value
    return result


def diff(before: dict, after: dict) -> dict[str, list]:
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _unit_of(obj) -> OrgUnit | None:
    if obj is None:
        return None
    if isinstance(obj, OrgUnit):
        return obj
    attr = getattr(type(obj), "scope_unit_attr", None)
    if attr:
        return getattr(obj, attr, None)
    return None


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    unit: OrgUnit | None = None,
    changes: dict | None = None,
    note: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """Append one event; joins the caller's transaction so the event and the change commit together."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # No savepoint: the event belongs to the caller's transaction, and it saves two round trips while
    # the chain head is locked (every audited write in the installation queues on that row).
    with transaction.atomic(savepoint=False):
        # get_or_create: a flushed database (manage.py flush, transactional tests) has lost the row
        # that migration 0002 wrote; an empty log starts again from the genesis hash.
        head = AuditChainHead.objects.select_for_update().get_or_create(pk=1)[0]
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor,
            actor_name=(actor_name or (actor.get_full_name() or actor.username if actor else ""))[:150],
            unit=unit if unit is not None else _unit_of(obj),
            action=action,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=object_id or (str(obj.pk) if obj is not None else ""),
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
            changes=changes or {},
            note=note[:500],
            client_ip=client_ip(),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


def audit_record_bulk(*, actor, events: Iterable[dict], batch_size: int = 2000) -> int:
    """Append many events — e.g. one per record of a bulk import — as that many ``audit_record`` calls
    would, in order and on the same chain, but locking the chain head once, chaining the hashes in
    memory and inserting the rows in batches. Each item of ``events`` takes audit_record's keyword
    arguments other than ``actor``: action, obj, unit, changes, note, object_type, object_id,
    object_repr. All events share one time. Returns how many were written. Joins the caller's
    transaction, like audit_record.

    Each event is hashed with ``AuditEvent.canonical`` — the model's own canonical form, read from a
    plain object (50,000 model instances would cost more than hashing them) — so ``verify_chain``
    checks these events like any other. The rows are written with one ``executemany`` per batch, the
    values that repeat (time, actor, unit) converted for the database once: ``bulk_create`` would
    convert and place every value of 50,000 rows one by one (seconds).
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    actor_id = actor.pk if actor is not None else None
    actor_name = (actor.get_full_name() or actor.username if actor else "")[:150]
    created_at = timezone.now()
    ip = client_ip()
    connection = connections[router.db_for_write(AuditEvent)]
    fields = AuditEvent._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    # names from the model's meta, quoted; every value is a parameter
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    meta = AuditEvent._meta
    fixed = {
        "created_at": meta.get_field("created_at").get_db_prep_save(created_at, connection),
        "actor": meta.get_field("actor").get_db_prep_save(actor_id, connection),
    }
    unit_field, changes_field = meta.get_field("unit"), meta.get_field("changes")
    units: dict = {None: None}
    written = 0
    with transaction.atomic(savepoint=False):
        head = AuditChainHead.objects.select_for_update().get_or_create(pk=1)[0]
        seq, prev_hash = head.seq, head.hash
        batch: list[tuple] = []
        for item in events:
            obj = item.get("obj")
            unit = item.get("unit")
            if unit is None:
                unit = _unit_of(obj)
            unit_id = unit.pk if unit is not None else None
            seq += 1
            event = SimpleNamespace(
                seq=seq,
                created_at=created_at,
                actor_id=actor_id,
                actor_name=actor_name,
                unit_id=unit_id,
                action=item["action"],
                object_type=item.get("object_type") or (obj._meta.label_lower if obj is not None else ""),
                object_id=item.get("object_id") or (str(obj.pk) if obj is not None else ""),
                object_repr=(item.get("object_repr") or (str(obj) if obj is not None else ""))[:200],
                changes=item.get("changes") or {},
                note=item.get("note", "")[:500],
                client_ip=ip,
                prev_hash=prev_hash,
            )
            event.hash = prev_hash = hashlib.sha256(AuditEvent.canonical(event)).hexdigest()
            if unit_id not in units:
                units[unit_id] = unit_field.get_db_prep_save(unit_id, connection)
            values = []
            for field in fields:
                name = field.name
                if name in fixed:
                    values.append(fixed[name])
                elif name == "unit":
                    values.append(units[unit_id])
                elif name == "changes":
                    values.append(changes_field.get_db_prep_save(event.changes, connection))
                else:
                    values.append(getattr(event, field.attname))  # numbers and text: stored as they are
            batch.append(tuple(values))
            if len(batch) >= batch_size:
                written += _insert(connection, sql, batch)
                batch = []
        if batch:
            written += _insert(connection, sql, batch)
        if written:
            AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev_hash)
    return written


def _insert(connection, sql: str, rows: list[tuple]) -> int:
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(chunk_size: int = 2000) -> ChainReport:
    """Recompute every hash in order; name the first record whose content or link does not match."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if event.seq != expected_seq:
            return ChainReport(
                False, checked, expected_seq, f"缺少第 {expected_seq} 条记录（下一条为第 {event.seq} 条）"
            )
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.seq, f"第 {event.seq} 条记录与前一条的链接不符")
        if event.compute_hash() != event.hash:
            return ChainReport(
                False, checked, event.seq, f"第 {event.seq} 条记录的内容与其哈希不符，已被改动"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != expected_prev):
        return ChainReport(
            False,
            checked,
            checked + 1 if head.seq > checked else head.seq,
            f"链头记录第 {head.seq} 条，实际只有 {checked} 条完整记录（末尾记录可能被删除）",
        )
    return ChainReport(True, checked)
