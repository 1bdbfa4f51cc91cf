"""Corridor settings: everything that differs between machines comes from the environment.

Embedded default (no variables set): SQLite under var/, Celery on the kombu filesystem broker
under var/, DEBUG on. Production profile: see README ("Production profile").
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CORRIDOR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "corridor-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "strawberry_django",
    "accounts",
    "audit",
    "jobs",
    "reference",
    "mou",
    "notifications",
    "demand",
    "coordination.agencies",
    "coordination.jobseekers",
    "coordination.events",
    "frontend",
    # The pages of each domain, one package each (see docs/architecture.md).
    "frontend.mou",
    "frontend.reference",
    "frontend.accounts",
    "frontend.audit",
    "frontend.jobs",
    "frontend.notifications",
    "frontend.demand",
    "frontend.jobseekers",
    "frontend.agencies",
    "frontend.events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'corridor.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-corridor.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("km", _("Khmer"))]
# Khmer numbers as CLDR writes them (i18n/formats/km/formats.py).
FORMAT_MODULE_PATH = ["i18n.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: reject oversized requests before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Corridor <no-reply@corridor.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public address of the platform, for links in e-mails and text messages.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# SMS: a pluggable backend (dotted path); the default writes messages to the log.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notifications.sms.LoggingSmsBackend")

# Notification deliveries: one left "sending" this long is stuck (its worker died); the beat task queues it
# again this many times, then marks it failed for a ministry administrator to send again.
NOTIFICATION_STUCK_MINUTES = int(os.environ.get("NOTIFICATION_STUCK_MINUTES", "15"))
NOTIFICATION_STUCK_REQUEUES = int(os.environ.get("NOTIFICATION_STUCK_REQUEUES", "3"))

# Celery: Redis in production, the kombu filesystem transport under var/ by default.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
# Long tasks (docs/operations.md, "Background work"):
# - A message is acknowledged when the task starts, unless the task opts in with @shared_task(acks_late=True),
#   which only an idempotent task may do (run_job claims its job once; deliveries claim theirs; the periodic
#   tasks change nothing when run twice). acks_late on a task that is not idempotent repeats its effect.
CELERY_TASK_ACKS_LATE = False
# - A late-acknowledged task whose worker process died (killed, out of memory) goes back on the queue instead of
#   being acknowledged as if it had finished; the idempotent tasks then do nothing twice, and the beat task
#   jobs.tasks.fail_stalled_jobs marks a job whose worker died as failed.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# - A prefork worker child that has grown past this resident size (KiB) is replaced after its current task:
#   memory a task leaves behind does not carry into the next one.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", "600000"))
# - Time limits (seconds, enforced by the prefork pool): the soft limit raises SoftTimeLimitExceeded inside the
#   task (a job then fails with a clear message and rolls back), the hard limit kills the child. Every task gets
#   the default; background jobs (jobs.tasks.run_job) get JOB_SOFT_TIME_LIMIT / JOB_TIME_LIMIT.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
JOB_SOFT_TIME_LIMIT = int(os.environ.get("JOB_SOFT_TIME_LIMIT", "1500"))
JOB_TIME_LIMIT = int(os.environ.get("JOB_TIME_LIMIT", "1800"))
# - A job still "running" this long after it started has lost its worker (the hard limit has passed): the
#   beat task marks it failed, with a clear message, and removes its upload.
JOB_STALLED_AFTER_SECONDS = JOB_TIME_LIMIT + 300
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

# Security: the production profile (DEBUG=0) passes `manage.py check --deploy`.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# GraphQL limits (see docs/api.md).
GRAPHQL_MAX_DEPTH = 10
GRAPHQL_MAX_ALIASES = 15
GRAPHQL_MAX_TOKENS = 2000
GRAPHQL_MAX_PAGE_SIZE = 100
STRAWBERRY_DJANGO = {"MAP_AUTO_ID_AS_GLOBAL_ID": False}

# Spreadsheet uploads (spreadsheets.reader; docs/uploads.md). The streaming check refuses beyond the size and
# the row cap; the parse then runs in a child process limited to this much address space (RLIMIT_AS) and CPU
# time (and twice that of wall-clock time), so a workbook that makes the parser abort ends the child only.
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_ROWS = 20_000
SPREADSHEET_PARSE_MEMORY_MB = int(os.environ.get("SPREADSHEET_PARSE_MEMORY_MB", "1024"))
SPREADSHEET_PARSE_SECONDS = int(os.environ.get("SPREADSHEET_PARSE_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
