"""Importing a caseload snapshot exported from the case management system.

A mapping (YAML, stored by name once used) says which column of the export holds each of
our fields. Case references are pseudonymised as they are read (a keyed hash), so the raw
reference is never stored, logged or shown; the file itself is emptied once applied. The
whole file is refused, with every problem by row and column, or the snapshot is written in
bulk (its query count does not grow with the rows).
"""

import datetime
import hashlib
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

import yaml
from django.conf import settings
from django.db import connection, transaction
from django.utils.timezone import localtime

from practiceqa.caseloads.forms_import import CaseloadUploadForm
from practiceqa.caseloads.models import Case, CaseloadMapping, CaseStatus, Snapshot
from practiceqa.caseloads.reading import read_cases
from practiceqa.caseloads.tally import tally_write
from practiceqa.core.imports import (
    DATE_FORMATS,
    Column,
    Importer,
    ImportRefused,
    Plan,
    Problem,
    date_parser,
    in_order,
    number_parser,
    pseudonymiser,
)
from practiceqa.core.kept_figures import one_change

REQUIRED_FIELDS = ("case_reference", "worker_staff_id", "status", "opened_on")
OPTIONAL_FIELDS = ("allocated_on", "team", "weight", "review_due_on")
LEFT = "allocated to someone who has left"


class MappingError(ValueError):
    """A mapping that cannot be used; its message says why."""


def mapping_from_yaml(text: str) -> dict:
    """The mapping held in YAML text, checked. MappingError if it cannot be used."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(f"The mapping is not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise MappingError("The mapping needs a name and columns (our field: its heading)")
    name = str(data.get("name") or "").strip()
    if not name:
        raise MappingError("The mapping needs a name")
    columns = {str(k): str(v) for k, v in data["columns"].items() if v}
    unknown = sorted(set(columns) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise MappingError(f"The mapping names fields that do not exist: {', '.join(unknown)}")
    missing = [name for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        raise MappingError(f"The mapping must give a column for: {', '.join(missing)}")
    closed = data.get("closed_statuses") or []
    formats = data.get("date_formats") or list(DATE_FORMATS)
    if not isinstance(closed, list) or not isinstance(formats, list):
        raise MappingError("closed_statuses and date_formats must be lists")
    return {
        "name": name,
        "columns": columns,
        "closed_statuses": [str(s) for s in closed],
        "date_formats": [str(f) for f in formats],
        "text": text,
    }


def stored_mapping(name: str) -> dict | None:
    stored = CaseloadMapping.objects.filter(name=name).first()
    return mapping_from_yaml(stored.text) if stored else None


# The columns of a planned case, in the order the plan holds them and the insert writes them.
CASE_COLUMNS = (
    "reference",
    "worker_id",
    "former_worker_id",
    "status",
    "opened_on",
    "allocated_on",
    "team",
    "weight",
    "review_due_on",
)


@dataclass
class CasePlan(Plan):
    as_of: datetime.date
    mapping: dict
    cases: list[tuple]  # one tuple per case, of CASE_COLUMNS
    left: list[int] = field(default_factory=list)  # rows allocated to someone who has left
    # What the cases were made from: the file, its mapping, the key and the staff it names.
    source: tuple = ()
    digest: str = ""  # of the rows read (Snapshot.content_digest)

    def operations(self):
        # The cases follow from these alone (reading them is deterministic), so they identify
        # the writes as the cases themselves would, without encoding every case again.
        return [str(self.as_of), self.mapping.get("text", ""), *self.source]

    @cached_property
    def counts(self) -> dict[str, int]:
        open_cases = [c for c in self.cases if c[3] == CaseStatus.OPEN]
        return {
            "cases": len(self.cases),
            "open": len(open_cases),
            "unallocated": sum(1 for c in open_cases if c[1] is None),
            LEFT.replace(" ", "_"): len(self.left),
        }


class CaseloadImporter(Importer):
    """A caseload snapshot on an as-of date. Options: `as_of` (ISO date) and `mapping`."""

    kind = "caseloads"
    rows_noun = "cases"
    title = "Import a caseload snapshot"
    record_noun = "Caseload import"
    permission = "caseloads.import_snapshot"
    url_name = "caseload-import"
    upload_form = CaseloadUploadForm
    upload_hint = "A CSV or XLSX file exported from the case management system."
    about_template = "caseloads/import_about.html"
    preview_template = "caseloads/import_preview.html"
    summary_template = "caseloads/import_summary.html"
    done_template = "caseloads/import_done.html"
    history_reason = "Caseload import: {upload.filename}"
    once_per_file = True  # the same export twice is refused

    @property
    def mapping(self) -> dict:
        # Without options (the upload page asks what a file needs): the required fields.
        return self.options.get("mapping") or {"columns": {f: f for f in REQUIRED_FIELDS}}

    @property
    def as_of(self) -> datetime.date:
        return datetime.date.fromisoformat(self.options["as_of"])

    @cached_property
    def columns(self):  # asked for every row: built once
        dates = date_parser(self.mapping.get("date_formats") or DATE_FORMATS)
        mapped = self.mapping["columns"]

        def optional(name, **kwargs):
            return Column(name, required=name in mapped, **kwargs)

        return (
            Column(
                "case_reference",
                identifier=True,
                blank="Enter the case reference",
                parse=pseudonymiser(settings.CASELOAD_PSEUDONYM_KEY),
            ),
            Column("worker_staff_id", identifier=True),
            Column("status", blank="Enter the status of the case"),
            Column("opened_on", blank="Enter the date the case was opened", parse=dates),
            optional("allocated_on", parse=dates),
            optional("team", max_length=200),
            optional("weight", parse=number_parser("{text!r} is not a number: enter a weight")),
            optional("review_due_on", parse=dates),
        )

    def headings(self):
        return self.mapping["columns"]

    def plan_file(self, content: bytes, filename: str) -> CasePlan:
        """Read, check and resolve the file in one pass (see practiceqa.caseloads.reading)."""
        read = read_cases(self, content, filename)
        done = Snapshot.objects.filter(content_digest=read.digest).order_by("created_at").first()
        if done is not None:
            read.problems.append(
                Problem(
                    None,
                    None,
                    f"The rows of this file were already imported, as the snapshot of "
                    f"{done.as_of:%-d %B %Y} (imported on {localtime(done.created_at):%-d %B %Y}). "
                    "Nothing has been changed",
                )
            )
        if read.problems:
            raise ImportRefused(in_order(read.problems))
        probe = self.columns[0].parse("fingerprint")  # changes with the key, reveals nothing
        source = (hashlib.sha256(content).hexdigest(), probe, read.staff)
        return CasePlan(
            as_of=self.as_of,
            mapping=self.mapping,
            cases=read.cases,
            left=read.left,
            source=source,
            digest=read.digest,
        )

    def notices(self, plan: CasePlan) -> list[str]:
        if not plan.left:
            return []
        rows = ", ".join(str(n) for n in plan.left[:20])
        return [
            f"{len(plan.left)} case(s) {LEFT} are counted as unallocated (rows {rows}"
            f"{', …' if len(plan.left) > 20 else ''})"
        ]

    def write(self, plan: CasePlan, *, user, upload) -> None:
        reason = self.reason(upload)
        mapping = CaseloadMapping.objects.filter(name=plan.mapping["name"]).first()
        if mapping is None:
            mapping = CaseloadMapping(name=plan.mapping["name"])
        if mapping.pk is None or mapping.text != plan.mapping["text"]:
            mapping.text = plan.mapping["text"]
            mapping._history_user = user
            mapping._change_reason = reason
            mapping.save()
        snapshot = Snapshot(
            as_of=plan.as_of,
            upload=upload,
            mapping_name=mapping.name,
            content_digest=plan.digest,
        )
        snapshot._history_user = user
        snapshot._change_reason = reason
        with transaction.atomic(), one_change():  # the figures' token changed once
            snapshot.save()
            _insert_cases(snapshot.pk, plan.cases)
            tally_write(snapshot)  # its figures, counted once


def _insert_cases(snapshot_id: int, cases: list[tuple]) -> None:
    """The cases in bulk, with plain SQL: a snapshot can hold hundreds of thousands, and
    building a model instance for each costs more than writing it. The values are those
    the model would write (dates as YYYY-MM-DD, Decimal weights, text; the ids of staff). They are
    written in the order of their (pseudonymised) reference, the order of the unique
    index, which keeps it from being rewritten page by page at random; the snapshot's id
    is written into the statement (an integer), not added to every case."""
    table = connection.ops.quote_name(Case._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in ("snapshot_id", *CASE_COLUMNS))
    marks = ", ".join(["%s"] * len(CASE_COLUMNS))
    if connection.vendor == "postgresql":
        _copy_cases(table, names, snapshot_id, sorted(cases, key=itemgetter(0)))
        return
    with connection.cursor() as cursor, _page_cache(cursor):
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({int(snapshot_id)}, {marks})",  # noqa: S608
            sorted(cases, key=itemgetter(0)),
        )


def _copy_cases(table: str, names: str, snapshot_id: int, cases: list[tuple]) -> None:
    """On PostgreSQL, COPY: the rows streamed in one statement, not one statement each
    (recorded like any other query, so query counts are the same on every database)."""
    sql = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor:
        logged = getattr(cursor, "debug_sql", None)  # when queries are being recorded
        with logged(sql) if logged else nullcontext(), cursor.cursor.copy(sql) as copy:
            for case in cases:
                copy.write_row((snapshot_id, *case))


@contextmanager
def _page_cache(cursor, kib: int = 64 * 1024):
    """On SQLite, a page cache big enough for the indexes of a large snapshot while it is
    written (the default 2 MiB rereads their pages from the file), then the usual one."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    (usual,) = cursor.fetchone()
    cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(usual)}")
