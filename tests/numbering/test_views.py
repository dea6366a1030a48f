"""Pages of the numbering engine: the register, one number and its void action, templates."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.numbering.choices import NumberStatus
from fazhi.numbering.models import IssuedNumber, NumberSequence, NumberTemplate
from fazhi.numbering.services import number_issue, number_void, template_set
from tests.numbering.doc_types import CASE, DOC


def rows(response) -> list[str]:
    """The number texts of the register, in order, as shown."""
    body = response.content.decode()
    return re.findall(r'<a href="/numbering/[0-9a-f-]{36}/">(?:<del>)?([^<]+)', body)


@pytest.fixture
def numbers(tree, people):
    a1 = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    a2 = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=CASE, year=2025)
    a3 = number_issue(actor=people.clerk_a, unit=tree.dept_a, doc_type=DOC, year=2026)
    b1 = number_issue(actor=people.clerk_b, unit=tree.dept_b, doc_type=CASE, year=2025)
    number_void(actor=people.legal, issued=a1, reason="文件未印发")
    return a1, a2, a3, b1


# --- the register ---------------------------------------------------------------------------------


def test_register_shows_numbers_in_scope_newest_first(login, people, numbers):
    response = login(people.clerk_a).get(reverse("numbering:list"))
    assert response.status_code == 200
    assert rows(response) == ["清市监规〔2026〕001号", "清市监复〔2025〕2号", "清市监复〔2025〕1号"]
    response = login(people.legal).get(reverse("numbering:list"))
    assert rows(response) == [
        "清公复〔2025〕1号",
        "清市监规〔2026〕001号",
        "清市监复〔2025〕2号",
        "清市监复〔2025〕1号",
    ]


def test_a_voided_number_is_struck_through_with_its_reason(login, people, numbers):
    body = login(people.clerk_a).get(reverse("numbering:list")).content.decode()
    assert "<del>清市监复〔2025〕1号</del>" in body
    assert '<div class="small" data-testid="void-reason">作废理由：文件未印发</div>' in body
    assert "<del>清市监复〔2025〕2号</del>" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"doc_type": CASE}, ["清市监复〔2025〕2号", "清市监复〔2025〕1号"]),
        ({"year": "2026"}, ["清市监规〔2026〕001号"]),
        ({"status": "voided"}, ["清市监复〔2025〕1号"]),
        ({"status": "issued", "doc_type": CASE}, ["清市监复〔2025〕2号"]),
        ({"q": "规"}, ["清市监规〔2026〕001号"]),
        ({"year": "1800"}, ["清市监规〔2026〕001号", "清市监复〔2025〕2号", "清市监复〔2025〕1号"]),
    ],
)
def test_register_filters(login, people, numbers, query, expected):
    response = login(people.clerk_a).get(reverse("numbering:list"), query)
    assert rows(response) == expected


def test_register_query_count_does_not_grow_with_rows(login, tree, people):
    client = login(people.legal)
    number_issue(actor=people.legal, unit=tree.dept_a, doc_type=CASE, year=2025)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("numbering:list"))
    for _ in range(20):
        number_issue(actor=people.legal, unit=tree.dept_b, doc_type=CASE, year=2025)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("numbering:list"))
    assert len(many) == len(few)


# --- one number and voiding -----------------------------------------------------------------------


def test_detail_offers_void_only_to_those_who_may(login, people, numbers):
    _, a2, _, _ = numbers
    url = reverse("numbering:detail", args=[a2.pk])
    void_url = reverse("numbering:void", args=[a2.pk])
    assert f'href="{void_url}" data-transition="void"' in login(people.legal).get(url).content.decode()
    clerk_page = login(people.clerk_a).get(url)
    assert clerk_page.status_code == 200
    assert void_url not in clerk_page.content.decode()


def test_detail_of_a_voided_number(login, people, numbers):
    a1 = numbers[0]
    body = login(people.legal).get(reverse("numbering:detail", args=[a1.pk])).content.decode()
    assert "<del>清市监复〔2025〕1号</del>" in body
    assert "理由：文件未印发" in body
    assert 'data-transition="void"' not in body


def test_void_page_voids_with_a_reason(login, people, numbers):
    a2 = numbers[1]
    client = login(people.legal)
    url = reverse("numbering:void", args=[a2.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  重复取号  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("numbering:detail", args=[a2.pk])
    a2.refresh_from_db()
    assert (a2.status, a2.void_reason, a2.voided_by) == (NumberStatus.VOIDED, "重复取号", people.legal)


def test_void_page_requires_a_reason_and_changes_nothing(login, people, numbers):
    a2 = numbers[1]
    client = login(people.legal)
    events = AuditEvent.objects.count()
    response = client.post(reverse("numbering:void", args=[a2.pk]), {"reason": ""})
    assert response.status_code == 200
    assert '<div class="invalid-feedback d-block" data-field-error="reason">请填写作废理由。</div>' in (
        response.content.decode()
    )
    a2.refresh_from_db()
    assert a2.status == NumberStatus.ISSUED
    assert AuditEvent.objects.count() == events


def test_void_page_of_a_voided_number_refuses(login, people, numbers):
    a1 = numbers[0]
    client = login(people.legal)
    body = client.get(reverse("numbering:void", args=[a1.pk])).content.decode()
    refused = '<div class="alert alert-warning" role="alert" data-testid="void-refused">'
    assert f"{refused}当前状态为“已作废”，不能执行“作废”。</div>" in body
    events = AuditEvent.objects.count()
    response = client.post(reverse("numbering:void", args=[a1.pk]), {"reason": "再次作废"})
    assert "当前状态为“已作废”，不能执行“作废”。" in response.content.decode()
    a1.refresh_from_db()
    assert a1.void_reason == "文件未印发"
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["clerk_a", "leader", "clerk_b"])
def test_void_page_is_not_found_without_the_permission(login, people, numbers, who):
    a2 = numbers[1]
    client = login(getattr(people, who))
    events = AuditEvent.objects.count()
    response = client.post(reverse("numbering:void", args=[a2.pk]), {"reason": "理由"})
    assert response.status_code == 404
    a2.refresh_from_db()
    assert a2.status == NumberStatus.ISSUED
    assert AuditEvent.objects.count() == events


# --- templates ------------------------------------------------------------------------------------


def template_rows(response) -> dict[str, tuple[str, str, str]]:
    body = response.content.decode()
    found = re.findall(
        r'<tr data-doc-type="(\w+)">\s*<td>[^<]*</td>\s*<td><code>([^<]*)</code></td>\s*<td>([^<]*)</td>\s*'
        r'<td data-testid="preview">([^<]*)</td>',
        body,
    )
    return {key: (template, source, preview) for key, template, source, preview in found}


def test_templates_page_shows_own_inherited_and_default(login, tree, people):
    template_set(
        actor=people.admin, unit=tree.county, doc_type=CASE, template="{unit_short}行复〔{year}〕{seq}号"
    )
    number_issue(actor=people.legal, unit=tree.dept_a, doc_type=DOC, year=2026)
    client = login(people.admin)
    response = client.get(reverse("numbering:templates"), {"unit": str(tree.dept_a.pk)})
    assert response.status_code == 200
    shown = template_rows(response)
    year = response.context["year"]
    assert shown[CASE] == (
        "{unit_short}行复〔{year}〕{seq}号",
        "继承自“清河县人民政府”",
        f"清市监行复〔{year}〕1号",
    )
    assert shown[DOC][:2] == ("{unit_short}规〔{year}〕{seq:03d}号", "系统默认")
    response = client.get(reverse("numbering:templates"))  # the admin's own unit by default
    assert template_rows(response)[CASE][1] == "本单位设置"


def test_templates_page_is_for_administrators(login, tree, people):
    assert login(people.legal).get(reverse("numbering:templates")).status_code == 403
    assert (
        login(people.admin_a).get(reverse("numbering:templates"), {"unit": str(tree.county.pk)}).status_code
        == 404
    )


def test_template_create_refuses_unknown_placeholders_in_chinese(login, tree, people):
    client = login(people.admin)
    response = client.post(
        reverse("numbering:template-create"),
        {"unit": str(tree.justice.pk), "doc_type": CASE, "template": "{unit_name}复〔{year}〕{seq}号"},
    )
    assert response.status_code == 200
    assert (
        "文号模板中有未知的占位符“{unit_name}”。可用的占位符：{unit_short}、{unit_code}、{year}、{seq}。"
        in response.content.decode()
    )
    assert NumberTemplate.objects.count() == 0


def test_template_create_saves(login, tree, people):
    client = login(people.admin)
    response = client.post(
        reverse("numbering:template-create"),
        {"unit": str(tree.justice.pk), "doc_type": CASE, "template": "{unit_short}行复〔{year}〕{seq:03d}号"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('numbering:templates')}?unit={tree.justice.pk}"
    assert NumberTemplate.objects.get().template == "{unit_short}行复〔{year}〕{seq:03d}号"
    assert (
        number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025).text
        == "清司行复〔2025〕001号"
    )


def test_template_create_cannot_target_a_unit_outside_the_scope(login, tree, people):
    response = login(people.admin_a).post(
        reverse("numbering:template-create"),
        {"unit": str(tree.county.pk), "doc_type": CASE, "template": "{year}-{seq}"},
    )
    assert response.status_code == 200
    assert "所选单位不存在或不在您的管理范围内。" in response.content.decode()
    assert NumberTemplate.objects.count() == 0


def test_preview_shows_the_next_number_without_consuming_or_saving(login, tree, people):
    number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    number_issue(actor=people.legal, unit=tree.justice, doc_type=CASE, year=2025)
    client = login(people.admin)
    data = {
        "unit": str(tree.justice.pk),
        "doc_type": CASE,
        "template": "{unit_short}复〔{year}〕{seq:04d}号",
        "_preview": "1",
    }
    response = client.post(reverse("numbering:template-create"), data, HTTP_HX_REQUEST="true")
    year = response.context["preview"]["year"]
    expected_seq = 3 if year == 2025 else 1
    body = response.content.decode()
    assert body.strip().startswith('<div id="number-preview"')
    assert (
        f"{year} 年下一个文号将是：<strong>清司复〔{year}〕{expected_seq:04d}号</strong>（预览，不占号）"
        in body
    )
    data["template"] = "{unit_short}复〔{seq}号"
    body = client.post(reverse("numbering:template-create"), data, HTTP_HX_REQUEST="true").content.decode()
    assert "文号模板必须包含 {year}：序号每年从 1 开始，缺少它会出现重复的文号。" in body
    full_page = client.post(reverse("numbering:template-create"), {**data, "template": "{year}-{seq}"})
    assert full_page.status_code == 200
    page = full_page.content.decode()
    assert '<h1 class="h4 mb-3">设置文号模板</h1>' in page
    assert f"<strong>{year}-{expected_seq}</strong>" in page
    assert NumberTemplate.objects.count() == 0
    assert NumberSequence.objects.get(unit=tree.justice, doc_type=CASE, year=2025).last == 2
    assert IssuedNumber.objects.count() == 2


def test_template_update_and_restore(login, tree, people):
    own = template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复〔{year}〕{seq}号"
    )
    client = login(people.admin)
    response = client.post(
        reverse("numbering:template-update", args=[own.pk]), {"template": "{unit_short}复字〔{year}〕{seq}号"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.template == "{unit_short}复字〔{year}〕{seq}号"
    page = client.get(reverse("numbering:template-delete", args=[own.pk])).content.decode()
    assert "<code>{unit_short}复〔{year}〕{seq}号</code>" in page  # what applies afterwards: the default
    response = client.post(reverse("numbering:template-delete", args=[own.pk]))
    assert response.status_code == 302
    assert NumberTemplate.objects.count() == 0


def test_template_update_of_another_unit_is_not_found(login, tree, people):
    own = template_set(
        actor=people.admin, unit=tree.justice, doc_type=CASE, template="{unit_short}复〔{year}〕{seq}号"
    )
    response = login(people.admin_a).post(
        reverse("numbering:template-update", args=[own.pk]), {"template": "{year}-{seq}"}
    )
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.template == "{unit_short}复〔{year}〕{seq}号"
