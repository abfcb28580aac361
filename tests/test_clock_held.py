import datetime
import threading

from django.utils import timezone

from practiceqa.core import clock
from tests.clock import hold_run_day


def test_a_run_that_crosses_midnight_keeps_the_day_it_began_on(monkeypatch):
    began = timezone.localdate() - datetime.timedelta(days=1)
    hold_run_day(monkeypatch, began)
    first = timezone.now()
    assert timezone.localdate() == began
    assert timezone.now() >= first  # the time still runs on
    seen = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
    thread.start()
    thread.join()
    assert seen == [began]  # the live server's thread sees the same day
    with clock.as_of(clock.at(datetime.date(2025, 6, 1))):
        assert timezone.localdate() == datetime.date(2025, 6, 1)
    assert timezone.localdate() == began  # replaying a past leaves the held day in place


def test_on_the_same_day_the_clock_is_the_real_one(monkeypatch):
    hold_run_day(monkeypatch, timezone.localdate())
    assert timezone.now is clock._real_now
