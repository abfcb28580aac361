from practiceqa.org.management.importing import FileImportCommand
from practiceqa.org.services.supervision_sessions import (
    SessionImportResult,
    supervision_sessions_import,
)


class Command(FileImportCommand):
    help = (
        "Import supervision sessions (CSV or XLSX with the columns supervisor_staff_id, "
        "supervisee_staff_id, held_on, record_location). The whole file is refused, and "
        "nothing written, if any row has a problem."
    )
    as_user_help = "Record the sessions in history as imported by this account."

    def run_import(
        self, *, content: bytes, filename: str, user, dry_run: bool
    ) -> SessionImportResult:
        return supervision_sessions_import(
            content=content, filename=filename, imported_by=user, dry_run=dry_run
        )

    def report(self, result: SessionImportResult, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(
                f"Would import {result.created} supervision sessions. "
                "Dry run: nothing has been changed."
            )
        else:
            self.stdout.write(f"Imported {result.created} supervision sessions.")
