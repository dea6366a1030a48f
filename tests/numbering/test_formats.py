"""Number templates: only known placeholders, the year and the sequence once each, zero padding."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from fazhi.numbering.formats import render_number, validate_template
from fazhi.numbering.registry import doc_type_label, get_doc_type, register_doc_type

UNIT = SimpleNamespace(short_name="清司", code="qh-sfj")
ALLOWED = "可用的占位符：{unit_short}、{unit_code}、{year}、{seq}。"


@pytest.mark.parametrize(
    ("template", "seq", "expected"),
    [
        ("{unit_short}复〔{year}〕{seq}号", 7, "清司复〔2025〕7号"),
        ("{unit_short}规〔{year}〕{seq:03d}号", 7, "清司规〔2025〕007号"),
        ("{unit_short}规〔{year}〕{seq:03d}号", 1234, "清司规〔2025〕1234号"),
        ("{unit_code}-{year}-{seq:06d}", 42, "qh-sfj-2025-000042"),
        ("（{year}）{unit_short}行初字第{seq}号", 3, "（2025）清司行初字第3号"),
        ("{{{unit_short}}}{year}-{seq}", 1, "{清司}2025-1"),
    ],
)
def test_valid_templates_render(template, seq, expected):
    validate_template(template)
    assert render_number(template, unit=UNIT, year=2025, seq=seq) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{unit_name}复〔{year}〕{seq}号", f"文号模板中有未知的占位符“{{unit_name}}”。{ALLOWED}"),
        ("{}复〔{year}〕{seq}号", f"文号模板中有未知的占位符“{{}}”。{ALLOWED}"),
        ("{0}复〔{year}〕{seq}号", f"文号模板中有未知的占位符“{{0}}”。{ALLOWED}"),
        (
            "{unit_short.__class__}〔{year}〕{seq}号",
            f"文号模板中有未知的占位符“{{unit_short.__class__}}”。{ALLOWED}",
        ),
        ("{unit_short}复〔{seq}号", "文号模板必须包含 {year}：序号每年从 1 开始，缺少它会出现重复的文号。"),
        ("{unit_short}复〔{year}〕号", "文号模板必须包含 {seq}：序号每年从 1 开始，缺少它会出现重复的文号。"),
        ("{year}-{seq}-{seq}", "文号模板必须包含且只包含一次 {seq}。"),
        (
            "{year}-{seq:3d}",
            "占位符“{seq}”的写法不正确：只有序号可以补零，写作 {seq:03d}（0 后为位数，1–9 位）。",
        ),
        (
            "{year:04d}-{seq}",
            "占位符“{year}”的写法不正确：只有序号可以补零，写作 {seq:03d}（0 后为位数，1–9 位）。",
        ),
        (
            "{year}-{seq!r}",
            "占位符“{seq}”的写法不正确：只有序号可以补零，写作 {seq:03d}（0 后为位数，1–9 位）。",
        ),
        ("{year}-{seq", "文号模板的花括号不成对：占位符写作 {year}，要输出花括号本身请写 {{ 或 }}。"),
        ("{year}-}{seq}", "文号模板的花括号不成对：占位符写作 {year}，要输出花括号本身请写 {{ 或 }}。"),
        ("   ", "请填写文号模板。"),
        ("{year}{seq}" + "号" * 100, "文号模板不能超过 100 个字符。"),
    ],
)
def test_invalid_templates_are_refused_in_chinese(template, message):
    with pytest.raises(ValidationError) as exc:
        validate_template(template)
    assert exc.value.messages == [message]


def test_registry_refuses_conflicts_and_bad_declarations():
    register_doc_type("test_case", "测试案号", "{unit_short}复〔{year}〕{seq}号")  # the same again is fine
    with pytest.raises(ImproperlyConfigured, match="重复登记"):
        register_doc_type("test_case", "另一个名称", "{unit_short}复〔{year}〕{seq}号")
    with pytest.raises(ImproperlyConfigured, match="默认模板无效"):
        register_doc_type("test_bad", "坏模板", "{unit_short}〔{seq}〕")
    with pytest.raises(ImproperlyConfigured, match="文号类型标识"):
        register_doc_type("复议", "中文标识", "{year}-{seq}")


def test_registry_lookups():
    assert get_doc_type("test_case").label == "测试案号"
    assert doc_type_label("test_case") == "测试案号"
    assert doc_type_label("gone_type") == "gone_type"
    with pytest.raises(ValidationError) as exc:
        get_doc_type("gone_type")
    assert exc.value.messages == ["未登记的文号类型“gone_type”。"]
