"""How the organisation's records are named in any history, and what else belongs in a
person's history."""

from collections.abc import Callable

from practiceqa.core.history import register_label, register_names
from practiceqa.org.models import RelationshipKind

register_names("org.StaffMember", "full_name")
register_names("org.Team", "name")
register_names("org.Service", "name")

_VERBS = {
    RelationshipKind.SUPERVISION: "supervises",
    RelationshipKind.LINE_MANAGEMENT: "line-manages",
}


def _relationship(row, lookups) -> str:
    verb = _VERBS.get(row.kind, row.kind)
    senior = lookups.name("org.StaffMember", row.senior_id)
    junior = lookups.name("org.StaffMember", row.junior_id)
    return f"{senior} {verb} {junior}"


register_label("org.Relationship", _relationship)


# Apps above org add what happened to a person's account (a reset of their second factor)
# to their history page: each gives the historical records for an account's id.
_account_histories: list[Callable[[int], object]] = []


def register_account_history(histories: Callable[[int], object]) -> None:
    _account_histories.append(histories)


def account_histories(user_id: int | None) -> list:
    if user_id is None:
        return []
    return [histories(user_id) for histories in _account_histories]
