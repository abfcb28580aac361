"""What every file-import command does the same way: find the file and the account to
record in history, run the import, and on a refusal print each problem and fail."""

from pathlib import Path

from django.core.management.base import CommandError

from practiceqa.core.management.acting import ActingCommand
from practiceqa.org.services.staff_file import ImportRefused


class FileImportCommand(ActingCommand):
    """A command importing one CSV or XLSX file, all or nothing. Subclasses say how to
    import (`run_import`) and what to say afterwards (`report`)."""

    dry_run_help = "Check the file without importing anything."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def run_import(self, *, content: bytes, filename: str, user, dry_run: bool):
        raise NotImplementedError

    def report(self, result, *, dry_run: bool) -> None:
        raise NotImplementedError

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = self.run_import(
                content=file.read_bytes(),
                filename=file.name,
                user=self.actor.user,
                dry_run=dry_run,
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{file.name} was not imported: {len(refused.problems)} problem(s). "
                "Nothing has been changed."
            ) from None
        self.report(result, dry_run=dry_run)
