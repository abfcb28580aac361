import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from practiceqa.caseloads.selectors import caseload_summary, snapshot_as_of


class Command(BaseCommand):
    help = (
        "Print the caseload figures of the snapshot of a date: open and unallocated cases, "
        "and by profession the practitioners in post, their FTE, cases, mean per worker and "
        "per FTE, median and 90th percentile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, metavar="YYYY-MM-DD")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the figures as JSON."
        )

    def handle(self, *args, as_of: str, as_json: bool, **options):
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            raise CommandError(f"--as-of {as_of!r} is not a date: use YYYY-MM-DD") from None
        snapshot = snapshot_as_of(day)
        if snapshot is None:
            raise CommandError(f"There is no caseload snapshot as of {day.isoformat()}")
        summary = caseload_summary(snapshot)
        if as_json:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(
            f"As of {summary['as_of']}: {summary['open_cases']} open cases, "
            f"{summary['unallocated']} unallocated."
        )
        for profession, figures in summary["by_profession"].items():
            details = ", ".join(f"{name} {value}" for name, value in figures.items())
            self.stdout.write(f"{profession.replace('_', ' ')}: {details}")
