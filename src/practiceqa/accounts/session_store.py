"""Django's database sessions (SESSION_ENGINE), the session of every request read in one
plain statement written once from the Session model's table and columns, rather than an
ORM query built and compiled again on every request: the same row (its key, unexpired),
the same answer."""

from functools import cache

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


@cache
def _statement(alias: str, vendor: str, model) -> str:
    quote = connections[alias].ops.quote_name
    meta = model._meta
    column = {name: quote(meta.get_field(name).column) for name in ("session_key", "expire_date")}
    return (
        f"SELECT {quote(meta.get_field('session_data').column)} FROM {quote(meta.db_table)} "
        f"WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        if key is None:  # not a session key at all: nothing to read
            return None
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_statement(alias, connection.vendor, self.model), [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=key, session_data=row[0])
