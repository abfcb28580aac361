"""Optimistic locking: a form says which version of a record it was based on, and a write
claims the next version or is refused, so that a second, stale save changes nothing."""

from collections.abc import Callable

from django.db import models
from django.db.models import F

from practiceqa.core.services.refusal import STALE, Refusal


class Versioned(models.Model):
    """A record changed by people through forms: every change increments `lock_version`."""

    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


def claim(
    instance: Versioned,
    *,
    expected_version: int,
    stale: Callable[[models.Model], str],
    current: models.QuerySet | None = None,
    **also,
) -> None:
    """Take the next version of `instance`, or raise a `STALE` refusal. Call inside the
    write's transaction.

    The compare-and-increment is one UPDATE, so two people saving from the same version at
    once cannot both succeed. `also` are other columns to set in the same UPDATE (who
    changed it, when); the instance is updated to match. When refused, the record as now
    stored (read from `current`, default the model's manager) is given to `stale` for the
    message and kept on the refusal as `current`.
    """
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1, **also
    )
    if not claimed:
        stored = (current if current is not None else model._default_manager).get(pk=instance.pk)
        raise Refusal(stale(stored), code=STALE, current=stored)
    instance.lock_version = expected_version + 1
    for name, value in also.items():
        setattr(instance, name, value)
