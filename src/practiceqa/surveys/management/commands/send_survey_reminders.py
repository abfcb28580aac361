import datetime

from django.core.management.base import CommandError

from practiceqa.core.management.acting import ActingCommand
from practiceqa.surveys.services.emails import send_survey_reminders


class Command(ActingCommand):
    help = (
        "For every open survey: invite anyone it is for who joined since it opened, and remind "
        "those who have not answered (every SURVEY_REMINDER_DAYS days; never anyone who has "
        "answered, never after it closes). Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("Enter the date as YYYY-MM-DD") from None
        result = send_survey_reminders(today=today)
        self.stdout.write(
            f"{result.invitations} invitation{'s' if result.invitations != 1 else ''} and "
            f"{result.reminders} reminder{'s' if result.reminders != 1 else ''} sent."
        )
        if result.failed:
            raise CommandError(
                f"Could not send to {', '.join(result.failed)}: they will be tried again"
            )
