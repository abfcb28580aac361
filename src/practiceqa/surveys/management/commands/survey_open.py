import datetime

from django.core.management.base import CommandError

from practiceqa.core.management.acting import ActingCommand
from practiceqa.core.services import Refusal
from practiceqa.surveys.services.opening import survey_open


def _date(text: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Enter the {what} date as YYYY-MM-DD") from None


class Command(ActingCommand):
    help = (
        "Open a year's survey (e.g. health-check) and email an invitation to everyone it is "
        "for: every social worker, occupational therapist and social care professional in post."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The framework's survey, e.g. health-check")
        parser.add_argument("--year", type=int, required=True, help="Financial year, e.g. 2026")
        parser.add_argument("--closes", required=True, help="Its last day (YYYY-MM-DD)")
        parser.add_argument("--opens", help="Its first day (YYYY-MM-DD); today if left out")

    def handle(self, *args, code, year, closes, opens=None, **options):
        try:
            survey = survey_open(
                actor=self.actor,
                code=code,
                year=year,
                closes_on=_date(closes, "closing"),
                opens_on=_date(opens, "opening") if opens else None,
            )
        except Refusal as refusal:
            raise CommandError("; ".join(m for _, m in refusal.form_problems())) from None
        invited = survey.participations.count()
        self.stdout.write(
            f"Opened {survey} from {survey.opens_on:%-d %B %Y} to {survey.closes_on:%-d %B %Y}: "
            f"{invited} {'person' if invited == 1 else 'people'} invited."
        )
