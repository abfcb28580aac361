import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from practiceqa.access.scope import StaffScope
from practiceqa.planning.compliance import summary_by_type
from practiceqa.planning.schedule import financial_year_of


class Command(BaseCommand):
    help = "Items and compliance of a year's plan by audit type (--json for scripts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="Start of the financial year; this year's if left out"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON")

    def handle(self, *args, year=None, as_json=False, **options):
        year = year or financial_year_of(timezone.localdate())
        summary = summary_by_type(
            scope=StaffScope(everyone=True), year=year, today=timezone.localdate()
        )
        if as_json:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(f"Plan {year} to {year + 1}: {summary['withdrawn']} withdrawn")
        self.stdout.write(f"{'audit type':<32} {'items':>6} {'due':>6} {'done':>6} {'overdue':>8}")
        for code, count in summary["items"].items():
            figures = summary["compliance"][code]
            self.stdout.write(
                f"{code:<32} {count:>6} {figures['due']:>6} {figures['done']:>6} "
                f"{figures['overdue']:>8}"
            )
