"""The DOCX of a finished audit, laid out like its appendix in the framework document."""

import io

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from practiceqa.audits import answers as values
from practiceqa.audits.models import Audit
from practiceqa.audits.report import Section, header_rows

MARK = "X"


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y")


def _bold(cell, text: str) -> None:
    cell.text = ""
    cell.paragraphs[0].add_run(text).bold = True


def _table(document, columns: int):
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    return table


def _answer_text(item) -> str:
    parts = [item.text or "Not answered"]
    if item.answer.comment:
        parts.append(f"Comments: {item.answer.comment}")
    if item.answer.narrative:
        parts.append(f"Narrative: {item.answer.narrative}")
    if item.evidence and item.answer.subject_evidence:
        parts.append(f"Worker's evidence and rationale: {item.answer.subject_evidence}")
    return "\n".join(parts)


def _tabular_section(document, section: Section) -> None:
    """Appendix 1's layout: Questions | Yes | Partly | No | Comments (if required)."""
    columns = section.columns
    table = _table(document, len(columns) + 2)
    heading = table.add_row().cells
    _bold(heading[0], "Questions")
    for index, option in enumerate(columns, start=1):
        _bold(heading[index], option.label)
    _bold(heading[-1], "Comments (if required)")
    for item in section.items:
        cells = table.add_row().cells
        cells[0].text = item.label
        for index, option in enumerate(columns, start=1):
            if item.answer.value == option.value:
                cells[index].text = MARK
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        comment = item.answer.comment
        if values.is_excluded(item.question, item.answer.value):
            comment = f"{item.text}. {comment}" if comment else item.text
        cells[-1].text = comment


def _question_section(document, section: Section) -> None:
    table = _table(document, 2)
    for item in section.items:
        cells = table.add_row().cells
        cells[0].text = item.label
        cells[1].text = _answer_text(item)


def _actions(document, heading: str, actions) -> None:
    """The actions raised from a question (or the audit), with owner, due date and status."""
    if not actions:
        return
    document.add_paragraph(heading).runs[0].bold = True
    for action in actions:
        document.add_paragraph(
            f"{action.description} Owner: {action.owner.full_name}. Due "
            f"{action.due_on:%-d %B %Y}. Status: {action.get_status_display()}.",
            style="List Bullet",
        )


def _page_number(paragraph) -> None:
    """A PAGE field, which Word fills in with the number of each page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _marking(document) -> None:
    """The protective marking at the top and bottom of every page, page numbers below."""
    marking = settings.PROTECTIVE_MARKING
    for part in (document.sections[0].header, document.sections[0].footer):
        paragraph = part.paragraphs[0]
        paragraph.text = marking
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.runs[0].bold = True
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run(" – Page ")
    _page_number(footer)


def _sessions_held(document, evidence) -> None:
    """As the page shows them: each supervisee, how many sessions and when."""
    document.add_heading(
        f"Supervision sessions held, {evidence.window_start:%-d %B %Y} to "
        f"{evidence.window_end:%-d %B %Y}",
        level=2,
    )
    weeks = evidence.frequency_weeks
    document.add_paragraph(
        f"The supervision policy asks for a session at least every {weeks} "
        f"week{'s' if weeks != 1 else ''}."
    )
    table = _table(document, 4)
    heading = table.add_row().cells
    labels = ("Supervisee", "Sessions", "Longest gap", "Dates and where each record is kept")
    for cell, label in zip(heading, labels, strict=True):
        _bold(cell, label)
    for row in evidence.rows:
        cells = table.add_row().cells
        cells[0].text = row["person"].full_name
        cells[1].text = str(len(row["sessions"]))
        gap = row["longest_gap_weeks"]
        cells[2].text = (
            "–"
            if gap is None
            else f"{gap} week{'s' if gap != 1 else ''}"
            + (" (longer than policy)" if gap > weeks else "")
        )
        dates = "; ".join(
            f"{s.held_on:%-d %b %Y}: {s.record_location or 'not given'}" for s in row["sessions"]
        )
        cells[3].text = dates or "No supervision recorded"


def _sample(document, evidence) -> None:
    """The supervision records looked at, and the reasons for supervisees with none."""
    document.add_heading("Supervision records looked at", level=2)
    for session in evidence.sampled:
        document.add_paragraph(
            f"{session.supervisee.full_name}, {session.held_on:%-d %B %Y} "
            f"(record kept: {session.record_location})",
            style="List Bullet",
        )
    if not evidence.sampled:
        document.add_paragraph("None.")
    if evidence.gap_findings:
        document.add_paragraph("Findings: supervisees with no supervision record").runs[
            0
        ].bold = True
        for person, reason in evidence.gap_findings:
            document.add_paragraph(f"{person.full_name}: {reason}", style="List Bullet")


def audit_document(
    *,
    audit: Audit,
    type_name: str,
    sections: list[Section],
    comments,
    amendments,
    audit_actions=(),
    evidence=None,
) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = audit.template.title
    document.core_properties.author = settings.ORGANISATION_NAME
    document.core_properties.last_modified_by = settings.ORGANISATION_NAME
    _marking(document)
    document.add_heading(audit.template.title, level=0)
    version = audit.template.version
    source = f"{audit.template.source}, " if audit.template.source else ""
    document.add_paragraph(
        f"{type_name}. {source}{version.framework.title}, version {version.number}."
    )

    header = _table(document, 2)
    for label, value in header_rows(audit):
        cells = header.add_row().cells
        _bold(cells[0], label)
        cells[1].text = value

    for section in sections:
        document.add_heading(section.title, level=2)
        if section.help:
            document.add_paragraph(section.help).runs[0].italic = True
        if section.tabular:
            _tabular_section(document, section)
        else:
            _question_section(document, section)
        for item in section.items:
            _actions(document, f"Actions raised from {item.label}", item.actions)
    _actions(document, "Actions raised from the audit as a whole", audit_actions)
    if evidence is not None:
        _sessions_held(document, evidence)
        _sample(document, evidence)

    if audit.overall_grade:
        document.add_heading("Overall grade", level=2)
        document.add_paragraph(audit.grade_text)

    document.add_heading("Subject's comments", level=2)
    if comments:
        for comment in comments:
            document.add_paragraph(
                f"{comment.author.full_name}, {_day(comment.created_at)}: {comment.text}"
            )
    else:
        document.add_paragraph("None.")

    document.add_heading("Sign-off", level=2)
    if audit.signed_off_at:
        document.add_paragraph(
            f"Signed off by {audit.signed_off_by.full_name} on {_day(audit.signed_off_at)}."
        )
    else:
        document.add_paragraph("Submitted, not yet signed off.")
    if amendments:
        document.add_heading("Amendments after sign-off", level=2)
        for amendment in amendments:
            document.add_paragraph(f"{_day(amendment.created_at)}: {amendment.reason}")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
