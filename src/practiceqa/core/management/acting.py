"""Management commands that change data say who acts: the account given with `--as`, or
else the command itself, by name, in every historical record they write."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from practiceqa.core.history import acting_as
from practiceqa.core.services import Actor


class ActingCommand(BaseCommand):
    """A command whose writes are recorded in history as made by `--as EMAIL` or, without
    it, by the command's name. `self.actor` is who acts, for the services it calls."""

    as_user_help = "Record the changes in history as made by this account."
    actor: Actor

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--as", dest="as_user", metavar="EMAIL", help=self.as_user_help)
        return parser

    @property
    def command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def execute(self, *args, **options):
        as_user = options.pop("as_user", None)
        user = None
        if as_user:
            user = get_user_model().objects.filter(username=as_user.lower()).first()
            if user is None:
                raise CommandError(f"There is no account {as_user}")
        self.actor = Actor.for_command(self.command_name, user=user)
        with acting_as(self.actor):
            return super().execute(*args, **options)
