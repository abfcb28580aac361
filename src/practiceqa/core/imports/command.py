"""The management command every import shares: `manage.py import_x FILE [--dry-run]
[--as EMAIL]` (who is recorded in history; without it, the command's name), plus any
options the import declares. It checks the file and, unless a dry
run, applies it in one go; on a refusal it prints each problem and fails."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from practiceqa.core.imports.importer import Importer, Plan
from practiceqa.core.imports.problems import ImportRefused
from practiceqa.core.imports.services import import_run
from practiceqa.core.management.acting import ActingCommand


class ImportCommand(ActingCommand):
    """Subclasses set `importer_class`, and may add arguments (`add_import_arguments`) that
    become the importer's options (`importer_options`) and say what to print (`report`)."""

    importer_class: type[Importer]
    dry_run_help = "Check the file without importing anything."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)
        self.add_import_arguments(parser)

    def add_import_arguments(self, parser) -> None:
        """Options of this import (an --as-of date, a --mapping)."""

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """The importer's options from the command's (JSON-serialisable: they are kept on
        the upload record). CommandError for a bad one."""
        return {}

    def make_importer(self, options: dict[str, Any]) -> Importer:
        return self.importer_class(options=self.importer_options(options))

    def run_import(self, *, importer: Importer, content: bytes, filename: str, user, dry_run):
        return import_run(
            importer=importer,
            content=content,
            filename=filename,
            applied_by=user,
            dry_run=dry_run,
        )

    def report(self, result: Plan, *, dry_run: bool) -> None:
        figures = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in result.counts.items())
        self.stdout.write(f"{'Would import' if dry_run else 'Imported'}: {figures}.")
        if dry_run:
            self.stdout.write("Dry run: nothing has been changed.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        user = self.actor.user  # None: history names the command (ActingCommand)
        importer = self.make_importer(options)
        try:
            result = self.run_import(
                importer=importer,
                content=file.read_bytes(),
                filename=file.name,
                user=user,
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
