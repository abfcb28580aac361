"""The stored caseload mappings, for the mappings page."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from practiceqa.caseloads.imports import mapping_from_yaml
from practiceqa.caseloads.mappings import FIELD_LABELS
from practiceqa.caseloads.models import CaseloadMapping, Snapshot


def mappings_with_use() -> list[CaseloadMapping]:
    """Every mapping with its columns read (`.mapping`, None if unreadable), the number of
    snapshots imported with it (`.snapshots`) and the latest as-of date (`.last_as_of`)."""
    used = Snapshot.objects.filter(mapping_name=OuterRef("name")).order_by()
    mappings = list(
        CaseloadMapping.objects.annotate(
            snapshots=Coalesce(
                Subquery(used.values("mapping_name").annotate(n=Count("pk")).values("n")[:1]),
                0,
            ),
            last_as_of=Subquery(used.order_by("-as_of").values("as_of")[:1]),
        ).order_by("name")
    )
    for stored in mappings:
        try:
            stored.mapping = mapping_from_yaml(stored.text)
            stored.fields = [
                (FIELD_LABELS.get(name, name), heading)
                for name, heading in stored.mapping["columns"].items()
            ]
        except ValueError:
            stored.mapping = None
    return mappings
