from practiceqa.core.imports.command import ImportCommand
from practiceqa.org.services.supervision_sessions import SessionImporter, SessionPlan


class Command(ImportCommand):
    help = (
        "Import supervision sessions (CSV or XLSX with the columns supervisor_staff_id, "
        "supervisee_staff_id, held_on, record_location). The whole file is refused, and "
        "nothing written, if any row has a problem."
    )
    importer_class = SessionImporter
    as_user_help = "Record the sessions in history as imported by this account."

    def report(self, result: SessionPlan, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(
                f"Would import {len(result.sessions)} supervision sessions. "
                "Dry run: nothing has been changed."
            )
        else:
            self.stdout.write(f"Imported {len(result.sessions)} supervision sessions.")
