"""Document types the numbering tests use (no module in this round declares real ones yet).

Imported by samples.py, the tests and the child processes of the concurrency test.
"""

from fazhi.numbering.registry import register_doc_type

CASE = register_doc_type("test_case", "测试案号", "{unit_short}复〔{year}〕{seq}号").key
DOC = register_doc_type("test_doc", "测试文号", "{unit_short}规〔{year}〕{seq:03d}号").key
