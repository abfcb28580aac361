"""A worker's caseload and band from the latest snapshot, beside their supervision record,
and a supervisor's supervisees' on the supervision audit: so that parity of workload can
be discussed in supervision. Shown only to those the access rules allow; nothing at all
when there is no snapshot yet."""

from django import template
from django.utils import timezone

from practiceqa.caseloads import figures, kept
from practiceqa.org.models import Relationship, StaffMember, in_post_q

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


def _means(snapshot) -> dict[str, figures.Group]:
    return kept.profession_groups(snapshot)  # shared: not to be changed


@register.inclusion_tag("caseloads/includes/worker_caseload.html", takes_context=True)
def worker_caseload(context, person):
    """The person's open cases, per FTE, band and overdue reviews, beside the mean of their
    profession: three queries."""
    user = _user(context)
    if user is None or not user.has_perm("caseloads.view_worker_caseload", person):
        return {"shown": False}
    snapshot = figures.latest_snapshot()
    if snapshot is None:
        return {"shown": False}
    found = figures.caseloads_of(snapshot, [person.pk])
    worker = found[0] if found else None
    mean = _means(snapshot).get(worker.profession) if worker is not None else None
    return {
        "shown": True,
        "snapshot": snapshot,
        "snapshot_date": f"{snapshot.as_of:%-d %B %Y}",
        "person": person,
        "worker": worker,
        "mean": mean,
        "mean_label": f"{mean.label.lower()}s" if mean is not None else "",
    }


@register.inclusion_tag("caseloads/includes/supervisees_caseloads.html", takes_context=True)
def supervisee_caseloads(context, supervisor):
    """The caseloads of those the supervisor supervises today whom the viewer may see,
    beside each profession's mean: four queries."""
    user = _user(context)
    if user is None:
        return {"shown": False}
    snapshot = figures.latest_snapshot()
    if snapshot is None:
        return {"shown": False}
    today = timezone.localdate()
    supervisees = StaffMember.objects.filter(
        in_post_q(today),
        pk__in=Relationship.objects.current(today)
        .supervision()
        .filter(senior=supervisor)
        .values("junior_id"),
    ).select_related("team__service")
    visible = [p.pk for p in supervisees if user.has_perm("caseloads.view_worker_caseload", p)]
    if not visible:
        return {"shown": False}
    means = _means(snapshot)
    workers = figures.caseloads_of(snapshot, visible)
    professions = sorted({w.profession for w in workers if w.profession in means})
    return {
        "shown": True,
        "snapshot": snapshot,
        "supervisor": supervisor,
        "workers": workers,
        "means": [means[p] for p in professions],
    }
