"""History entries as the history pages show them: when, who, what changed, and why.

Apps say how their records are named where another record links to them
(`register_names`: a staff member by their full name) and how a record names itself
(`register_label`: "Sue supervises Wendy"). `history_of` then turns historical records of
any models into entries in a fixed number of queries, however long the history.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from practiceqa.core.services.actor import display_name

NamesOf = Callable[[set], dict]
# model label ("org.staffmember") -> how to name records of it, given their ids
_names: dict[str, NamesOf] = {}
# model label -> how a record names itself, given its historical row and the names found
_labels: dict[str, Callable[[object, "Lookups"], str]] = {}

HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
NOTHING = "(none)"
NOBODY = "System"


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    record: str
    changes: list[tuple[str, str, str]]
    reason: str


class Lookups(dict):
    """Names of linked records found for a history: model -> {id: name}."""

    def name(self, model, pk) -> str:
        return self.get(apps.get_model(model) if isinstance(model, str) else model, {}).get(pk)


def register_names(model: str, names: NamesOf | str) -> None:
    """How records of `model` are named where others link to them: a field of theirs
    ("full_name") or a function of a set of ids returning {id: name}."""
    if isinstance(names, str):
        field = names

        def names(ids: set, _field=field, _model=model) -> dict:
            return dict(apps.get_model(_model).objects.filter(pk__in=ids).values_list("pk", _field))

    _names[model.lower()] = names


def register_label(model: str, label: Callable[[object, Lookups], str]) -> None:
    """How a record of `model` names itself in a history of several records."""
    _labels[model.lower()] = label


def _user_names(ids: set) -> dict:
    users = get_user_model().objects.filter(pk__in=ids).select_related("staff_member")
    return {user.pk: display_name(user) for user in users}


def who_of(row) -> str:
    """Who made the change a historical record holds: the account's person, else the
    command that made it, else the system."""
    if row.history_user is not None:
        return display_name(row.history_user)
    return getattr(row, "history_actor", "") or NOBODY


def _named(lookup: dict, value) -> str:
    """A value's name, or the value itself (a JSON object, say, has no name to look up)."""
    try:
        return str(lookup.get(value, value))
    except TypeError:  # unhashable: a dict or a list
        return str(value)


def value_text(model_field, value, names: dict[str, dict]) -> str:
    """A stored value as the pages show it: names for links, labels for choices, dates."""
    if value is None or value == "":
        return NOTHING
    if model_field.name in names:
        lookup = names[model_field.name]
        if isinstance(value, list):
            return ", ".join(_named(lookup, item) for item in value)
        return _named(lookup, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def _label_of(row, lookups: Lookups) -> str:
    label = _labels.get(row.instance_type._meta.label_lower)
    if label is not None:
        return label(row, lookups)
    return getattr(row, "full_name", None) or getattr(row, "name", None) or str(row.id)


def _namers() -> dict:
    namers = {apps.get_model(label): names for label, names in _names.items()}
    namers.setdefault(get_user_model(), _user_names)
    return namers


def history_of(
    *,
    histories: Iterable,
    labels: dict | None = None,
    value_names: dict[str, dict] | None = None,
    people_lists: tuple[str, ...] = (),
    people_model: str = "org.staffmember",
) -> list[HistoryEntry]:
    """History entries of records, newest first, each with what changed and who changed it.

    `histories` are querysets of historical records; entries of the same record are compared
    with each other. `labels` names records by (model name, id) where the record itself
    cannot say what it is (an answer: its question). Links to registered models (people,
    accounts, teams, services) are shown by name, whatever the field is called;
    `value_names` gives labels by field name (an answer's values), and `people_lists` names
    fields holding lists of ids of `people_model`. A fixed number of queries.
    """
    rows = []
    for queryset in histories:
        rows.extend(
            queryset.select_related("history_user__staff_member").order_by("history_date", "pk")
        )
    namers = _namers()
    fields_by_model: dict[type, set[str]] = defaultdict(set)
    for model in {row.instance_type for row in rows}:
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model in namers:
                fields_by_model[model_field.related_model].add(model_field.name)
    ids_by_model: dict[type, set] = defaultdict(set)
    for related, field_names in fields_by_model.items():
        ids_by_model[related] = {
            getattr(row, f"{name}_id", None) for row in rows for name in field_names
        } - {None}
    people = apps.get_model(people_model) if people_lists else None
    if people is not None:
        ids_by_model[people] |= {
            pk for row in rows for name in people_lists for pk in getattr(row, name, None) or []
        }
    lookups = Lookups(
        {model: namers[model](ids) if ids else {} for model, ids in ids_by_model.items()}
    )
    names = {
        name: lookups[related]
        for related, field_names in fields_by_model.items()
        for name in field_names
    }
    if people is not None:
        names |= dict.fromkeys(people_lists, lookups[people])
    names |= value_names or {}
    previous: dict[tuple[str, int], object] = {}
    entries = []
    for row in rows:
        key = (row.instance_type.__name__, row.id)
        before = previous.get(key)
        changes = []
        if before is not None:
            for change in row.diff_against(
                before, excluded_fields=["updated_at", "created_at"]
            ).changes:
                model_field = row.instance_type._meta.get_field(change.field)
                changes.append(
                    (
                        capfirst(model_field.verbose_name),
                        value_text(model_field, change.old, names),
                        value_text(model_field, change.new, names),
                    )
                )
        previous[key] = row
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=who_of(row),
                what=HISTORY_TYPES.get(row.history_type, row.history_type),
                record=(labels or {}).get(key) or _label_of(row, lookups),
                changes=changes,
                reason=row.history_change_reason or "",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
