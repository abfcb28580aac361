from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from practiceqa.org.services.staff_file import ImportRefused
from practiceqa.org.services.staff_import import staff_import_run


class Command(BaseCommand):
    help = (
        "Import staff from the HR export (CSV or XLSX). The whole file is refused, and nothing "
        "written, if any row has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would change without changing anything.",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="EMAIL",
            help="Record the changes in history as made by this account.",
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
            plan = staff_import_run(
                content=file.read_bytes(), filename=file.name, applied_by=user, dry_run=dry_run
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{file.name} was not imported: {len(refused.problems)} problem(s). "
                "Nothing has been changed."
            ) from None
        counts = plan.counts
        verb = "Would change" if dry_run else "Imported"
        self.stdout.write(
            f"{verb}: {counts['added']} added, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['leavers']} leavers; "
            f"{counts['relationships_started']} relationships started, "
            f"{counts['relationships_ended']} ended; {counts['new_services']} new services, "
            f"{counts['new_teams']} new teams; {counts['not_in_file']} people not in the file."
        )
        if dry_run:
            for change in plan.changes:
                if change.status == "unchanged":
                    continue
                details = [f"{label}: {old} -> {new}" for label, old, new in change.fields]
                details += change.relationships
                self.stdout.write(
                    f"  row {change.row} {change.staff_id} {change.full_name} "
                    f"[{change.status}] " + "; ".join(details)
                )
            self.stdout.write("Dry run: nothing has been changed.")
