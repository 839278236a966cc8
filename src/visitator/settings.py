"""Django settings, read from the environment.

Production defaults are safe: DEBUG is off, SECRET_KEY must be given, cookies are secure.
`make demo` and the test suite set VISITATOR_DEV=1, which allows a generated key and plain HTTP.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VISITATOR_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV = env_bool("VISITATOR_DEV")
DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEV:
        raise ImproperlyConfigured("SECRET_KEY must be set (or VISITATOR_DEV=1 for development).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEV else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, for the platform operator (superuser) only (visitator.security.admin_site).
    "visitator.security.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "visitator.core",
    "visitator.organisation",
    "visitator.audit",
    "visitator.standards",
    "visitator.ffb",
    "visitator.people",
    "visitator.cases",
    "visitator.letters",
    "visitator.assessment",
    "visitator.decisions",
    "visitator.offers",
    "visitator.grants",
    "visitator.provider",
    "visitator.casefile",
    "visitator.complaints",
    "visitator.fileaccess",
    "visitator.worklists",
    "visitator.administration",
    "visitator.jobs",
    "visitator.security",
    "visitator.retention",
    "visitator.maintenance",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "visitator.api",
    "visitator.figures",
    "visitator.dpo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files keep their cache headers; every page and download gets no-store.
    "visitator.security.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "visitator.security.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Brute-force protection on the login form (django-axes): after AXES_FAILURE_LIMIT failed attempts
# for one username from one address, that pair is locked out for the cool-off period; after
# AXES_FAILURE_LIMIT x LOGIN_SPRAY_FACTOR failed attempts from one address, whatever the usernames
# (password spraying), the address is locked out. Axes counts failures per address and per
# username+address; `visitator.security.throttle` gives each its own limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = "visitator.security.throttle.failure_limit"
VISITATOR_LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
VISITATOR_LOGIN_SPRAY_FACTOR = int(os.environ.get("LOGIN_SPRAY_FACTOR", "4"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "visitator.core.views.locked_out"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None

ROOT_URLCONF = "visitator.urls"
WSGI_APPLICATION = "visitator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "visitator.core.context_processors.visitator",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    # The embedded database lives in var/; make the folder on first use (a fresh clone has none).
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'visitator.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# PostgreSQL with two roles (docs/operations.md, "Database roles"): the application connects with
# DATABASE_URL as a role with only SELECT/INSERT/UPDATE/DELETE; MIGRATE_DATABASE_URL is the owner role
# that runs `visitator migrate --database owner` and the retention job's deletes. Without it (one role,
# or SQLite) "owner" is the default connection.
if os.environ.get("MIGRATE_DATABASE_URL"):
    DATABASES["owner"] = dj_database_url.parse(os.environ["MIGRATE_DATABASE_URL"], conn_max_age=0)
    DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
VISITATOR_OWNER_DATABASE = "owner" if "owner" in DATABASES else "default"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:worklist"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Third-party front-end files come from npm (package-lock.json), never copied into the repository.
NODE_MODULES = Path(os.environ.get("VISITATOR_NODE_MODULES", PROJECT_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("vendor/dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEV
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Development serves static files straight from the finders (app folders and node_modules).
WHITENOISE_USE_FINDERS = DEV
WHITENOISE_AUTOREFRESH = DEV
MEDIA_ROOT = Path(os.environ.get("VISITATOR_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Security. Production serves over HTTPS; development over plain HTTP on localhost.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEV)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEV else "31536000"))
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and fonts; no
# inline script or style, no eval, no framing. Templates load every script and style from static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page uses the browser's devices or sensors.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# Two-factor login (django-otp, TOTP) for every signed-in user; on by default outside development.
# The demo and the test suite run with VISITATOR_DEV=1, so it is off there unless asked for.
VISITATOR_REQUIRE_2FA = env_bool("VISITATOR_REQUIRE_2FA", default=not DEV)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Visitator")
OTP_TOTP_THROTTLE_FACTOR = 1

# Optional staff login through the municipality's OpenID Connect provider (mozilla-django-oidc); off by
# default. The provider's login counts as the second factor (it must enforce multi-factor itself).
VISITATOR_OIDC_ENABLED = env_bool("VISITATOR_OIDC_ENABLED")
VISITATOR_OIDC_MATCH = os.environ.get("VISITATOR_OIDC_MATCH", "username")  # or "email"
VISITATOR_OIDC_USERNAME_CLAIM = os.environ.get("VISITATOR_OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
if VISITATOR_OIDC_ENABLED:
    missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
        )
        if not globals()[name]
    ]
    if OIDC_RP_SIGN_ALGO.startswith("RS") and not OIDC_OP_JWKS_ENDPOINT:
        missing.append("OIDC_OP_JWKS_ENDPOINT")
    if missing:
        raise ImproperlyConfigured(f"VISITATOR_OIDC_ENABLED needs {', '.join(missing)}.")
    AUTHENTICATION_BACKENDS.append("visitator.security.oidc.StaffOIDCBackend")

# Where the quality standard files live (a folder of <municipality>/<service>/<valid-from>.yaml).
VISITATOR_STANDARDS_DIR = Path(os.environ.get("VISITATOR_STANDARDS_DIR", PROJECT_DIR / "standards"))

# Letters. A physical letter is assumed received this many working days after its date (practice, not
# statute: check with the municipality's legal office). The Digital Post adapter is a dotted path; the
# default is the local implementation, which behaves like Digital Post (available at once).
VISITATOR_PHYSICAL_MAIL_RECEIPT_WORKING_DAYS = int(
    os.environ.get("VISITATOR_PHYSICAL_MAIL_RECEIPT_WORKING_DAYS", "6")
)
VISITATOR_DIGITAL_POST_CHANNEL = os.environ.get(
    "VISITATOR_DIGITAL_POST_CHANNEL", "visitator.letters.dispatch.LocalDigitalPost"
)

# Tilbudsportalen has no documented deep links; the offer list links to the portal with the ids shown.
VISITATOR_TILBUDSPORTALEN_URL = os.environ.get("VISITATOR_TILBUDSPORTALEN_URL", "https://tilbudsportalen.dk/")

# Background jobs (visitator.jobs): Django's tasks API with the database backend, so the queue lives in
# the application's own database (SQLite for the demo, PostgreSQL in production; docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# When the daily sweep runs (local time), how often a failed job is tried again, and after how long a
# job still marked as running (its worker crashed) is put back in the queue.
VISITATOR_JOBS_SWEEP_AT = dt.time.fromisoformat(os.environ.get("VISITATOR_JOBS_SWEEP_AT", "06:00"))
VISITATOR_JOBS_MAX_ATTEMPTS = int(os.environ.get("VISITATOR_JOBS_MAX_ATTEMPTS", "5"))
#: Retention (visitator.retention): access-log rows are deleted this many days after they were written
#: Datatilsynet (logging catalogue, 2023; DOMAIN.md section 6) sets no period: retention follows the
#: purpose and is decided by the municipality with its DPO. The project default is 6 months, the period
#: the former sikkerhedsbekendtgørelse (BEK 528/2000 § 19, repealed in 2018) set for public
#: authorities' logs. Since 2024 citizens may ask to see the log (GDPR art. 15): a longer period lets
#: them see more.
#: A closed case's own retention is in its quality standard (`deadlines.retention`, default 5 years).
VISITATOR_ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("VISITATOR_ACCESS_LOG_RETENTION_DAYS", "183"))
VISITATOR_JOBS_STALE_AFTER = dt.timedelta(minutes=int(os.environ.get("VISITATOR_JOBS_STALE_MINUTES", "60")))

# Logging: never personal data. Log lines carry ids (UUIDs), never CPR numbers or names.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"forbidden_one_line": {"()": "visitator.security.logging.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs request lines with the path only; paths never carry personal data here.
        # A 403 is one line (the path), never a stack trace (visitator.security.logging).
        "django.request": {"level": "WARNING", "filters": ["forbidden_one_line"]},
        "axes": {"level": "WARNING"},
    },
}

# -- The citizen portal (visitator.portal, /borger/; docs/portal.md) ---------------------------------
# Citizens log in with OpenID Connect (NemLog-in/MitID in production) through mozilla-django-oidc:
# authorization code flow with PKCE, the provider's endpoints read from its discovery document at
# <issuer>/.well-known/openid-configuration. In development the issuer is the local identity provider
# (visitator.devidp, django-oauth-toolkit), served by the same process under /devidp/. The portal's
# mozilla-django-oidc settings carry a PORTAL_ prefix (portal.oidc.portal_setting reads them first), so
# they never mix with the staff login's OIDC_* settings (visitator.security.oidc).
INSTALLED_APPS += ["visitator.portal"]
AUTHENTICATION_BACKENDS += ["visitator.portal.oidc.CitizenOIDCBackend"]
# The development identity provider lets anyone log in as anyone: never outside development.
PORTAL_DEV_IDP = DEV and env_bool("VISITATOR_DEV_IDP", default=True)
PORTAL_OIDC_ISSUER = os.environ.get(
    "PORTAL_OIDC_ISSUER", "http://127.0.0.1:8000/devidp" if PORTAL_DEV_IDP else ""
).rstrip("/")
PORTAL_OIDC_RP_CLIENT_ID = os.environ.get(
    "PORTAL_OIDC_CLIENT_ID", "visitator-portal-dev" if PORTAL_DEV_IDP else ""
)
PORTAL_OIDC_RP_CLIENT_SECRET = os.environ.get(
    "PORTAL_OIDC_CLIENT_SECRET", "dev-only-portal-client-secret" if PORTAL_DEV_IDP else ""
)
PORTAL_OIDC_RP_SIGN_ALGO = os.environ.get("PORTAL_OIDC_SIGN_ALGO", "RS256")
PORTAL_OIDC_RP_SCOPES = os.environ.get("PORTAL_OIDC_SCOPES", "openid profile")
PORTAL_OIDC_USE_PKCE = True
PORTAL_OIDC_USE_NONCE = True
PORTAL_OIDC_TIMEOUT = int(os.environ.get("PORTAL_OIDC_TIMEOUT", "10"))
PORTAL_OIDC_AUTHENTICATION_CALLBACK_URL = "portal:oidc_callback"
PORTAL_OIDC_CREATE_USER = True
# NemLog-in's claim names and assurance levels (NSIS); all configuration (docs/portal.md).
PORTAL_OIDC_CPR_CLAIM = os.environ.get(
    "PORTAL_OIDC_CPR_CLAIM", "https://data.gov.dk/model/core/eid/cprNumber"
)
PORTAL_OIDC_LOA_CLAIM = os.environ.get("PORTAL_OIDC_LOA_CLAIM", "https://data.gov.dk/concept/core/nsis/loa")
PORTAL_OIDC_LOA_ACCEPTED = env_list("PORTAL_OIDC_LOA_ACCEPTED", "Substantial,High")
PORTAL_OIDC_ACR_VALUES = os.environ.get(
    "PORTAL_OIDC_ACR_VALUES", "https://data.gov.dk/concept/core/nsis/loa/Substantial"
)
PORTAL_OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": PORTAL_OIDC_ACR_VALUES} if PORTAL_OIDC_ACR_VALUES else {}
)
# How many applications and complaints one citizen's login may submit (django-ratelimit, per user).
PORTAL_SUBMIT_RATE = os.environ.get("PORTAL_SUBMIT_RATE", "10/h")
if PORTAL_DEV_IDP:
    from visitator.devidp.keys import dev_signing_key

    INSTALLED_APPS += ["oauth2_provider", "visitator.devidp"]
    OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": dev_signing_key(VAR_DIR / "devidp-signing-key.pem"),
        "PKCE_REQUIRED": True,
        "SCOPES": {"openid": "OpenID Connect", "profile": "Navn"},
        "DEFAULT_SCOPES": ["openid"],
        "OAUTH2_VALIDATOR_CLASS": "visitator.devidp.validator.DevIdpValidator",
        "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
        "REQUEST_APPROVAL_PROMPT": "force",
    }
# REST API (visitator.api, docs/api.md): read-only, bearer tokens with scopes (or a logged-in staff
# member in the browsable docs), keyset pagination, errors as problem details (RFC 9457) in Danish.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "visitator.api.auth.ScopedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["visitator.api.auth.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "visitator.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "visitator.api.problems.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Visitator API",
    "DESCRIPTION": (
        "Læseadgang til sager efter serviceloven § 104: borgere, sager, udredninger, afgørelser, breve, "
        "bevillinger, opfølgninger, klager, tilbud, kvalitetsstandarder og (for databeskyttelsesrådgiveren) "
        "adgangsloggen. Samme rettigheder og samme adgangslog som brugerfladen. Fejl er problem details "
        "(RFC 9457) på dansk. Se docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "visitator.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CaseOutcomeEnum": "visitator.cases.lifecycle.Outcome",
        "FollowUpOutcomeEnum": "visitator.grants.models.FollowUp.Outcome",
    },
}
