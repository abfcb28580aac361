import datetime

from django.core.management.base import CommandError

from practiceqa.core.management.acting import ActingCommand
from practiceqa.planning.services.reminders import send_reminders


class Command(ActingCommand):
    help = (
        "Email reminders of plan items and actions due soon or overdue, and the weekly "
        "digest of overdue work to managers. Never sends the same reminder twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--days-before", type=int, help="Days before the due date (REMINDER_DAYS_BEFORE)"
        )

    def handle(self, *args, date=None, days_before=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("Enter the date as YYYY-MM-DD") from None
        result = send_reminders(today=today, days_before=days_before)
        self.stdout.write(
            f"{result.emails_sent} email{'s' if result.emails_sent != 1 else ''} sent with "
            f"{result.reminders_sent} reminder{'s' if result.reminders_sent != 1 else ''}; "
            f"{result.already_sent} already sent before."
        )
        if result.failed:
            raise CommandError(
                f"Could not send to {', '.join(result.failed)}: they will be tried again"
            )
