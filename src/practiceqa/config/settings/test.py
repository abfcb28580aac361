"""The test suite. DATABASE_URL still chooses the database, so the suite runs on both."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
# Hashing strength is not what tests are about; argon2 stays the production hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
COMPONENT_GALLERY = True
# Pages are tested signed in without a second factor; the tests of two-factor sign-in set
# the roles that need one themselves.
TWO_FACTOR_REQUIRED_ROLES: list[str] = []
