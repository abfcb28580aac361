"""A completed audit keeps the exact template version it was answered on, forever."""

import shutil

from django.urls import reverse

from practiceqa.audits.models import Audit
from practiceqa.frameworks.services.loading import LIBRARY_DIR
from tests.audits.conftest import fill_standards, load_framework, start, submit
from tests.text import text_of

OLD_TEXT = "Is the record coherent and the person's story and circumstances clear to understand?"
NEW_TEXT = "Is the record coherent, up to date and written with the person?"


def test_old_audits_keep_their_version_after_the_framework_changes(
    organisation, framework, sign_in, tmp_path
):
    old = start("practice_standards_audit", organisation.supervisor, organisation.subject, "1234")
    fill_standards(old)
    submit(old)

    edited = tmp_path / "coventry-2017.yaml"
    shutil.copy(LIBRARY_DIR / "coventry-2017.yaml", edited)
    text = edited.read_text(encoding="utf-8")
    assert OLD_TEXT in text
    edited.write_text(text.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    version_2 = load_framework(edited)
    assert version_2.number == 2

    new = start("practice_standards_audit", organisation.supervisor, organisation.subject, "5678")
    assert new.template.version == version_2
    old.refresh_from_db()
    assert old.template.version == framework

    client = sign_in(organisation.supervisor)
    old_page = text_of(client.get(reverse("audit-detail", args=[old.pk])))
    assert OLD_TEXT in old_page
    assert NEW_TEXT not in old_page
    assert "version 1" in old_page
    new_page = text_of(client.get(reverse("audit-detail", args=[new.pk])))
    assert NEW_TEXT in new_page
    assert "version 2" in new_page
    # Printing and downloading the old audit use its own version too.
    printed = text_of(client.get(reverse("audit-print", args=[old.pk])))
    assert OLD_TEXT in printed
    assert Audit.objects.get(pk=old.pk).answers.filter(question__text__contains=OLD_TEXT).exists()
