"""SQLite as Django's backend, but with the real limit on parameters per statement.

Django assumes SQLite's historical limit of 999 parameters, so a bulk write of a few
thousand rows becomes dozens of statements. SQLite 3.32+ allows 32,766; asking the library
keeps imports at a handful of statements, as on PostgreSQL.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        try:
            return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:
            return 999


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
