from django.core.management.base import CommandError
from django.utils import timezone

from practiceqa.core.management.acting import ActingCommand
from practiceqa.core.services import Refusal
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate


class Command(ActingCommand):
    help = (
        "Generate, or bring up to date, the annual audit plan of a financial year "
        "(2026 is April 2026 to March 2027). Safe to run again at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="Start of the financial year; this year's if left out"
        )

    def handle(self, *args, year=None, **options):
        year = year or financial_year_of(timezone.localdate())
        try:
            result = plan_generate(year=year, generated_by=self.actor.user)
        except Refusal as error:
            raise CommandError(str(error)) from None
        if not result.changed:
            self.stdout.write(f"The plan for {year} was already up to date.")
            return
        self.stdout.write(
            f"Plan for {year}: {result.added} added, {result.withdrawn} withdrawn, "
            f"{result.reinstated} put back, {result.reassigned} moved to a new lead."
        )
