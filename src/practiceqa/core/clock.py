"""The time the app's writes are stamped with: now, except while a past is replayed.

`as_of(moment)` makes `django.utils.timezone.now()` tell the time from `moment` on, for the
code running inside it (in this thread only), so that everything that asks what time or day
it is agrees: every service's rules ("today or in the past", "in post today", the right of
reply), `auto_now` stamps and every history record. The demo's year of work is recorded
this way, through the services, on the days it is said to have happened. Outside `as_of`
(and in every other thread) the clock is the real one.
"""

import datetime
import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_real_now = timezone.now
_offset: ContextVar[datetime.timedelta | None] = ContextVar("clock_offset", default=None)
_lock = threading.Lock()
_installed = 0


def _now() -> datetime.datetime:
    offset = _offset.get()
    real = _real_now()
    return real if offset is None else real + offset


@contextmanager
def as_of(moment: datetime.datetime):
    """Inside, the time is `moment` (aware) and runs on from it."""
    global _installed
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _offset.set(moment - _real_now())
    with _lock:
        _installed += 1
        timezone.now = _now
    try:
        yield moment
    finally:
        _offset.reset(token)
        with _lock:
            _installed -= 1
            if not _installed:
                timezone.now = _real_now


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment of a day in the app's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
