"""What the caseload audit's pages read."""

from practiceqa.caseloads.models import Snapshot
from practiceqa.caseloads.selectors import caseload_summary
from practiceqa.planning.models_caseload import CaseloadAudit

SNAPSHOTS_OFFERED = 12


def caseload_audit_of(item) -> CaseloadAudit | None:
    return CaseloadAudit.objects.select_related("snapshot", "item").filter(item=item).first()


def audit_commentaries(audit: CaseloadAudit) -> list:
    return list(audit.commentaries.select_related("service", "written_by"))


def audit_actions(audit: CaseloadAudit) -> list:
    return [
        link.action for link in audit.links.select_related("action__owner__team").order_by("pk")
    ]


def snapshots_offered() -> list[Snapshot]:
    """The latest snapshots, newest first, to choose the audit's from."""
    return list(Snapshot.objects.order_by("-as_of", "-pk")[:SNAPSHOTS_OFFERED])


def snapshot_or_none(pk) -> Snapshot | None:
    return Snapshot.objects.filter(pk=pk).first() if pk else None


PROFESSION_LABELS = {
    "social_worker": "Social workers",
    "occupational_therapist": "Occupational therapists",
    "social_care_professional": "Social care professionals",
}


def audit_figures(snapshot: Snapshot) -> dict:
    """The snapshot's headline figures, by profession (as caseload_summary prints them)."""
    summary = caseload_summary(snapshot)
    summary["rows"] = [
        (PROFESSION_LABELS.get(key, key.replace("_", " ").capitalize()), figures)
        for key, figures in summary["by_profession"].items()
    ]
    return summary
