"""The day a test run began, held for the whole run.

Tests of pages that use the real day (a survey opens "today", a focus group was held three
days ago) read the day once, when they are collected. A run that crosses midnight would
otherwise post yesterday's date to a service that now calls it the past. `hold_run_day`
keeps the clock on the run's first day: the time still runs on, from an hour before that
day's midnight, in every thread (the browser tests' live server too).
"""

import datetime

from django.utils import timezone

from practiceqa.core import clock

RUN_DAY = timezone.localdate()


def hold_run_day(monkeypatch, run_day: datetime.date = RUN_DAY) -> None:
    """From now on `timezone.now()` tells a time on `run_day` if the real day has moved on."""
    real_now = clock._real_now
    if timezone.localdate(real_now()) == run_day:
        return
    offset = clock.at(run_day, 23, 0) - real_now()

    def now() -> datetime.datetime:
        return real_now() + offset

    # core.clock restores `timezone.now` to its `_real_now` after each `as_of`: hold both.
    monkeypatch.setattr(clock, "_real_now", now)
    monkeypatch.setattr(timezone, "now", now)
