"""A mapping draft holds the uploaded export with its real case references: one abandoned
for UPLOAD_KEEP_HOURS is deleted, with its file, by the council's scheduled
`manage.py expire_uploads` even if nobody starts another draft."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from practiceqa.caseloads.mappings import mapping_draft_start
from practiceqa.caseloads.models import MappingDraft
from practiceqa.core.clock import as_of
from tests.caseloads.test_import_pages import EXPORT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def draft_started(hours_ago: float, user, name: str) -> MappingDraft:
    with as_of(timezone.now() - hours_ago * HOUR):
        return mapping_draft_start(
            content=EXPORT.encode(), filename=name, as_of=datetime.date(2026, 9, 30),
            started_by=user,
        )  # fmt: skip


def test_the_scheduled_command_deletes_drafts_left_longer_than_the_keeping_time():
    user = UserFactory()
    old = draft_started(25, user, "old.csv")
    recent = draft_started(23, user, "recent.csv")  # started after `old`: `old` still kept
    assert MappingDraft.objects.count() == 2
    out = io.StringIO()
    call_command("expire_uploads", stdout=out)
    assert out.getvalue().splitlines() == [
        "Expired 0 uploads older than 24 hours: their files are erased.",
        "Deleted 1 mapping draft older than 24 hours, with their files.",
    ]
    assert list(MappingDraft.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not MappingDraft.objects.filter(pk=old.pk).exists()
    out = io.StringIO()
    call_command("expire_uploads", stdout=out)
    assert out.getvalue().splitlines() == [
        "Expired 0 uploads older than 24 hours: their files are erased."
    ]


def test_starting_a_draft_deletes_those_abandoned_longer_than_the_keeping_time():
    user = UserFactory()
    old = draft_started(25, user, "old.csv")
    kept = draft_started(2, user, "kept.csv")
    draft_started(0, user, "new.csv")
    assert not MappingDraft.objects.filter(pk=old.pk).exists()
    assert MappingDraft.objects.filter(pk=kept.pk).exists()
