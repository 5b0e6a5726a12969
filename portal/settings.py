"""Settings for the Kundenportal, one module for every environment.

Everything is read from the environment (see README.md). Unset variables fall back to the embedded
default that `make run` uses: SQLite, Celery tasks run eagerly in-process, mails printed to the console,
local-memory cache. Production and CI set DATABASE_URL, CELERY_BROKER_URL, REDIS_URL and mail settings.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless switched on: a deploy that forgets a variable fails closed. `make run` and `make test` set
# DEBUG=true for a developer's machine.
DEBUG = env.bool("DEBUG", default=False)

# Management commands that only read the models and write nothing signed may run without a secret key, so
# that `manage.py makemigrations --check` works as a plain command (in CI, in a hook, on a fresh clone).
KEYLESS_COMMANDS = {"makemigrations"}
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    keyless = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS
    if not (DEBUG or keyless):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. On a developer's machine set DEBUG=true "
            "(make run and make test do)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Name of the chamber shown in the header, mails and legal pages.
PORTAL_CHAMBER_NAME = env.str("PORTAL_CHAMBER_NAME", default="Handwerkskammer Musterstadt")

# The project's apps come first: their templates override allauth's, and their translations win
# over Django's and allauth's for the same message (e.g. "Save" → "Speichern", not "Sichern").
INSTALLED_APPS = [
    "portal",
    "accounts",
    "notifications",
    "businesses",
    "courses",
    "forms_catalog",
    "contracts",
    "documents",
    "jobboard",
    "help",
    # Translated fields of staff-entered content; must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
]

MIDDLEWARE = [
    "portal.request_logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.GermanFirstLocaleMiddleware",
    # Pages of @public_page views for visitors without session: after the language is known, before
    # anything that deals with a person (portal.caching).
    "portal.caching.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and messages: both read request.user and may answer with a redirect.
    "accounts.middleware.UserSessionMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.RequestBodyLimitMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "documents.context_processors.postfach",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A mail written to the outbox must commit with the change that caused it: every request is one
# transaction, and services open their own (nested) atomic blocks.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The psycopg pool serves the web processes; Celery prefork workers set DATABASE_POOL=false
    # because they close connections at task boundaries.
    if env.bool("DATABASE_POOL", default=False):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, rate limits ------------------------------------------------------------
# Redis is a cache, not a dependency of correctness (portal.cache): while it is unreachable, rate limits
# use a stand-in in each process's memory and sessions the database alone, with a
# warning in the log and /healthz answering 503. The sessions have an alias of their own because a
# per-process copy of a session would outlive a logout made through another process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    _redis_cache = {
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    CACHES = {
        "default": {
            **_redis_cache,
            "BACKEND": "portal.cache.FallbackRedisCache",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        },
        "sessions": {
            **_redis_cache,
            "BACKEND": "portal.cache.GuardedRedisCache",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal") + "-sessions",
            "OPTIONS": {**_redis_cache["OPTIONS"], "forget_after_outage": True},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"},
    }

# Rendered HTML kept in each web process's memory (portal.caching says what, and how it gets fresh):
# whole public pages for visitors without a session, and shared template fragments. Both only expire,
# after these many seconds at most; 0 switches them off (the default with DEBUG, so edits show at once).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=0 if DEBUG else 30)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0 if DEBUG else 300)
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-pages",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-fragments",
    "OPTIONS": {"MAX_ENTRIES": 10000},
}

# Sessions live in the database with the cache in front: no web process keeps state of its own.
# portal.sessions is cached_db that uses the database alone while Redis is unreachable.
SESSION_ENGINE = "portal.sessions"
SESSION_CACHE_ALIAS = "sessions"

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
if not CELERY_BROKER_URL:
    # Embedded default: no broker, tasks run in-process right where they are enqueued.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Workers log through Django's LOGGING (JSON with request ids in production), not Celery's own setup.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# The Redis transport ignores the timeout above: without these, a broker that accepts connections
# but does not answer (overloaded, half-dead, a dropping firewall) blocks every request that enqueues
# a task, for minutes. Must stay above the worker's 1 s BRPOP poll.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 3}
# Publishing must give up fast when the broker is down: the outbox sweep delivers what was missed.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "notifications-send-due": {
        "task": "notifications.tasks.send_due_emails_task",
        "schedule": timedelta(seconds=env.int("OUTBOX_SWEEP_SECONDS", default=60)),
    },
    "businesses-finalise-pending": {
        "task": "businesses.tasks.finalise_pending_memberships_task",
        "schedule": timedelta(seconds=env.int("MEMBERSHIP_SWEEP_SECONDS", default=60)),
    },
    "accounts-signups-pending": {
        "task": "accounts.tasks.process_pending_signups_task",
        "schedule": timedelta(seconds=env.int("MEMBERSHIP_SWEEP_SECONDS", default=60)),
    },
    "businesses-pin-requests-pending": {
        "task": "businesses.tasks.process_pending_pin_requests_task",
        "schedule": timedelta(seconds=env.int("MEMBERSHIP_SWEEP_SECONDS", default=60)),
    },
    # Postfach: documents older than the retention period go, with their files; then the storage is compared
    # with the rows (files without a row are reported). At night, one after the other.
    "documents-delete-expired": {
        "task": "documents.tasks.delete_expired_documents_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "documents-check-storage": {
        "task": "documents.tasks.check_storage_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Job board: postings past their end expire, a week before it the business is told; saved-search alerts
    # (at most one mail a day per search, whatever the interval).
    "jobboard-expire": {
        "task": "jobboard.tasks.vacancies_expire_task",
        "schedule": crontab(hour=0, minute=15),
    },
    "jobboard-alerts": {
        "task": "jobboard.tasks.saved_searches_alert_task",
        "schedule": timedelta(seconds=env.int("JOBBOARD_ALERT_SWEEP_SECONDS", default=3600)),
    },
    # Data exports: builds whose task was lost, expired and downloaded files.
    "accounts-data-exports-sweep": {
        "task": "accounts.tasks.data_exports_sweep_task",
        "schedule": timedelta(seconds=env.int("DATA_EXPORT_SWEEP_SECONDS", default=300)),
    },
    # Inactive accounts: warning mails and deletions. Idempotent, so the interval only sets how
    # soon after its day a warning or deletion happens.
    "accounts-inactive-sweep": {
        "task": "accounts.tasks.inactive_accounts_sweep_task",
        "schedule": timedelta(seconds=env.int("INACTIVE_ACCOUNTS_SWEEP_SECONDS", default=6 * 3600)),
    },
}

# --- Business PINs ---------------------------------------------------------------------------------
# Key of the HMAC under which PINs are stored. Its own variable so it can be rotated apart from
# SECRET_KEY; derived from SECRET_KEY when unset. Changing it invalidates every open PIN.
PIN_HASH_KEY = env.str("PIN_HASH_KEY", default="") or f"businesses.pin:{SECRET_KEY}"
# Address of the portal for links in mails written outside a request (Celery tasks, admin letters).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Help ----------------------------------------------------------------------------------------
# Address of the chamber's service desk: told about each new contact request ("Frage nicht
# beantwortet?"); empty means staff look in the admin only.
HELP_DESK_EMAIL = env.str("HELP_DESK_EMAIL", default="")

# --- Mail ---------------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kundenportal <portal@hwk-musterstadt.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How often a mail is tried before it is marked failed, and the first back-off step.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.NoSurroundingWhitespaceValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:my_portal"
LOGOUT_REDIRECT_URL = "portal:home"
# Activation and password-reset links are valid this long.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "add_email": "accounts.forms.AddEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The password fields stay listed: without them allauth switches login to login-by-code. The sign-up
# form drops them, so a new user starts with an unusable password and sets it from the activation mail.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http" if DEBUG else "https")
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    # "Mail erneut senden" and the renewal from an expired link; separate from allauth's
    # confirm_email, which sign-up itself consumes, so the first resend right after sign-up works.
    "activation_resend": "1/2m/key,10/10m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Also the second factor: every code typed at login or confirmation (TOTP, recovery code) counts
    # against "login_failed" above, per client and per account (allauth.mfa).
    "reauthenticate": "10/m/user",
    # "Konto löschen" checks the password (and the code) itself.
    "account_delete": "5/5m/user,20/h/ip",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Security notices (password changed, e-mail address changed — to the old address —, second factor
# added or removed) go out as mails; accounts.adapter renders them from accounts/mail/.
ACCOUNT_EMAIL_NOTIFICATIONS = True

# --- Two-factor authentication (allauth.mfa) -------------------------------------------------
MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "accounts.forms.ActivateTOTPForm",
    "authenticate": "accounts.forms.AuthenticateForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "add_webauthn": "accounts.forms.AddWebAuthnForm",
    "edit_webauthn": "accounts.forms.EditWebAuthnForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# A passkey (WebAuthn with user verification) signs in on its own, without the password.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default=f"Kundenportal {PORTAL_CHAMBER_NAME}")
# One step either side: a phone's clock a little off, or a code typed just as it changed, still works.
MFA_TOTP_TOLERANCE = 1
# Recovery codes are shown once, right after they are made (with a download); afterwards only new
# ones can be generated.
MFA_RECOVERY_CODES_SHOW_ONCE = True
# allauth blocks adding an e-mail address to an account with a second factor, because confirming an
# address could log someone in without it. Here confirming never logs in
# (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off) and an unverified address cannot log in at all, so
# people with a second factor may change their address like everyone else.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Key under which TOTP secrets and recovery-code seeds are encrypted in the database; derived from
# SECRET_KEY when unset. Changing it makes every authenticator app and recovery code unusable.
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="") or f"accounts.mfa:{SECRET_KEY}"

# --- Privacy: data export, account deletion, inactive accounts --------------------------------
# How long the download link of a data export works (it works once).
DATA_EXPORT_VALID_DAYS = env.int("DATA_EXPORT_VALID_DAYS", default=7)
# The inactivity period itself is set by staff in the admin (accounts.AccountRetention, default
# three years); the warning goes out this many days before the deletion.
INACTIVITY_WARNING_DAYS = 30

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# English pages use British formats ("30 November 2026, 15:22"), not Django's American ones; German keeps
# Django's German formats (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
# Staff-entered content (help answers, later courses and forms) is kept in German and English columns
# (django-modeltranslation). German is required; an English page shows the German text where no English
# one was entered.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = ("de", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("de",)}
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "portal.files.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
# Files people upload (online forms, later Postfach and contracts): STORAGES["private"] (portal.files),
# outside MEDIA_ROOT and never served by URL, only by permission-checked views. FORMS_UPLOAD_ROOT is the
# directory's old name, still read.
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=env.str("FORMS_UPLOAD_ROOT", default=str(BASE_DIR / "private_media"))
)
# In production an S3-compatible object store (django-storages) instead of the directory: the web processes
# keep no files of their own. Objects are private; they leave only through the permission-checked downloads,
# streamed (portal.files.download_response). Without credentials boto3 looks for them itself (instance role).
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    from boto3.s3.transfer import TransferConfig

    STORAGES["private"] = {
        "BACKEND": "portal.files.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # "path" for most S3-compatible stores on their own host name (MinIO, Ceph); empty for AWS.
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            # An upload goes to the store in parts of 8 MB, two at a time: what a web process holds per upload
            # stays at 16 MB whatever the file's size (boto3's default would be up to ten parts at once).
            "transfer_config": TransferConfig(
                multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=2
            ),
        },
    }
FORMS_MAX_UPLOAD_BYTES = env.int("FORMS_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Postfach (documents): the largest file, the most files and bytes of one message.
DOCUMENTS_MAX_FILE_BYTES = env.int("DOCUMENTS_MAX_FILE_BYTES", default=20 * 1024 * 1024)
DOCUMENTS_MAX_FILES = env.int("DOCUMENTS_MAX_FILES", default=10)
DOCUMENTS_MAX_MESSAGE_BYTES = env.int("DOCUMENTS_MAX_MESSAGE_BYTES", default=50 * 1024 * 1024)
# How long documents are kept until staff set another period in the admin (Postfach → Aufbewahrung).
DOCUMENTS_RETENTION_DAYS = env.int("DOCUMENTS_RETENTION_DAYS", default=730)
# Form fields without their files: far above what a person types (a long text takes at most 20 000
# characters), far below what would hurt a web process holding it in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest request body accepted at all, refused from its Content-Length before it is read
# (portal.middleware.RequestBodyLimitMiddleware). Default: the larger of a whole Postfach message and three
# files of an online form, plus the form's fields. The proxy's limit (nginx client_max_body_size) must be
# at least as large, see README.
REQUEST_BODY_MAX_BYTES = env.int(
    "REQUEST_BODY_MAX_BYTES",
    default=max(3 * FORMS_MAX_UPLOAD_BYTES, DOCUMENTS_MAX_MESSAGE_BYTES) + DATA_UPLOAD_MAX_MEMORY_SIZE,
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language switch's cookie: read by the server only (GermanFirstLocaleMiddleware).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # COOKIE_SECURE=false only for a local production-like run over plain http (make serve).
    SESSION_COOKIE_SECURE = env.bool("COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy without 'unsafe-inline': scripts and styles come only from our own static
# files. Bootstrap's CSS draws its icons from data: URIs. The Django admin (staff only, behind login)
# keeps Django's own inline bits and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Structured logs: JSON lines with the request id in production, readable lines in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "portal.request_logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # One line per event: Django's own console handler would print each one a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
