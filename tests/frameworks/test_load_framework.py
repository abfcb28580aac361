"""Loading framework files: versions are added, never changed, and bad files are refused."""

import io
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import Framework, FrameworkVersion
from practiceqa.frameworks.services.loading import LIBRARY_DIR

LIBRARY_FILE = LIBRARY_DIR / "coventry-2017.yaml"


def load(name_or_path) -> str:
    out = io.StringIO()
    call_command("load_framework", str(name_or_path), stdout=out)
    return out.getvalue().strip()


def versions() -> list[int]:
    return list(
        FrameworkVersion.objects.filter(framework__slug="coventry-2017")
        .order_by("number")
        .values_list("number", flat=True)
    )


@pytest.fixture
def copy(tmp_path):
    """A copy of the library file that a test may edit."""
    path = tmp_path / "coventry-2017.yaml"
    shutil.copy(LIBRARY_FILE, path)
    return path


def retitle(path, suffix: str) -> str:
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, flags=re.MULTILINE).group(1)
    path.write_text(text.replace(f"title: {title}", f"title: {title}{suffix}", 1), "utf-8")
    return title


def test_loading_the_library_framework_makes_version_1(db):
    assert load("coventry-2017") == "Loaded coventry-2017 as version 1."
    framework = Framework.objects.get(slug="coventry-2017")
    version = framework.latest_version
    assert version.number == 1
    assert version.source_name == "coventry-2017.yaml"
    codes = [audit_type.code for audit_type in definition_of(version).audit_types]
    assert "supervision_audit" in codes
    assert "practice_observation" in codes


def test_loading_the_same_file_again_changes_nothing(db):
    load("coventry-2017")
    before = FrameworkVersion.objects.get().updated_at
    assert load("coventry-2017") == "coventry-2017 is unchanged (version 1)."
    assert versions() == [1]
    assert FrameworkVersion.objects.get().updated_at == before


def test_a_changed_file_becomes_version_2_and_version_1_is_kept(db, copy):
    load("coventry-2017")
    original = Framework.objects.get().latest_version.definition
    title = retitle(copy, " (revised)")

    assert load(copy) == "Loaded coventry-2017 as version 2."
    assert versions() == [1, 2]
    framework = Framework.objects.get()
    assert framework.title == f"{title} (revised)"
    assert framework.latest_version.definition["title"] == f"{title} (revised)"
    first = framework.versions.get(number=1)
    assert first.definition == original, "an earlier version is never changed"
    assert load(copy) == "coventry-2017 is unchanged (version 2)."


def test_the_frameworks_page_lists_every_version(organisation, copy, sign_in):
    load("coventry-2017")
    retitle(copy, " (revised)")
    load(copy)
    response = sign_in(organisation.psw).get(reverse("framework-list"))
    assert response.status_code == 200
    rows = re.findall(r'<td class="govuk-table__cell">(\d+)</td>', response.content.decode())
    assert rows[:1] == ["2"] and "1" in rows
    assert "(revised)" in response.content.decode()


def break_line(path, after_prefix: str, bad_line: str) -> int:
    """Insert a bad line after the first line starting with a prefix; its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(after_prefix)) + 1
    lines.insert(index, bad_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def test_malformed_yaml_is_refused_naming_the_file_and_line(db, copy):
    line = break_line(copy, "title:", "published: 2017-09: broken")
    with pytest.raises(CommandError) as refused:
        load(copy)
    message = str(refused.value)
    assert message.startswith(f"coventry-2017.yaml, line {line}:")
    assert "mapping values are not allowed here" in message
    assert Framework.objects.count() == 0
    assert FrameworkVersion.objects.count() == 0


def test_a_refused_file_leaves_the_loaded_versions_alone(db, copy):
    load("coventry-2017")
    break_line(copy, "slug:", "  : : :")
    with pytest.raises(CommandError, match=r"coventry-2017\.yaml, line \d+"):
        load(copy)
    assert versions() == [1]


MINIMAL = """\
slug: tiny
title: A tiny framework
audit_types:
  - code: first
    name: First audit
    level: practitioner
    lead: supervisor
  - code: second
    name: Second audit
    level: {level}
    lead: supervisor
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL.format(level="team"), "tiny.yaml, line 8: level must be one of"),
        (MINIMAL.format(level="practitioner").replace("second", "first"), "line 8: audit type"),
        (MINIMAL.format(level="practitioner").replace("    lead: supervisor\n", "", 1), "line 4"),
        ("slug: tiny\ntitle: Tiny\n", "tiny.yaml, line 1: 'audit_types' is missing"),
        ("- just\n- a list\n", "tiny.yaml, line 1: a framework file must be a mapping"),
        ("", "tiny.yaml, line 1: a framework file must be a mapping"),
    ],
    ids=["unknown level", "duplicate code", "missing lead", "no audit types", "list", "empty"],
)
def test_a_framework_that_is_not_valid_is_refused_with_its_line(db, tmp_path, text, expected):
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        load(path)
    assert expected in str(refused.value)
    assert not Framework.objects.exists()


def test_an_unquoted_date_in_a_framework_file_is_stored_as_written(db, tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "published: 2017-09-01\n" + MINIMAL.format(level="organisational"), encoding="utf-8"
    )
    assert load(path) == "Loaded tiny as version 1."
    assert Framework.objects.get().latest_version.definition["published"] == "2017-09-01"


def test_an_unknown_framework_name_lists_the_library(db):
    with pytest.raises(CommandError) as refused:
        load("coventry-2099")
    assert "coventry-2017" in str(refused.value)


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="nowhere.yaml: no such file"):
        load(tmp_path / "nowhere.yaml")


def test_a_small_file_whose_aliases_expand_to_billions_is_refused_quickly(db, tmp_path):
    """ "Billion laughs": nine lines that name each other ten times over."""
    lines = ['laugh0: &laugh0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    lines += [
        f"laugh{n}: &laugh{n} [{', '.join(f'*laugh{n - 1}' for _ in range(10))}]"
        for n in range(1, 10)
    ]
    path = tmp_path / "laughs.yaml"
    path.write_text(MINIMAL.format(level="practitioner") + "\n".join(lines) + "\n", "utf-8")
    with pytest.raises(CommandError) as refused:
        load(path)
    message = str(refused.value)
    assert message.startswith("laughs.yaml, line ")
    assert "aliases expand to more than 100,000 values" in message
    assert not Framework.objects.exists()


def test_aliases_within_the_limit_are_expanded(db, tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(
        MINIMAL.format(level="practitioner")
        .replace("    lead: supervisor\n", "    lead: &lead supervisor\n", 1)
        .replace("    lead: supervisor\n", "    lead: *lead\n"),
        "utf-8",
    )
    assert load(path) == "Loaded tiny as version 1."
    version = Framework.objects.get().latest_version
    assert [t.lead for t in definition_of(version).audit_types] == ["supervisor", "supervisor"]
