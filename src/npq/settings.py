"""Settings, read from the environment once and checked at start-up.

Development defaults need no set-up (a SQLite file under ./var, emails printed to the
console). Outside development (NPQ_ENV=production) a real secret key is required.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("NPQ_HOME", Path.cwd()))
ENV = os.environ.get("NPQ_ENV", "development")
# Django's debug pages list every URL and setting: only where development is chosen explicitly
# (`make run` sets NPQ_ENV=development), never because a variable was left unset.
DEBUG = os.environ.get("NPQ_ENV") == "development" and os.environ.get("NPQ_DEBUG", "1") == "1"

_DEV_SECRET = "development-only-secret-key-not-for-production-use-0123456789"
SECRET_KEY = os.environ.get("NPQ_SECRET_KEY", _DEV_SECRET)
if ENV != "development" and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("Set NPQ_SECRET_KEY: the development key is refused outside development.")

ALLOWED_HOSTS = [h for h in os.environ.get("NPQ_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # Swagger UI's script and CSS served from our own static files (no CDN), CSP-friendly
    "csp",
    "django_tasks",
    "django_tasks_db",
    "npq.core",
    "npq.reference",
    "npq.people",
    "npq.web",
    "npq.frameworks",
    "npq.registration",
    "npq.training",
    "npq.declarations",
    "npq.finance",
    "npq.delivery",
    "npq.assessment",
    "npq.surveys",
    "npq.awards",
    "npq.quality",
    "npq.api",
    "npq.webhooks",
    "npq.identity",
    "npq.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "npq.core.middleware.RequestIdMiddleware",
    # Before anything reads the body (sessions, CSRF); after the headers and the request id.
    "npq.core.request_size.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "npq.core.middleware.InputGuardMiddleware",
]

ROOT_URLCONF = "npq.urls"
WSGI_APPLICATION = "npq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "npq.web.jinja.environment"},
    },
    {
        # The Django admin keeps its own Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

_default_sqlite = PROJECT_DIR / "var" / "npq.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{_default_sqlite}",
        conn_max_age=int(os.environ.get("NPQ_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: it starts on a planner's cost estimate, and an API page whose plan had one
    # costly branch it would never run spent 45 ms compiling to answer in 2 (issue 19). This service's
    # statements read pages and counts, where compiling never pays for itself.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    _default_sqlite.parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["npq.people.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/sign-in"
LOGIN_REDIRECT_URL = "/dashboard"

# Sign-in throttling: this many failures for one email or one address within the window locks it.
NPQ_LOGIN_MAX_FAILURES = int(os.environ.get("NPQ_LOGIN_MAX_FAILURES", "5"))
NPQ_LOGIN_WINDOW_MINUTES = int(os.environ.get("NPQ_LOGIN_WINDOW_MINUTES", "15"))
# Finance controls: an adjustment above the limit needs a second approver; none may exceed the ceiling.
NPQ_ADJUSTMENT_LIMIT_PENCE = int(os.environ.get("NPQ_ADJUSTMENT_LIMIT_PENCE", "1000000"))  # £10,000.00
NPQ_ADJUSTMENT_CEILING_PENCE = int(os.environ.get("NPQ_ADJUSTMENT_CEILING_PENCE", "100000000"))  # £1,000,000.00
NPQ_OTP_MINUTES = int(os.environ.get("NPQ_OTP_MINUTES", "15"))
# Sign-in codes sent per email address and per client address in an hour.
NPQ_CODES_PER_EMAIL_HOUR = int(os.environ.get("NPQ_CODES_PER_EMAIL_HOUR", "3"))
NPQ_CODES_PER_ADDRESS_HOUR = int(os.environ.get("NPQ_CODES_PER_ADDRESS_HOUR", "20"))
# Proxies in front of the service that append to X-Forwarded-For (the load balancer: 1). With 0
# the connecting address is the client's, and X-Forwarded-For is ignored (anyone can write it).
NPQ_TRUSTED_PROXIES = int(os.environ.get("NPQ_TRUSTED_PROXIES", "0"))

# Behind the load balancer: it terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ENV != "development" else None
SECURE_HSTS_SECONDS = 0 if ENV == "development" else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = ENV != "development"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script anywhere: the GOV.UK template's one-line script carries the request's nonce.
# Style attributes are allowed (chart bars set their width), style elements and inline script are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = ENV != "development"
CSRF_COOKIE_SECURE = ENV != "development"
SESSION_COOKIE_AGE = 60 * 60 * 8

EMAIL_BACKEND = os.environ.get("NPQ_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("NPQ_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NPQ_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NPQ_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NPQ_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("NPQ_EMAIL_TLS", "0") == "1"
# Development with the console backend: print each email as soon as its transaction commits (so a
# sign-in code is in the server's output before the page that asks for it), not through the worker.
NPQ_EMAIL_AT_COMMIT = DEBUG and EMAIL_BACKEND.endswith("console.EmailBackend")
# Links in emails (survey invitations) point here.
NPQ_SITE_URL = os.environ.get("NPQ_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("NPQ_FROM_EMAIL", "npq-platform@education.example")
# GOV.UK Notify (NPQ_EMAIL_BACKEND=npq.core.notify.NotifyEmailBackend): one template, ((subject)) and ((body)).
NPQ_NOTIFY_API_KEY = os.environ.get("NPQ_NOTIFY_API_KEY", "")
NPQ_NOTIFY_TEMPLATE_ID = os.environ.get("NPQ_NOTIFY_TEMPLATE_ID", "")
NPQ_NOTIFY_BASE_URL = os.environ.get("NPQ_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

# Webhook endpoints must be https:// outside development and test (plain http on loopback in tests).
_HTTP_ALLOWED = ENV in ("development", "test")
NPQ_WEBHOOKS_HTTPS_ONLY = os.environ.get("NPQ_WEBHOOKS_HTTPS_ONLY", "0" if _HTTP_ALLOWED else "1") == "1"

# Background jobs: rows in this database, run by `npq worker` (npq.core.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The daily schools refresh reads the GIAS edubase CSV from here (a path); empty: no refresh.
NPQ_GIAS_FILE = os.environ.get("NPQ_GIAS_FILE", "")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = ENV == "development"  # re-read static files as they change, off in production

# Largest request body Django will read (uploads have their own limits per form).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every request, files included, refused with 413 while it is received (npq.core.request_size):
# a submission (10MB) with its annexes (25MB in all) and the form around them fits.
NPQ_MAX_REQUEST_BYTES = int(os.environ.get("NPQ_MAX_REQUEST_BYTES", str(27 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Sandbox mode: the X-With-Server-Date header moves the clock for one request.
NPQ_SANDBOX = os.environ.get("NPQ_SANDBOX", "0") == "1"
NPQ_API_RATE_LIMIT = int(os.environ.get("NPQ_API_RATE_LIMIT", "1000"))
NPQ_API_RATE_WINDOW_SECONDS = int(os.environ.get("NPQ_API_RATE_WINDOW_SECONDS", "300"))

# Where the service is reached from outside: certificates' QR codes and credentials' ids use it.
NPQ_PUBLIC_URL = os.environ.get("NPQ_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The Ed25519 key that signs award credentials: the 32-byte seed in base64url, or a PKCS#8 PEM.
# Development signs with a published development key; elsewhere a real key is required.
NPQ_AWARDS_SIGNING_KEY = os.environ.get("NPQ_AWARDS_SIGNING_KEY", "")
if ENV != "development" and not NPQ_AWARDS_SIGNING_KEY:
    raise ImproperlyConfigured("Set NPQ_AWARDS_SIGNING_KEY: award credentials need a signing key outside development.")
# Public verification checks allowed per client address in each window.
NPQ_VERIFY_RATE_LIMIT = int(os.environ.get("NPQ_VERIFY_RATE_LIMIT", "30"))
NPQ_VERIFY_RATE_WINDOW_SECONDS = int(os.environ.get("NPQ_VERIFY_RATE_WINDOW_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NPQ_LOG_LEVEL", "INFO")},
}
CSRF_FAILURE_VIEW = "npq.web.views.csrf_failure"
