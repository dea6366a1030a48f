"""Fictional but well-formed identifiers: 身份证号 (GB 11643) and 统一社会信用代码 (GB 32100).

The area codes come from province 39, which GB/T 2260 does not assign, so no real person or
organisation can carry these numbers.
"""

from __future__ import annotations

import datetime
import random

from fazhi.core.validators import id_number_checksum_ok

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random, *, area: str, born_between: tuple[int, int], male: bool) -> str:
    start = datetime.date(born_between[0], 1, 1).toordinal()
    end = datetime.date(born_between[1], 12, 31).toordinal()
    birth = datetime.date.fromordinal(rng.randint(start, end))
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)  # odd for men, even for women
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return next(body + check for check in "0123456789X" if id_number_checksum_ok(body + check))


def _org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and a check character."""
    body = f"{rng.randrange(10**7, 10**8)}"
    check = 11 - sum(int(d) * w for d, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, *, division: str) -> str:
    """统一社会信用代码 of a government organ: 1 (机构编制) + 1 (机关) + area + organisation code + check."""
    body = f"11{division[:6]}{_org_code(rng)}"
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]
