"""Importing a caseload snapshot exported from the case management system.

A mapping (YAML, stored by name once used) says which column of the export holds each of
our fields. Case references are pseudonymised as they are read (a keyed hash), so the raw
reference is never stored, logged or shown; the file itself is emptied once applied. The
whole file is refused, with every problem by row and column, or the snapshot is written in
bulk (its query count does not grow with the rows).
"""

import datetime
from dataclasses import dataclass, field

import yaml
from django.conf import settings
from django.db import transaction

from practiceqa.caseloads.forms_import import CaseloadUploadForm
from practiceqa.caseloads.models import Case, CaseloadMapping, CaseStatus, Snapshot
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
from practiceqa.org.models import StaffMember

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


@dataclass
class CasePlan(Plan):
    as_of: datetime.date
    mapping: dict
    cases: list[Case]
    left: list[int] = field(default_factory=list)  # rows allocated to someone who has left

    def operations(self):
        return [
            (
                c.reference,
                c.worker_id,
                c.former_worker_id,
                c.status,
                c.opened_on,
                c.allocated_on,
                c.team,
                c.weight,
                c.review_due_on,
            )
            for c in self.cases
        ] + [str(self.as_of), self.mapping.get("text", "")]

    @property
    def counts(self) -> dict[str, int]:
        open_cases = [c for c in self.cases if c.status == CaseStatus.OPEN]
        return {
            "cases": len(self.cases),
            "open": len(open_cases),
            "unallocated": sum(1 for c in open_cases if c.worker_id is None),
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
    keep_content = False  # the raw file (real references) is emptied once applied

    @property
    def mapping(self) -> dict:
        # Without options (the upload page asks what a file needs): the required fields.
        return self.options.get("mapping") or {"columns": {f: f for f in REQUIRED_FIELDS}}

    @property
    def as_of(self) -> datetime.date:
        return datetime.date.fromisoformat(self.options["as_of"])

    @property
    def columns(self):
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

    def plan(self, rows, problems) -> CasePlan:
        problems = list(problems)
        staff_ids = {r["worker_staff_id"] for r in rows if r["worker_staff_id"]}
        staff = {s.staff_id: s for s in StaffMember.objects.filter(staff_id__in=staff_ids)}
        closed = set(self.mapping.get("closed_statuses") or [])
        first_row: dict[str, int] = {}
        cases, left = [], []
        for row in rows:
            reference = row["case_reference"]
            if reference is not None:
                if reference in first_row:
                    problems.append(
                        Problem(
                            row.number,
                            "case_reference",
                            f"The same case reference is also in row {first_row[reference]}",
                        )
                    )
                    continue
                first_row[reference] = row.number
            worker = former = None
            if row["worker_staff_id"]:
                person = staff.get(row["worker_staff_id"])
                if person is None:
                    problems.append(
                        Problem(
                            row.number,
                            "worker_staff_id",
                            f"There is no staff ID {row['worker_staff_id']} in the organisation",
                        )
                    )
                    continue
                if person.in_post_on(self.as_of):
                    worker = person
                else:
                    former = person
                    left.append(row.number)
            if reference is None or row["opened_on"] is None or row["status"] is None:
                continue
            cases.append(
                Case(
                    reference=reference,
                    worker=worker,
                    former_worker=former,
                    status=CaseStatus.CLOSED if row["status"] in closed else CaseStatus.OPEN,
                    opened_on=row["opened_on"],
                    allocated_on=row.get("allocated_on"),
                    team=row.get("team") or "",
                    weight=row.get("weight"),
                    review_due_on=row.get("review_due_on"),
                )
            )
        if problems:
            raise ImportRefused(in_order(problems))
        return CasePlan(as_of=self.as_of, mapping=self.mapping, cases=cases, left=left)

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
        snapshot = Snapshot(as_of=plan.as_of, upload=upload, mapping_name=mapping.name)
        snapshot._history_user = user
        snapshot._change_reason = reason
        with transaction.atomic():
            snapshot.save()
            for case in plan.cases:
                case.snapshot = snapshot
            Case.objects.bulk_create(plan.cases, batch_size=2000)
