"""Making a caseload mapping on the web: an export is uploaded, its column headings are
read, the QA administrator chooses the column for each of our fields, then the closed
statuses (from the values found in the status column) and the date formats; the mapping
is saved by name, with history, and the same file previewed with it.

The uploaded file is kept (as a draft) only until then: it holds real case references.
"""

import datetime

import yaml
from django.db import transaction
from django.utils import timezone

from practiceqa.caseloads.imports import (
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    mapping_from_yaml,
)
from practiceqa.caseloads.models import CaseloadMapping, MappingDraft
from practiceqa.core.imports import read_table, refuse
from practiceqa.core.imports.expiry import keep_hours
from practiceqa.core.services.refusal import Refusal

FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
FIELD_LABELS = {
    "case_reference": "Case reference",
    "worker_staff_id": "Allocated worker's staff ID",
    "status": "Status",
    "opened_on": "Date opened",
    "allocated_on": "Date allocated",
    "team": "Team",
    "weight": "Complexity weight",
    "review_due_on": "Review due date",
}
FIELD_HINTS = {
    "case_reference": "Pseudonymised as it is read: never stored or shown",
    "worker_staff_id": "A staff ID from the staff import; empty when the case is unallocated",
    "weight": "A number",
}
DATE_FIELDS = ("opened_on", "allocated_on", "review_due_on")
# The formats offered, with an example of each (31 December 2026).
DATE_FORMAT_CHOICES = (
    ("%d/%m/%Y", "31/12/2026"),
    ("%Y-%m-%d", "2026-12-31"),
    ("%d-%m-%Y", "31-12-2026"),
    ("%d.%m.%Y", "31.12.2026"),
    ("%d %b %Y", "31 Dec 2026"),
    ("%m/%d/%Y", "12/31/2026 (month first)"),
)
MAX_STATUSES = 50  # the distinct statuses offered as closed


def delete_old_drafts(cutoff: datetime.datetime) -> int:
    """Delete the mapping drafts started before `cutoff` (abandoned: they hold the file with
    its real references); how many. Run whenever a draft is started and by
    `manage.py expire_uploads` (UPLOAD_KEEP_HOURS)."""
    deleted, _ = MappingDraft.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def mapping_draft_start(
    *, content: bytes, filename: str, as_of: datetime.date, started_by
) -> MappingDraft:
    """Keep an uploaded export to make a mapping from. ImportRefused if it is not a table.
    Drafts abandoned for UPLOAD_KEEP_HOURS are deleted (they hold real references)."""
    delete_old_drafts(timezone.now() - datetime.timedelta(hours=keep_hours()))
    table = read_table(content, filename)
    headings = [heading.strip() for heading in table.header if heading.strip()]
    if not headings:
        refuse("The file has no column headings in its first row", row=table.header_row)
    if not table.rows:
        refuse("The file has a header row but no cases in it")
    draft = MappingDraft(
        filename=filename[:255],
        content=content,
        as_of=as_of,
        headings=list(dict.fromkeys(headings)),
        created_by=started_by,
    )
    draft._history_user = started_by
    draft._change_reason = f"Mapping started from {filename}"[:100]
    draft.save()
    return draft


def mapping_draft_choose_columns(*, draft: MappingDraft, columns: dict, chosen_by) -> None:
    """Record the file's column for each of our fields. Refusal, field by field, if a
    required field has none, a heading is not in the file or one is chosen twice."""
    chosen = {name: (columns.get(name) or "").strip() for name in FIELDS}
    problems: dict[str | None, str] = {}
    used: dict[str, str] = {}
    for name in FIELDS:
        heading = chosen[name]
        if not heading:
            if name in REQUIRED_FIELDS:
                problems[name] = f"Select the column that holds the {FIELD_LABELS[name].lower()}"
            continue
        if heading not in draft.headings:
            problems[name] = f"{heading} is not a column of this file"
        elif heading in used:
            problems[name] = (
                f"{heading} is already chosen for {FIELD_LABELS[used[heading]].lower()}: "
                "choose a different column"
            )
        else:
            used[heading] = name
    if problems:
        raise Refusal.of(problems)
    draft.columns = {name: heading for name, heading in chosen.items() if heading}
    draft._history_user = chosen_by
    draft._change_reason = "Columns chosen"
    draft.save(update_fields=["columns", "updated_at"])


def _column_values(draft: MappingDraft, heading: str) -> list[str]:
    table = read_table(bytes(draft.content), draft.filename)
    keys = [h.strip() for h in table.header]
    if heading not in keys:
        return []
    index = keys.index(heading)
    return [cells[index].strip() for _, cells in table.rows if index < len(cells)]


def draft_statuses(draft: MappingDraft) -> list[str]:
    """The distinct values of the status column chosen, most frequent first."""
    counts: dict[str, int] = {}
    for value in _column_values(draft, draft.columns.get("status", "")):
        if value:
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda value: (-counts[value], value))[:MAX_STATUSES]


def draft_date_formats(draft: MappingDraft) -> list[str]:
    """The offered formats that read every date in the date columns chosen (some, if no
    one format reads them all): what the form ticks to begin with."""
    values = [
        value
        for name in DATE_FIELDS
        if draft.columns.get(name)
        for value in _column_values(draft, draft.columns[name])
        if value
    ][:2000]
    readers = {}
    for fmt, _ in DATE_FORMAT_CHOICES:
        readers[fmt] = sum(1 for value in values if _reads(value, fmt))
    if not values:
        return [DATE_FORMAT_CHOICES[0][0], DATE_FORMAT_CHOICES[1][0]]
    unread = set(values)
    chosen = []
    for fmt in sorted(readers, key=lambda f: -readers[f]):
        read = {value for value in unread if _reads(value, fmt)}
        if read:
            chosen.append(fmt)
            unread -= read
    return chosen


def _reads(value: str, fmt: str) -> bool:
    try:
        datetime.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def mapping_text(*, name: str, columns: dict, closed_statuses, date_formats) -> str:
    return yaml.safe_dump(
        {
            "name": name,
            "columns": {f: columns[f] for f in FIELDS if columns.get(f)},
            "closed_statuses": list(closed_statuses),
            "date_formats": list(date_formats),
        },
        sort_keys=False,
        allow_unicode=True,
    )


def mapping_save(
    *, draft: MappingDraft, name: str, closed_statuses, date_formats, saved_by
) -> dict:
    """Store the draft's mapping by name (with history) and return it, ready to import
    with. Refusal if the name is taken or no date format is chosen."""
    name = " ".join((name or "").split())
    problems: dict[str | None, str] = {}
    if not name:
        problems["name"] = "Enter a name for the mapping"
    elif len(name) > 100:
        problems["name"] = "Name must be 100 characters or fewer"
    elif CaseloadMapping.objects.filter(name__iexact=name).exists():
        problems["name"] = f"There is already a mapping called {name}: choose another name"
    if not date_formats:
        problems["date_formats"] = "Select the date formats the file uses"
    if not draft.columns:
        problems[None] = "Choose the file's columns first"
    if problems:
        raise Refusal.of(problems)
    text = mapping_text(
        name=name,
        columns=draft.columns,
        closed_statuses=closed_statuses,
        date_formats=date_formats,
    )
    mapping = mapping_from_yaml(text)
    stored = CaseloadMapping(name=name, text=text)
    stored._history_user = saved_by
    stored._change_reason = f"Made on the web from {draft.filename}"[:100]
    with transaction.atomic():
        stored.save()
    return mapping


def mapping_draft_finish(*, draft: MappingDraft) -> tuple[bytes, str, datetime.date]:
    """The draft's file, as-of date, and the draft deleted (it held real references)."""
    content, filename, as_of = bytes(draft.content), draft.filename, draft.as_of
    draft.delete()
    return content, filename, as_of
