import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from practiceqa.surveys.selectors import survey_for_year, survey_results


class Command(BaseCommand):
    help = (
        "Print a year's survey results: exactly the figures its results page shows, after "
        "hiding every group of fewer than SURVEY_MIN_GROUP responses."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The framework's survey, e.g. health-check")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", dest="as_json", help="As JSON")
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, code, year, as_json=False, date=None, **options):
        survey = survey_for_year(code=code, year=year)
        if survey is None:
            raise CommandError(f"No {code} survey has been opened for {year}")
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("Enter the date as YYYY-MM-DD") from None
        results = survey_results(survey=survey, today=today or timezone.localdate())
        if as_json:
            self.stdout.write(json.dumps(results.as_json(), indent=2))
            return
        if not results.published:
            self.stdout.write(f"{survey} is still open: its results are shown once it closes.")
            return
        total = results.total
        if total.suppressed:
            self.stdout.write(f"Fewer than {results.min_group} responses: no figures are shown.")
            return
        self.stdout.write(f"{survey}: {total.responses} responses")
        for area in total.areas:
            figure = "-" if area.favourable_percent is None else f"{area.favourable_percent}%"
            self.stdout.write(f"  {area.title}: {figure} favourable")
        for breakdown in results.breakdowns:
            self.stdout.write(breakdown.title)
            for group in breakdown.groups:
                shown = "not shown" if group.suppressed else f"{group.responses} responses"
                self.stdout.write(f"  {group.label}: {shown}")
