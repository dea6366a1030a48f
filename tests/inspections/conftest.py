import hashlib
import json

import pytest
from django.apps import apps

from tests.inspections.factories import make_entity, make_inspector, make_task


def fingerprint() -> str:
    """Every row of the inspections tables and the audit log: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for label in ("inspections", "core"):
        for model in sorted(apps.get_app_config(label).get_models(), key=lambda m: m._meta.label):
            rows = list(model._base_manager.order_by("pk").values())
            digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


@pytest.fixture
def pool(tree):
    """市场监管局: six entities and four certified inspectors (one in 城关所)."""
    entities = [make_entity(tree.dept_a, name=f"清河县第{i}食品商行") for i in range(1, 7)]
    inspectors = [make_inspector(tree.dept_a, name=f"检查员{i}") for i in range(1, 4)]
    inspectors.append(make_inspector(tree.dept_a_child, name="所检查员"))
    # the 城关所 officer is in the department's pool too
    inspectors[-1].unit = tree.dept_a
    inspectors[-1].save()
    return entities, inspectors


@pytest.fixture
def task(tree):
    return make_task(tree.dept_a)
