"""The Excel engine's settings, each with its default (docs/excel.md#settings)."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    #: data rows one import may hold; more is refused before anything is read
    "FAZHI_IMPORT_MAX_ROWS": 100_000,
    #: above this many data rows an import runs as a background job with a progress bar
    "FAZHI_IMPORT_JOB_THRESHOLD": 2_000,
    #: size of the uploaded .xlsx file, in MB
    "FAZHI_IMPORT_MAX_FILE_MB": 30,
    #: uncompressed size of all parts of the .xlsx together, in MB (a zip bomb is refused before reading)
    "FAZHI_IMPORT_MAX_UNCOMPRESSED_MB": 400,
}


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def max_rows() -> int:
    return setting("FAZHI_IMPORT_MAX_ROWS")


def job_threshold() -> int:
    return setting("FAZHI_IMPORT_JOB_THRESHOLD")


def max_file_bytes() -> int:
    return setting("FAZHI_IMPORT_MAX_FILE_MB") * 1024 * 1024


def max_uncompressed_bytes() -> int:
    return setting("FAZHI_IMPORT_MAX_UNCOMPRESSED_MB") * 1024 * 1024
