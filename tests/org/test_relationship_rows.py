"""My work's tables of the people one supervises and line-manages: the rows the row tags
write are the HTML the template loops wrote, character for character (names needing
escaping, every month, a count of none)."""

import datetime
from pathlib import Path

from django.template import engines

from practiceqa.org.models import Profession, Relationship, RelationshipKind, StaffMember

# The loops as My work's template had them before the row tags.
SUPERVISION_LOOP = (Path(__file__).parent / "supervision_rows_before.html").read_text()
LINE_MANAGEMENT_LOOP = (Path(__file__).parent / "line_management_rows_before.html").read_text()


def _render(source: str, reports) -> str:
    return engines["django"].from_string(source).render({"reports": reports})


def _reports(kind: str) -> list[Relationship]:
    names = ["Ann O'Neil", 'Bo "B" <Smith> & Co', "Cy Young"]
    professions = list(Profession.values)
    reports = []
    for month in range(1, 13):
        junior = StaffMember(
            pk=100 + month,
            full_name=names[month % len(names)],
            profession=professions[month % len(professions)],
        )
        relationship = Relationship(
            kind=kind, junior=junior, starts_on=datetime.date(2020 + month, month, month + 9)
        )
        relationship.junior_supervisees = month % 3
        reports.append(relationship)
    return reports


def test_the_supervision_rows_are_the_html_the_template_wrote():
    reports = _reports(RelationshipKind.SUPERVISION)
    written = _render("    {% load relationship_rows %}{% supervision_rows reports %}\n", reports)
    assert written == _render(SUPERVISION_LOOP, reports)
    assert "Bo &quot;B&quot; &lt;Smith&gt; &amp; Co" in written
    assert "Ann O&#x27;Neil" in written and "21 December 2032" in written


def test_the_line_management_rows_are_the_html_the_template_wrote():
    reports = _reports(RelationshipKind.LINE_MANAGEMENT)
    written = _render(
        "    {% load relationship_rows %}{% line_management_rows reports %}\n", reports
    )
    assert written == _render(LINE_MANAGEMENT_LOOP, reports)
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">0</td>' in written


def test_no_people_no_rows():
    assert _render("{% load relationship_rows %}{% supervision_rows reports %}", []) == ""
    assert _render("{% load relationship_rows %}{% line_management_rows reports %}", []) == ""
