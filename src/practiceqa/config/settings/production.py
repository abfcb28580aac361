"""Production: every secret and host comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = False
# The key in .env.example, and the development default, are public: never sign with them.
PUBLIC_SECRET_KEYS = {
    "change-me-to-a-long-random-string-of-at-least-fifty-characters-please",
    "insecure-development-key-change-me",
}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")
if SECRET_KEY in PUBLIC_SECRET_KEYS or SECRET_KEY.startswith("change-me"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to your own random string: the one in .env.example is public."
    )
# Case references are pseudonymised with this key: without it, or with a public one, the
# database could be led back to the people.
CASELOAD_PSEUDONYM_KEY = os.environ.get("CASELOAD_PSEUDONYM_KEY", "")
if len(CASELOAD_PSEUDONYM_KEY) < 32 or CASELOAD_PSEUDONYM_KEY.startswith(
    ("change-me", "insecure-")
):
    raise ImproperlyConfigured(
        "Set CASELOAD_PSEUDONYM_KEY to your own random string of at least 32 characters."
    )
# No silent fall-back to a SQLite file in the project folder.
if not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set DATABASE_URL to the service's database (postgres://user:password@host:5432/name)."
    )
# The identity provider is spoken to over HTTPS only.
if SSO_ENABLED:  # noqa: F405
    plain = [
        name
        for name in (*SSO_REQUIRED_SETTINGS, "OIDC_OP_USER_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT")  # noqa: F405
        if name.startswith("OIDC_OP_") and (env(name) and not env(name).startswith("https://"))
    ]
    if plain:
        raise ImproperlyConfigured(f"Give {', '.join(plain)} as https:// addresses.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names the service answers on.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
