"""fazhi（法治）：法治政府建设工作平台。"""

import os

# openpyxl picks its XML backend when first imported: lxml whenever it is installed (python-docx brings it).
# Our .xlsx exports write plain rows as XML text into openpyxl's pure-Python stream, which lxml's stream does
# not allow — with lxml they fall back to openpyxl's cell objects, five times slower (4,400 instead of 22,800
# rows/s in `make bench`). So fazhi uses openpyxl's standard-library backend unless the operator says
# otherwise; tests/excel/test_export.py fails when the fast path is not in use.
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
