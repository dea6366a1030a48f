"""Settings, read from environment variables only (docs/settings.md lists every one).

FAZHI_ENV selects the defaults: ``development`` (the embedded, local default), ``test`` or
``production``. Production refuses to start without its secrets instead of falling back to
development conveniences.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Under pytest the default is ``test`` (inline jobs, fast hashing), so a bare ``pytest tests/x`` behaves
# like ``make test``; an explicit FAZHI_ENV still wins.
FAZHI_ENV = env("FAZHI_ENV", "test" if "pytest" in sys.modules else "development")
if FAZHI_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"FAZHI_ENV 只能是 development、test 或 production，当前为 {FAZHI_ENV!r}")
PRODUCTION = FAZHI_ENV == "production"

DATA_DIR = Path(env("FAZHI_DATA_DIR", str(BASE_DIR / "var")))

if PRODUCTION:
    _missing = [n for n in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env(n)]
    if _missing:
        raise ImproperlyConfigured(
            "生产环境（FAZHI_ENV=production）缺少必需的环境变量：" + "、".join(_missing)
        )
    if not env("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        raise ImproperlyConfigured("生产环境的 DATABASE_URL 必须是 PostgreSQL 连接串（postgresql://…）")

# A development key is only acceptable because the embedded default is explicitly local.
SECRET_KEY = env("SECRET_KEY", "fazhi-development-only-key-not-for-production-use")
DEBUG = False if PRODUCTION else env_bool("DEBUG", FAZHI_ENV == "development")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "fazhi.core",
    "fazhi.workdays",
    "fazhi.numbering",
    "fazhi.attachments",
    "fazhi.metrics",
    "fazhi.jobs",
    "fazhi.excel",
    "fazhi.docgen",
    "fazhi.reconsideration",
    "fazhi.analysis",
    "fazhi.fulltext",
    "fazhi.normative",
    "fazhi.disclosure",
    "fazhi.reporting",
    "fazhi.enforcement",
    "fazhi.enforcement.cases",
    "fazhi.enforcement.casereview",
    "fazhi.enforcement.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.shell",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
_default_db_url = f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", _default_db_url), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN
        # so two transactions can never both read the audit chain head and then write (ADR 0003).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not Django's in-memory default, so WAL and the write lock behave as in use
    # (the concurrency tests depend on it); one file per process, so parallel runs never collide.
    DATABASES["default"]["TEST"] = {
        "NAME": env(
            "FAZHI_TEST_SQLITE_NAME", str(Path(tempfile.gettempdir()) / f"fazhi-test-{os.getpid()}.sqlite3")
        )
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # One test database per process, so two test runs on one server never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": env("FAZHI_TEST_PG_NAME", f"test_fazhi_{os.getpid()}")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# --- authentication and security baseline (等保 2.0 三级 practice) ----------------------------
AUTHENTICATION_BACKENDS = ["fazhi.core.auth.LockoutModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fazhi.core.auth.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.core.auth.LettersAndDigitsValidator"},
]
if FAZHI_ENV == "test":
    # Hashing cost is not what the tests check; the validators above still run.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
FAZHI_LOGIN_FAILURE_LIMIT = int(env("FAZHI_LOGIN_FAILURE_LIMIT", "5"))
FAZHI_LOGIN_LOCK_MINUTES = int(env("FAZHI_LOGIN_LOCK_MINUTES", "15"))
FAZHI_API_TOKEN_HOURS = int(env("FAZHI_API_TOKEN_HOURS", "12"))
# Local 口径 of rates, as JSON {"<rate key>": {"numerator": [keys], "denominator": [keys]}};
# empty: the catalog's (METRICS.md). Checked by `manage.py check` (docs/metrics.md).
try:
    FAZHI_METRIC_FORMULAS = json.loads(env("FAZHI_METRIC_FORMULAS", "{}"))
except ValueError as _exc:
    raise ImproperlyConfigured(f"FAZHI_METRIC_FORMULAS 不是有效的 JSON：{_exc}") from None
#: 纠错率口径: seed (年度报告口径, default), self_corrected, national — docs/settings.md; checked by manage.py check
FAZHI_RECONSIDERATION_CORRECTION_BASIS = env("FAZHI_RECONSIDERATION_CORRECTION_BASIS", "seed")
# 行政规范性文件 (RULES.md §4.2: provinces differ; docs/normative.md, docs/settings.md)
FAZHI_NORMATIVE_VALIDITY_YEARS = int(env("FAZHI_NORMATIVE_VALIDITY_YEARS", "5"))
FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS = int(env("FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS", "2"))
FAZHI_NORMATIVE_COMMENT_DAYS = int(env("FAZHI_NORMATIVE_COMMENT_DAYS", "30"))
FAZHI_NORMATIVE_REVIEW_WORKDAYS = int(env("FAZHI_NORMATIVE_REVIEW_WORKDAYS", "15"))
FAZHI_NORMATIVE_FILING_DAYS = int(env("FAZHI_NORMATIVE_FILING_DAYS", "30"))
FAZHI_NORMATIVE_FILING_REVIEW_DAYS = int(env("FAZHI_NORMATIVE_FILING_REVIEW_DAYS", "30"))
FAZHI_NORMATIVE_EVALUATION_MONTHS = int(env("FAZHI_NORMATIVE_EVALUATION_MONTHS", "6"))
# 行政执法证件 (RULES.md §5.3: provincial; docs/enforcement.md)
FAZHI_ENFORCEMENT_PASS_SCORE = int(env("FAZHI_ENFORCEMENT_PASS_SCORE", "60"))
# 行政执法案件 the demo builds for the previous year (this year's follow, to date). The tests that build the whole
# demo use fewer (that the step builds the volume asked for: tests/enforcement_cases/test_demo_cases.py).
FAZHI_DEMO_CASES_PER_YEAR = int(env("FAZHI_DEMO_CASES_PER_YEAR", "2000" if FAZHI_ENV == "test" else "20000"))
FAZHI_ENFORCEMENT_VALIDITY_YEARS = int(env("FAZHI_ENFORCEMENT_VALIDITY_YEARS", "5"))
FAZHI_ENFORCEMENT_REMINDER_DAYS = int(env("FAZHI_ENFORCEMENT_REMINDER_DAYS", "30"))

SESSION_COOKIE_AGE = int(env("FAZHI_IDLE_TIMEOUT_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the 30 minutes run from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files --------------------------------------------------------------------------
STATIC_URL = "static/"
# The vendored assets and fazhi.css live in the package, not in an app: staticfiles must be told.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env("FAZHI_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(env("FAZHI_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if PRODUCTION:
    # Static files from the Django process itself (collectstatic at deploy), no separate web server needed.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
if env("FAZHI_S3_BUCKET"):
    # Uploaded and generated files in an S3-compatible store (docs/attachments.md); needs the optional
    # extra: pip install 'fazhi[s3]'.
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "设置了 FAZHI_S3_BUCKET，但未安装 django-storages：请运行 pip install 'fazhi[s3]'"
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("FAZHI_S3_BUCKET"),
            "endpoint_url": env("FAZHI_S3_ENDPOINT_URL"),
            "region_name": env("FAZHI_S3_REGION"),
            "access_key": env("FAZHI_S3_ACCESS_KEY"),
            "secret_key": env("FAZHI_S3_SECRET_KEY"),
            "location": env("FAZHI_S3_PREFIX", ""),
            "default_acl": None,  # private objects; downloads go through fazhi's scoped, audited views
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- attachments and background jobs (docs/attachments.md, docs/jobs.md) -------------------------
FAZHI_ATTACHMENT_MAX_MB = int(env("FAZHI_ATTACHMENT_MAX_MB", "50"))
FAZHI_ATTACHMENT_TYPES = env_list(
    "FAZHI_ATTACHMENT_TYPES", ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "jpg", "png", "txt", "csv"]
)
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
FAZHI_JOBS_BACKEND = env(
    "FAZHI_JOBS_BACKEND",
    "inline" if FAZHI_ENV == "test" else "celery" if PRODUCTION and CELERY_BROKER_URL else "thread",
)
if FAZHI_JOBS_BACKEND not in {"inline", "thread", "celery"}:
    raise ImproperlyConfigured(
        f"FAZHI_JOBS_BACKEND 只能是 inline、thread 或 celery，当前为 {FAZHI_JOBS_BACKEND!r}"
    )
if FAZHI_JOBS_BACKEND == "celery" and not CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "FAZHI_JOBS_BACKEND=celery 需要设置 CELERY_BROKER_URL（如 redis://127.0.0.1:6379/0）"
    )
FAZHI_JOBS_QUEUE = env("FAZHI_JOBS_QUEUE", "fazhi")

# --- Excel import (docs/excel.md) ----------------------------------------------------------------
FAZHI_IMPORT_MAX_ROWS = int(env("FAZHI_IMPORT_MAX_ROWS", "100000"))
FAZHI_IMPORT_JOB_THRESHOLD = int(env("FAZHI_IMPORT_JOB_THRESHOLD", "2000"))
FAZHI_IMPORT_MAX_FILE_MB = int(env("FAZHI_IMPORT_MAX_FILE_MB", "30"))
FAZHI_IMPORT_MAX_UNCOMPRESSED_MB = int(env("FAZHI_IMPORT_MAX_UNCOMPRESSED_MB", "400"))

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "fazhi.core.api.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "fazhi.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi 法治政府建设工作平台 API",
    "DESCRIPTION": "组织机构、用户与任职、审计日志、指标、附件等接口。所有数据按当前用户的机构范围过滤，错误以 JSON 返回中文说明与稳定的错误码。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from the package, not a CDN: the product runs on intranets without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several modules name a field "status" or "kind"; each choice set gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "fazhi.core.choices.UnitKind",
        "CaseStatusEnum": "fazhi.reconsideration.choices.CaseStatus",
        "ApplicantKindEnum": "fazhi.reconsideration.choices.ApplicantKind",
        "DocumentKindEnum": "fazhi.normative.choices.DocumentKind",
        "DocumentStatusEnum": "fazhi.normative.choices.DocumentStatus",
        "AnnualReportStatusEnum": "fazhi.reporting.choices.ReportStatus",
        "DisclosureReportStatusEnum": "fazhi.disclosure.choices.ReportStatus",
        "EnforcementBodyKindEnum": "fazhi.enforcement.choices.BodyKind",
        "EnforcementBodyStatusEnum": "fazhi.enforcement.choices.BodyStatus",
        "OfficerStatusEnum": "fazhi.enforcement.choices.OfficerStatus",
        "CertificateKindEnum": "fazhi.enforcement.choices.CertificateKind",
        "CertificateStatusEnum": "fazhi.enforcement.choices.CertificateStatus",
        "CertificateEventKindEnum": "fazhi.enforcement.choices.EventKind",
        "EnforcementCaseStatusEnum": "fazhi.enforcement.cases.choices.CaseStatus",
        "EnforcementOfficerRoleEnum": "fazhi.enforcement.cases.choices.OfficerRole",
        "RoleEnum": "fazhi.core.choices.Role",
        "EnforcementItemKindEnum": "fazhi.enforcement.cases.choices.ItemKind",
        "EnforcementItemStatusEnum": "fazhi.enforcement.cases.choices.ItemStatus",
        "JudicialTransferStatusEnum": "fazhi.enforcement.cases.choices.TransferStatus",
        "ReviewCampaignStatusEnum": "fazhi.enforcement.casereview.choices.CampaignStatus",
        "ReviewFileStatusEnum": "fazhi.enforcement.casereview.choices.FileStatus",
        "ReviewGradeEnum": "fazhi.enforcement.casereview.choices.Grade",
        "ReviewSampleRuleEnum": "fazhi.enforcement.casereview.choices.SampleRule",
        "InspectionTaskStatusEnum": "fazhi.enforcement.inspections.choices.TaskStatus",
        "InspectionSampleModeEnum": "fazhi.enforcement.inspections.choices.SampleMode",
        "InspectionResultKindEnum": "fazhi.enforcement.inspections.choices.ResultKind",
        "CaseEventKindEnum": "fazhi.reconsideration.choices.EventKind",
    },
}

# --- mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "fazhi@localhost")
# Deadlines due within this many working days appear on the home page and in `fazhi remind` (docs/deadlines.md).
FAZHI_REMINDER_WORKING_DAYS = int(env("FAZHI_REMINDER_WORKING_DAYS", "3"))
FAZHI_REMINDER_HOUR = int(env("FAZHI_REMINDER_HOUR", "8"))
# the public status check of 行政复议 (docs/reconsideration.md)
FAZHI_PUBLIC_BASE_URL = env("FAZHI_PUBLIC_BASE_URL", "")
#: LibreOffice's soffice for the report's PDF (docs/reporting-output.md); empty: found on PATH
FAZHI_SOFFICE = env("FAZHI_SOFFICE", "")
FAZHI_PUBLIC_CHECK_MAX_FAILURES = int(env("FAZHI_PUBLIC_CHECK_MAX_FAILURES", "10"))
FAZHI_PUBLIC_CHECK_WINDOW_MINUTES = int(env("FAZHI_PUBLIC_CHECK_WINDOW_MINUTES", "15"))

# --- logging: no personal data is ever passed to a logger ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Request lines are not logged: URLs can carry names or identifiers in their query strings.
    "loggers": {"django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
