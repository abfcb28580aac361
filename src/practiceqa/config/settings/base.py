"""Settings shared by every environment. Differences come from environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = PACKAGE_DIR.parents[1]


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "true" if default else "false").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG")
# The key of the hash that pseudonymises case references in caseload imports.
CASELOAD_PSEUDONYM_KEY = env("CASELOAD_PSEUDONYM_KEY", "insecure-development-caseload-key")
# Open cases per FTE at which a worker of each profession is banded amber, and red:
# "profession=amber:red", comma-separated. Professions not named get no band.
CASELOAD_THRESHOLDS = {
    profession.strip(): tuple(float(n) for n in limits.split(":"))
    for profession, limits in (
        item.split("=")
        for item in env_list(
            "CASELOAD_THRESHOLDS",
            "social_worker=20:25,occupational_therapist=25:30,social_care_professional=25:30",
        )
    )
}
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "practiceqa.core",
    "practiceqa.core.govuk",
    "practiceqa.core.imports",
    "practiceqa.access",
    "practiceqa.accounts",
    "practiceqa.org",
    "practiceqa.frameworks",
    "practiceqa.audits",
    "practiceqa.caseloads",
    "practiceqa.surveys",
    "practiceqa.healthcheck",
    "practiceqa.actions",
    "practiceqa.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "practiceqa.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "practiceqa.accounts.two_factor.SecondFactorDevice",  # django-otp's OTPMiddleware
    "django.contrib.messages.middleware.MessageMiddleware",
    "practiceqa.accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the CSP middleware, so that the sign-out form may go on to the provider.
    "practiceqa.accounts.sso_session.ProviderSessionCheck",
    "simple_history.middleware.HistoryRequestMiddleware",
    "practiceqa.core.middleware.LoginRequiredByDefaultMiddleware",
    "practiceqa.accounts.two_factor.SecondFactorMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "practiceqa.config.urls"
# Django's form renderer, with plain selects written in one pass (long filter lists).
FORM_RENDERER = "practiceqa.core.govuk.renderer.FormRenderer"
WSGI_APPLICATION = "practiceqa.config.wsgi.application"

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
                "practiceqa.core.context_processors.service",
            ],
            "builtins": ["practiceqa.core.govuk.templatetags.govuk"],
        },
    }
]

# A worker keeps its database connection between requests for this many seconds (0: a new
# connection for every request, some milliseconds each); before reusing it, it checks it
# still works, so a restarted database costs no failed request. Each thread of each
# worker has its own connection.
DATABASE_CONN_MAX_AGE = int(env("DATABASE_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{PROJECT_DIR / 'qa.db'}",
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a write (an import, say) is in progress.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["ENGINE"] = "practiceqa.core.sqlite"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "practiceqa.accounts.sso.PasswordBackend",
    "practiceqa.accounts.sso.SingleSignOnBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "my-work"
LOGOUT_REDIRECT_URL = "sign-in"

# Single sign-on with the council's identity provider over OpenID Connect (off by default;
# see README, "Single sign-on"). The provider asks for the second factor: no code from an
# authenticator app is asked after it. Accounts are matched, never created: by the claim
# SSO_MATCH_CLAIM (email, preferred_username, upn, oid...) compared with the sign-in email,
# or with the staff ID when SSO_MATCH_FIELD is "staff_id".
SSO_ENABLED = env_bool("SSO_ENABLED")
SSO_PROVIDER_NAME = env("SSO_PROVIDER_NAME", "your council account")
SSO_MATCH_CLAIM = env("SSO_MATCH_CLAIM", "email")
SSO_MATCH_FIELD = env("SSO_MATCH_FIELD", "email")
# The claim that names the person at the provider for good, kept against their account at
# its first sign-in and matched first from then on ("sub"; "oid" with Entra ID, say).
SSO_SUBJECT_CLAIM = env("SSO_SUBJECT_CLAIM", "sub")
# Off: passwords sign nobody in; the sign-in page, password reset and invitations all
# point to single sign-on. Only with SSO_ENABLED.
LOCAL_PASSWORDS = not SSO_ENABLED or env_bool("LOCAL_PASSWORDS", default=True)
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
# The provider is asked again, without a prompt, whether it still signs the person in this
# often (seconds): someone disabled or removed there is signed out here at the next check.
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = int(env("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", str(15 * 60)))
# Signing out ends the provider's session too, at its end_session_endpoint (if it has one).
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT")
OIDC_OP_LOGOUT_URL_METHOD = "practiceqa.accounts.sso_session.provider_sign_out_url"
OIDC_STORE_ID_TOKEN = True  # named to the provider when signing out (id_token_hint)
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/sso/refused/"
SSO_REQUIRED_SETTINGS = (
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
)
if SSO_ENABLED:
    missing = [name for name in SSO_REQUIRED_SETTINGS if not globals()[name]]
    if missing:
        raise ImproperlyConfigured(f"SSO_ENABLED needs {', '.join(missing)} (see .env.example).")
    if SSO_MATCH_FIELD not in {"email", "staff_id"}:
        raise ImproperlyConfigured('SSO_MATCH_FIELD is "email" or "staff_id".')
    if OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS < 60:
        # Shorter, every page would send the browser to the provider and back.
        raise ImproperlyConfigured("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS is at least 60.")

# Failed sign-ins are counted per account (from any address) and per address (on any
# account), each with its own limit; either locks for the cool-off time. Behind a proxy
# set AXES_IPWARE_PROXY_COUNT (the number of proxies in front of the app) so that the
# client's own address is used, not the proxy's.
AXES_HANDLER = "practiceqa.access.signin.SignInThrottle"
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_IPWARE_PROXY_COUNT = int(env("AXES_IPWARE_PROXY_COUNT", "0")) or None
AXES_CLIENT_IP_CALLABLE = "practiceqa.core.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Signing in does not wipe the failures before it: they count until they are old.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

# A session ends when the browser closes, after SESSION_IDLE_TIMEOUT seconds without a
# request, and SESSION_ABSOLUTE_TIMEOUT seconds after signing in, whichever comes first.
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(env("SESSION_ABSOLUTE_TIMEOUT", str(10 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Django's database sessions, each request's read in one prepared statement.
SESSION_ENGINE = "practiceqa.accounts.session_store"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Roles that must give a code from an authenticator app after their password (optional for
# everyone else).
TWO_FACTOR_REQUIRED_ROLES = env_list(
    "TWO_FACTOR_REQUIRED_ROLES",
    "principal_social_worker,director,qa_administrator,head_of_service,service_manager,"
    "team_manager",
)
OTP_TOTP_ISSUER = env("SERVICE_NAME", "Practice QA")
# Signing off or amending an audit, applying an import and inviting people ask for the
# password again when it was last given more than this many seconds ago.
SIGN_IN_FRESH_FOR = int(env("SIGN_IN_FRESH_FOR", str(15 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline script or style anywhere: every page's behaviour comes from files we serve.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Practice QA <practiceqa@localhost>")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The page showing every GOV.UK component (/components/): for development and tests only.
COMPONENT_GALLERY = False

# What the service calls itself and the council that runs it.
SERVICE_NAME = env("SERVICE_NAME", "Practice QA")
ORGANISATION_NAME = env("ORGANISATION_NAME", "Adult Services")
# The protective marking in the header and footer of every downloaded document.
PROTECTIVE_MARKING = env("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
# The supervision policy: a session at least every this many weeks. The supervision audit
# shows it beside the sessions held, with each supervisee's longest gap between sessions.
SUPERVISION_FREQUENCY_WEEKS = int(env("SUPERVISION_FREQUENCY_WEEKS", "4"))
DEFAULT_FRAMEWORK = env("DEFAULT_FRAMEWORK", "coventry-2017")
# Audits name the case by its identifier in the case management system, never by the name
# of the person who receives care. The council's format, as a regular expression:
CASE_IDENTIFIER_PATTERN = env("CASE_IDENTIFIER_PATTERN", r"^[0-9]{4,10}$")
CASE_IDENTIFIER_HINT = env(
    "CASE_IDENTIFIER_HINT", "The person's ID in the case management system, 4 to 10 digits"
)
# The subject's right of reply: days after submission that sign-off waits for their reply.
AUDIT_REPLY_DAYS = int(env("AUDIT_REPLY_DAYS", "10"))
# Limits of every file import: the largest upload, the most data rows, and the most a
# workbook may unpack to (a small XLSX can unpack to gigabytes).
IMPORT_MAX_UPLOAD_BYTES = int(env("IMPORT_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "250000"))
IMPORT_MAX_XLSX_BYTES = int(env("IMPORT_MAX_XLSX_BYTES", str(200 * 1024 * 1024)))
# Default due date of a new action, in days from when it is raised.
ACTION_DEFAULT_DUE_DAYS = int(env("ACTION_DEFAULT_DUE_DAYS", "28"))
# Days before a plan item or action is due that its lead or owner is reminded.
REMINDER_DAYS_BEFORE = int(env("REMINDER_DAYS_BEFORE", "14"))
# How long an emailed invitation to choose a first password works, and a password reset.
INVITATION_VALID_DAYS = int(env("INVITATION_VALID_DAYS", "7"))
PASSWORD_RESET_VALID_HOURS = int(env("PASSWORD_RESET_VALID_HOURS", "24"))
# Survey results: no figure rests on fewer responses than this (never below 5; see
# practiceqa.surveys.checks). Days between survey reminders to those who have not answered.
SURVEY_MIN_GROUP = int(env("SURVEY_MIN_GROUP", "10"))
SURVEY_REMINDER_DAYS = int(env("SURVEY_REMINDER_DAYS", "7"))
# Hours an uploaded file that is neither applied nor discarded is kept: then its raw content
# is erased and the upload expires (never below 1; see practiceqa.core.imports.expiry).
UPLOAD_KEEP_HOURS = int(env("UPLOAD_KEEP_HOURS", "24"))
# Where people reach the service, for links in emails (no trailing slash).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security events (sign-ins, failures, lock-outs, refused pages, account changes, imports,
# exports) as JSON lines in UTC: to SECURITY_LOG_FILE if set, else to standard error.
SECURITY_LOG_FILE = env("SECURITY_LOG_FILE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "practiceqa.core.jsonlog.JsonLinesFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": SECURITY_LOG_FILE,
            "formatter": "json",
        }
        if SECURITY_LOG_FILE
        else {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "practiceqa.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}
