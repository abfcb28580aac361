"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import DATABASES, env, env_bool

DEBUG = env_bool("DEBUG", default=True)
# The development server starts a thread for every request: a connection kept by one
# would never be used again.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "0"))
COMPONENT_GALLERY = True
