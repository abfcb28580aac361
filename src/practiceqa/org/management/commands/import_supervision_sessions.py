from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from practiceqa.org.services.staff_file import ImportRefused
from practiceqa.org.services.supervision_sessions import supervision_sessions_import


class Command(BaseCommand):
    help = (
        "Import supervision sessions (CSV or XLSX with the columns supervisor_staff_id, "
        "supervisee_staff_id, held_on, record_location). The whole file is refused, and "
        "nothing written, if any row has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file without importing anything.",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="EMAIL",
            help="Record the sessions in history as imported by this account.",
        )

    def handle(self, *args, file: Path, dry_run: bool, as_user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        user = None
        if as_user:
            user = get_user_model().objects.filter(username=as_user.lower()).first()
            if user is None:
                raise CommandError(f"There is no account {as_user}")
        try:
            result = supervision_sessions_import(
                content=file.read_bytes(), filename=file.name, imported_by=user, dry_run=dry_run
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{file.name} was not imported: {len(refused.problems)} problem(s). "
                "Nothing has been changed."
            ) from None
        if dry_run:
            self.stdout.write(
                f"Would import {result.created} supervision sessions. "
                "Dry run: nothing has been changed."
            )
        else:
            self.stdout.write(f"Imported {result.created} supervision sessions.")
