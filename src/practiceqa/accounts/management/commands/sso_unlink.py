"""Unlink an account from its subject at the identity provider, with a reason:

    python manage.py sso_unlink person@council.example --reason "Entra account recreated" \
        --as qa.admin@council.example

They are emailed, and it is logged (`sso_unlinked`). Their next sign-in through the provider
links the account to the subject it then sends. (QA administrators do the same from the
person's staff record: views_sso.provider_unlink_view.)
"""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from practiceqa.accounts.services import provider_unlink
from practiceqa.core.management.acting import ActingCommand
from practiceqa.core.services import Refusal


class Command(ActingCommand):
    help = "Unlink an account from its subject id at the identity provider (with a reason)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's sign-in email.")
        parser.add_argument("--reason", required=True, help="Why (kept in their history).")

    def handle(self, *args, email, reason, **options):
        user = get_user_model().objects.filter(username=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"There is no account {email}")
        try:
            provider_unlink(user=user, reason=reason, by=self.actor)
        except Refusal as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"{user.email} is unlinked: their next sign-in links them afresh.")
