import datetime

import pytest

from practiceqa.core.services import Actor
from practiceqa.healthcheck.services import focus_group_record
from tests.audits.conftest import load_framework
from tests.clock import RUN_DAY

TODAY = RUN_DAY  # pages use the real day, so the tests do too (held for the run)


@pytest.fixture
def framework(db):
    return load_framework()


def record_group(psw, *, held_on=None, notes=None, **attendees):
    return focus_group_record(
        actor=Actor.of(psw.user),
        held_on=held_on or TODAY - datetime.timedelta(days=3),
        facilitator="Principal social worker",
        attendees=attendees or {"social_workers": 5, "occupational_therapists": 2},
        notes=notes if notes is not None else {"q1": "Allocation is fair on the whole."},
    )
