"""Who made a change, and why: every historical record names them.

A view acts for the signed-in person (simple-history's request middleware); a service call
or a management command says who acts with `acting_as(actor)`, and a write says why with
`attribute(instance, by=..., reason=...)`. A command run without `--as` is recorded by its
name (`history_actor`), never as nobody.
"""

import contextvars
from contextlib import contextmanager

from django.db import models
from simple_history.models import HistoricalRecords

from practiceqa.core.services.actor import Actor

_acting: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("acting", default=None)


@contextmanager
def acting_as(actor: Actor):
    """Every historical record written inside names `actor` (unless a write names its own
    user), the account if there is one, else the command's name."""
    token = _acting.set(actor)
    try:
        yield actor
    finally:
        _acting.reset(token)


def current_actor() -> Actor | None:
    return _acting.get()


def command_acting() -> str:
    """The name of the command acting without an account, for `history_actor`."""
    actor = _acting.get()
    return actor.name if actor is not None and actor.user is None and actor.command else ""


def _history_user(instance=None, request=None, **kwargs):
    actor = _acting.get()
    if actor is not None:
        return actor.user
    if request is not None and request.user.is_authenticated:
        return request.user
    return None


def attribute(instance, *, by=None, reason: str = ""):
    """Say who makes the next save of `instance` and why. `by` is an account or an Actor;
    left out, the person acting (`acting_as`, or the signed-in person) is recorded."""
    if isinstance(by, Actor):
        by = by.user
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason
    return instance


class HistoryActor(models.Model):
    """What every historical record adds: the command that made a change without an
    account (empty when an account made it)."""

    history_actor = models.CharField(max_length=100, blank=True, default=command_acting)

    class Meta:
        abstract = True


def History(**options) -> HistoricalRecords:  # noqa: N802 - used like the field it makes
    """The history field of a domain model: simple-history, recording who acted."""
    return HistoricalRecords(bases=[HistoryActor], get_user=_history_user, **options)
