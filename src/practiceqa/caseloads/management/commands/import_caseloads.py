import datetime
from pathlib import Path

from django.core.management.base import CommandError

from practiceqa.caseloads.imports import (
    LEFT,
    CaseloadImporter,
    CasePlan,
    MappingError,
    mapping_from_yaml,
    stored_mapping,
)
from practiceqa.core.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a caseload snapshot (CSV or XLSX exported from the case management system) "
        "on an as-of date, its columns read by a mapping (a stored name or a YAML file). "
        "The whole file is refused, and nothing written, if any row has a problem."
    )
    importer_class = CaseloadImporter
    as_user_help = "Record the snapshot in history as imported by this account."

    def add_import_arguments(self, parser) -> None:
        parser.add_argument("--as-of", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--mapping", required=True, metavar="NAME_OR_FILE")

    def importer_options(self, options):
        try:
            as_of = datetime.date.fromisoformat(options["as_of"])
        except ValueError:
            raise CommandError(
                f"--as-of {options['as_of']!r} is not a date: use YYYY-MM-DD"
            ) from None
        given = options["mapping"]
        try:
            path = Path(given)
            if path.is_file():
                mapping = mapping_from_yaml(path.read_text(encoding="utf-8"))
            else:
                mapping = stored_mapping(given)
        except MappingError as error:
            raise CommandError(f"{given}: {error}") from None
        if mapping is None:
            raise CommandError(f"{given}: no such mapping file, and no stored mapping so named")
        return {"as_of": as_of.isoformat(), "mapping": mapping}

    def report(self, result: CasePlan, *, dry_run: bool) -> None:
        counts = result.counts
        self.stdout.write(
            f"{'Would import' if dry_run else 'Imported'} {counts['cases']} cases "
            f"({counts['open']} open, {counts['unallocated']} unallocated) "
            f"as of {result.as_of.isoformat()}."
        )
        if result.left:
            rows = ", ".join(str(n) for n in result.left)
            self.stdout.write(f"{len(result.left)} case(s) {LEFT} (rows {rows}).")
        if dry_run:
            self.stdout.write("Dry run: nothing has been changed.")
