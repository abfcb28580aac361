"""How the organisation's records are named in any history."""

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
