"""The pages of 执法事项与裁量基准 and the public 权责清单."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.choices import ItemStatus, Severity
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.choices import BodyStatus
from tests.enforcement.factories import make_body
from tests.enforcement_cases.factories import make_case, make_item, make_standard

pytestmark = pytest.mark.django_db


def rows():
    return (
        list(EnforcementItem.objects.order_by("pk").values()),
        list(DiscretionStandard.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def body(tree):
    return make_body(tree.dept_a, name="清河县市场监督管理局")


def test_list_filters_and_tab(people, tree, body, login):
    food = make_item(tree.dept_a, body, code="A-1", name="对未按规定公示食品经营许可证的处罚")
    make_standard(food)
    make_item(tree.dept_a, body, code="A-2", name="对销售过期食品的处罚", status=ItemStatus.RETIRED)
    police = make_item(
        tree.dept_b, make_body(tree.dept_b, name="清河县公安局"), code="B-1", name="对扰乱单位秩序的处罚"
    )
    client = login(people.clerk_a)
    response = client.get(reverse("enforcement_cases:items"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page">执法事项与裁量基准' in html
    assert "对未按规定公示食品经营许可证的处罚" in html and "对销售过期食品的处罚" in html
    assert str(police.pk) not in html
    filtered = client.get(reverse("enforcement_cases:items"), {"status": "retired"}).content.decode()
    assert "对销售过期食品的处罚" in filtered and "对未按规定公示食品经营许可证的处罚" not in filtered
    searched = client.get(reverse("enforcement_cases:items"), {"q": "食品经营许可"}).content.decode()
    assert "A-1" in searched and "对销售过期食品的处罚" not in searched


def test_create_page_and_duplicate_code_refused_on_the_form(people, tree, body, login):
    client = login(people.clerk_a)
    data = {
        "unit": tree.dept_a.pk,
        "body": body.pk,
        "code": "330217001000",
        "name": "对未按规定公示食品经营许可证的处罚",
        "kind": "penalty",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条第一款",
        "penalty_basis": "",
    }
    response = client.post(reverse("enforcement_cases:item-create"), data)
    item = EnforcementItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement_cases:item-detail", args=[item.pk])
    before = rows()
    again = client.post(reverse("enforcement_cases:item-create"), data)
    assert again.status_code == 200
    assert "本单位已有编码为“330217001000”的执法事项" in again.content.decode()
    assert rows() == before


def test_detail_shows_bands_and_edit(people, tree, body, login):
    item = make_item(tree.dept_a, body)
    make_standard(item, Severity.LIGHTER, code="S-1", circumstance="首次违法且及时改正")
    client = login(people.clerk_a)
    html = client.get(reverse("enforcement_cases:item-detail", args=[item.pk])).content.decode()
    assert "首次违法且及时改正" in html and "5000.00 ～ 10000.00" in html
    response = client.post(
        reverse("enforcement_cases:item-edit", args=[item.pk]),
        {
            "unit": tree.dept_a.pk,
            "body": body.pk,
            "code": item.code,
            "name": "新名称",
            "kind": "penalty",
            "legal_basis": item.legal_basis,
            "penalty_basis": "",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "新名称"


def test_retire_page(people, tree, body, login):
    item = make_item(tree.dept_a, body)
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:item-retire", args=[item.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "依据已废止"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.RETIRED
    before = rows()
    again = client.post(url, {"reason": ""})
    assert again.status_code == 409
    assert "该执法事项已经取消。" in again.content.decode()
    assert rows() == before


def test_delete_page_refuses_an_item_in_use(people, tree, body, login):
    item = make_item(tree.dept_a, body)
    make_case(tree.dept_a, item)
    client = login(people.admin_a)
    before = rows()
    response = client.post(reverse("enforcement_cases:item-delete", args=[item.pk]))
    assert response.status_code == 409
    assert "不能删除" in response.content.decode()
    assert rows() == before


def test_standard_pages(people, tree, body, login):
    item = make_item(tree.dept_a, body)
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:standard-create", args=[item.pk])
    assert client.get(url).status_code == 200
    bad = {
        "code": "01",
        "severity": "ordinary",
        "circumstance": "拒不改正",
        "sanction": "处罚款",
        "fine_min": "20000",
        "fine_max": "5000",
        "active": "on",
    }
    before = rows()
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "罚款上限（5000 元）不能低于下限（20000 元）。" in response.content.decode()
    assert rows() == before
    assert client.post(url, bad | {"fine_min": "5000", "fine_max": "20000"}).status_code == 302
    standard = DiscretionStandard.objects.get()
    assert standard.fine_max == Decimal("20000")
    edit = reverse("enforcement_cases:standard-edit", args=[standard.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, bad | {"fine_min": "5000", "fine_max": "30000"}).status_code == 302
    standard.refresh_from_db()
    assert standard.fine_max == Decimal("30000")
    make_case(tree.dept_a, item, standard=standard)
    admin = login(people.admin_a)
    before = rows()
    refused = admin.post(reverse("enforcement_cases:standard-delete", args=[standard.pk]))
    assert refused.status_code == 409
    assert rows() == before


def test_public_list_shows_items_in_force_with_their_bands(client, tree, body):
    item = make_item(tree.dept_a, body, code="330217001000", name="对未按规定公示食品经营许可证的处罚")
    make_standard(item, Severity.ORDINARY, circumstance="拒不改正，首次被发现")
    make_standard(item, Severity.HEAVIER, circumstance="停用的情形", active=False)
    make_item(tree.dept_a, body, name="已取消的事项", status=ItemStatus.RETIRED)
    cancelled = make_body(tree.dept_b, name="已撤销的主体", status=BodyStatus.CANCELLED)
    make_item(tree.dept_b, cancelled, name="撤销主体的事项")
    police = make_body(tree.dept_b, name="清河县公安局")
    make_item(tree.dept_b, police, code="B-1", name="对扰乱单位秩序的处罚")
    response = client.get(reverse("enforcement_cases_public:items"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "对未按规定公示食品经营许可证的处罚" in html
    assert "《中华人民共和国食品安全法》第一百二十六条第一款" in html
    assert "拒不改正，首次被发现" in html
    assert "停用的情形" not in html and "已取消的事项" not in html and "撤销主体的事项" not in html
    assert str(item.pk) not in html  # no record ids on public pages
    by_body = client.get(reverse("enforcement_cases_public:items"), {"body": "清河县公安局"}).content.decode()
    assert "对扰乱单位秩序的处罚" in by_body and "对未按规定公示食品经营许可证的处罚" not in by_body
    by_text = client.get(reverse("enforcement_cases_public:items"), {"q": "扰乱"}).content.decode()
    assert "对扰乱单位秩序的处罚" in by_text and "食品经营许可证" not in by_text.split("public-items")[1]


def test_export_repeats_the_item_on_each_band(people, tree, body, login):
    import io

    from openpyxl import load_workbook

    item = make_item(tree.dept_a, body, code="A-1")
    make_standard(item, Severity.LIGHTER, code="A-1-1")
    make_standard(item, Severity.HEAVIER, code="A-1-2", fine_min=Decimal("30000"), fine_max=Decimal("50000"))
    make_item(tree.dept_a, body, code="A-2", name="无基准的事项")
    response = login(people.clerk_a).get(reverse("enforcement_cases:items"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["权责清单"]
    values = list(sheet.values)
    assert values[0][:3] == ("单位代码", "执法主体", "事项编码")
    assert [(r[2], r[7], r[8]) for r in values[1:]] == [
        ("A-1", "A-1-1", "从轻或减轻"),
        ("A-1", "A-1-2", "从重"),
        ("A-2", None, None),
    ]


def test_list_pages_query_counts_do_not_grow_with_rows(
    people, tree, body, login, client, django_assert_max_num_queries
):
    for n in range(30):
        item = make_item(tree.dept_a, body, code=f"Q-{n:03d}")
        make_standard(item, Severity.LIGHTER)
        make_standard(item, Severity.HEAVIER)
    staff = login(people.clerk_a)
    with django_assert_max_num_queries(20):
        assert staff.get(reverse("enforcement_cases:items")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("enforcement_cases_public:items")).status_code == 200
