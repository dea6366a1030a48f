"""The verification QR code printed on a card: it encodes the public verification URL with the card's secret
token (never its id or number), under FAZHI_PUBLIC_BASE_URL when set (the platform's address as seen from
outside), else the address of the request that asked for it."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse

#: error correction M (15 %): a printed card survives some wear
ERROR_LEVEL = "m"


def verification_path(certificate) -> str:
    return reverse("enforcement_public:verify", args=[certificate.verify_token])


def verification_url(certificate, request=None) -> str:
    path = verification_path(certificate)
    base = (getattr(settings, "FAZHI_PUBLIC_BASE_URL", "") or "").rstrip("/")
    if base:
        return f"{base}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, boost_error=False)


def qr_svg(url: str, *, scale: int = 4) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", scale=scale, border=2, xmldecl=False, title="行政执法证件核验")
    return out.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
