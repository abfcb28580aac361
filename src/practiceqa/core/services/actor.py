"""Who is acting: the account and the staff member behind it, or a management command."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """The person (or command) a write is done by, recorded in history as who.

    `user` is the account (None for a command run without `--as`), `staff` the staff
    member it belongs to (None for an account without one), `command` the name of the
    management command when a command makes the change.
    """

    user: Any = None
    staff: Any = None
    command: str = ""

    @classmethod
    def of(cls, user) -> "Actor":
        """The signed-in person: their account and their staff record, if any."""
        if user is None or not getattr(user, "is_authenticated", False):
            return cls()
        return cls(user=user, staff=getattr(user, "staff_member", None))

    @classmethod
    def for_command(cls, name: str, *, user=None) -> "Actor":
        """A management command: acting as `user` (its `--as`) or as itself."""
        actor = cls.of(user)
        return cls(user=actor.user, staff=actor.staff, command=name)

    @property
    def name(self) -> str:
        """How history and messages name who acted."""
        if self.user is not None:
            return display_name(self.user)
        if self.command:
            return f"manage.py {self.command}"
        return "System"


def display_name(user) -> str:
    """A person as the organisation knows them: their staff record's name, else the
    account's full name, else its email."""
    staff = getattr(user, "staff_member", None)
    if staff is not None:
        return staff.full_name
    return user.get_full_name() or user.get_username()
