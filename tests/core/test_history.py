"""Who made a change is always recorded: a person, or the command that made it."""

import pytest
from django.core.management import CommandError, call_command

from practiceqa.core.history import acting_as, attribute, history_of
from practiceqa.core.services import Actor
from practiceqa.frameworks.models import Framework
from practiceqa.org.models import Team
from tests.factories import ServiceFactory, StaffMemberFactory, TeamFactory

pytestmark = pytest.mark.django_db


def who_changed(histories) -> list[str]:
    return [entry.who for entry in history_of(histories=histories)]


def test_a_command_run_without_an_account_is_recorded_by_its_name():
    call_command("load_framework", "coventry-2017", stdout=None)
    framework = Framework.objects.get()
    assert who_changed([Framework.history.filter(id=framework.pk)]) == ["manage.py load_framework"]


def test_a_command_run_as_an_account_is_recorded_as_that_person():
    pat = StaffMemberFactory(full_name="Pat Principal")
    call_command("load_framework", "coventry-2017", "--as", pat.user.username, stdout=None)
    framework = Framework.objects.get()
    assert who_changed([Framework.history.filter(id=framework.pk)]) == ["Pat Principal"]


def test_a_command_as_an_unknown_account_changes_nothing():
    with pytest.raises(CommandError, match="There is no account nobody@council.example"):
        call_command("load_framework", "coventry-2017", "--as", "nobody@council.example")
    assert not Framework.objects.exists()


def test_who_acts_and_why_is_recorded_with_each_change():
    sue = StaffMemberFactory(full_name="Sue Supervisor")
    team = TeamFactory(name="Central", service=ServiceFactory(name="Localities"))
    with acting_as(Actor.of(sue.user)):
        team.name = "Central Locality"
        team.save()
    attribute(team, by=Actor.for_command("import_staff"), reason="Renamed in the HR export")
    with acting_as(Actor.for_command("import_staff")):
        team.name = "Central Locality Team"
        team.save()
    entries = history_of(histories=[Team.history.filter(id=team.pk)])
    assert [(e.who, e.reason) for e in entries] == [
        ("manage.py import_staff", "Renamed in the HR export"),
        ("Sue Supervisor", ""),
        ("System", ""),
    ]
    assert entries[1].changes == [("Name", "Central", "Central Locality")]


def test_a_named_field_holding_a_json_object_is_shown_as_it_is():
    # The demo's audit history page failed on such a value (a 500) before.
    from types import SimpleNamespace

    from practiceqa.core.history.entries import value_text

    field = SimpleNamespace(name="value", choices=None)
    names = {"value": {1: "Sue"}}
    assert value_text(field, {"name": "Sue", "signed_on": "2026-01-02"}, names) == str(
        {"name": "Sue", "signed_on": "2026-01-02"}
    )
    assert value_text(field, [1, {"a": 1}], names) == "Sue, {'a': 1}"
