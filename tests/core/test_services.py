"""The service protocol: one refusal shown on forms, and who is acting."""

import pytest
from django import forms

from practiceqa.core.imports import ImportRefused, Problem
from practiceqa.core.services import Actor, Refusal, RefusalFormMixin, refusal_shown_on
from tests.factories import StaffMemberFactory


class DueForm(forms.Form):
    due_on = forms.DateField()


def test_a_refusal_about_a_field_is_shown_beside_that_field():
    form = DueForm({"due_on": "2026-01-01"})
    assert form.is_valid()
    with refusal_shown_on(form):
        raise Refusal("The due date must be today or in the future", field="due_on")
    assert form.errors == {"due_on": ["The due date must be today or in the future"]}


def test_a_refusal_about_no_field_of_the_form_is_shown_above_it():
    form = DueForm({"due_on": "2026-01-01"})
    assert form.is_valid()
    with refusal_shown_on(form):
        raise Refusal.of({"owner": "Select an owner", None: "Nothing has been saved"})
    assert form.non_field_errors() == ["Select an owner", "Nothing has been saved"]


def test_a_refused_file_is_a_refusal_shown_with_the_row_and_column_of_each_problem():
    form = DueForm({"due_on": "2026-01-01"})
    assert form.is_valid()
    with refusal_shown_on(form):
        raise ImportRefused(
            [Problem(3, "email", "Enter an email address"), Problem(None, None, "Empty file")]
        )
    assert form.non_field_errors() == ["Row 3, column email: Enter an email address", "Empty file"]


def test_code_after_a_refused_call_does_not_run():
    form = DueForm({"due_on": "2026-01-01"})
    form.is_valid()
    done = []
    with refusal_shown_on(form):
        raise Refusal("No")
        done.append(True)
    assert done == [] and form.errors


def test_a_class_based_view_renders_the_form_again_when_refused():
    class View(RefusalFormMixin):
        def act(self, form):
            raise Refusal("Enter a due date", field="due_on")

        def form_invalid(self, form):
            return ("invalid", form)

    form = DueForm({"due_on": "2026-01-01"})
    form.is_valid()
    assert View().form_valid(form) == ("invalid", form)
    assert form.errors["due_on"] == ["Enter a due date"]


@pytest.mark.django_db
def test_an_actor_is_named_by_their_staff_record_and_a_command_by_its_name():
    staff = StaffMemberFactory(full_name="Sam Supervisor")
    person = Actor.of(staff.user)
    assert (person.user, person.staff, person.name) == (staff.user, staff, "Sam Supervisor")
    command = Actor.for_command("import_staff")
    assert command.user is None and command.name == "manage.py import_staff"
    assert Actor.for_command("import_staff", user=staff.user).name == "Sam Supervisor"
