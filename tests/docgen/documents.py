"""Documents the docgen tests use (registered on import; imported by samples.py and the tests)."""

from fazhi.docgen.gongwen import gongwen_document
from fazhi.docgen.registry import register_document

FIELDS = {"申请人": "申请人姓名或名称", "案号": "行政复议案号", "日期": "日期"}


def _default():
    document = gongwen_document()
    document.add_paragraph("{{案号}}")
    document.add_paragraph("申请人：{{申请人}}")
    return document


NOTICE = register_document("tests.notice", label="测试通知书", fields=FIELDS, default_template=_default).key
