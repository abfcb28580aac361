"""My work: the home page of everyone signed in. It draws on every app (the people one is
responsible for, audits, the plan), so it sits above them all."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.audits import selectors as audit_selectors
from practiceqa.core.kept_figures import kept_under
from practiceqa.org import selectors
from practiceqa.planning import selectors_work
from practiceqa.surveys import selectors as survey_selectors


@require_GET
def my_work(request):
    """What is this person's to do, and who they are responsible for."""
    today = timezone.localdate()
    scope = scope_for(request.user)
    me = staff_member_of(request.user)
    # Someone who is not in post today (a leaver) sees nothing of the organisation, not
    # even who used to supervise them: only that there is no work for them here.
    not_in_post = me if me is not None and not me.in_post_on(today) else None
    if not_in_post is not None:
        me = None
    context = {"me": me, "scope": scope, "not_in_post": not_in_post}
    if me is not None:
        context["seniors"], context["reports"] = selectors.relationships_of(staff=me, on=today)
    if me is not None:
        # The version token, read once for what is kept below, with the heading's team.
        token, context["team_name"] = selectors.token_and_team_name(me)
        # Kept while no plan item, audit, person, team or framework changes (all versioned:
        # core.kept_figures, ADR 0010), for this person and day. Shared: not to be changed.
        # The other sections also read tables that are not versioned (relationships,
        # comments, participations): made on every read.
        context["plan_work"] = kept_under(
            token,
            ("my work plan", me.pk, today),
            lambda: selectors_work.plan_work(staff=me, today=today),
        )
        context["sees_plan"] = request.user.has_perm("planning.view_plan")
    if me is not None:
        context["my_surveys"] = survey_selectors.my_surveys(staff=me, today=today)
    context["sees_surveys"] = request.user.has_perm("surveys.view_surveys")
    context["sees_focus_groups"] = request.user.has_perm("healthcheck.view_focus_groups")
    if me is not None and request.user.has_perm("audits.view_audit_list"):
        work = audit_selectors.audit_work(
            me=me,
            juniors=scope.staff_ids - {me.pk},
            teams=scope.team_ids,
            services=scope.service_ids,
        )
        work.to_sign_off = audit_selectors.signable(
            work, lambda audit: request.user.has_perm("audits.sign_off_audit", audit)
        )
        context["audit_work"] = work
        context["can_start_audit"] = request.user.has_perm("audits.start_audit")
    if not scope.is_only_self:
        unsupervised = list(selectors.staff_without_supervisor(scope=scope, on=today)[:25])
        context["unsupervised"] = unsupervised
        context["unsupervised_count"] = unsupervised[0].total if unsupervised else 0
    if request.user.has_perm("org.import_staff"):
        context["can_import"] = True
        context["imports"] = list(selectors.recent_imports(limit=3))
    return render(request, "home/my_work.html", context)
