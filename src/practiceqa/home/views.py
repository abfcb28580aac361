"""My work: the home page of everyone signed in. It draws on every app (the people one is
responsible for, audits, the plan), so it sits above them all."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.audits import selectors_work as audit_selectors
from practiceqa.core.kept_figures import kept_under
from practiceqa.home import selectors as home_selectors
from practiceqa.org import selectors


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
    context["sees_surveys"] = request.user.has_perm("surveys.view_surveys")
    context["sees_focus_groups"] = request.user.has_perm("healthcheck.view_focus_groups")
    if me is not None:
        sees_audits = request.user.has_perm("audits.view_audit_list")
        # The version token, read once for what is kept below, with the heading's team.
        token, context["team_name"] = selectors.token_and_team_name(me)
        # Kept while nothing it is read from changes (all versioned: core.kept_figures, ADR
        # 0010), for this person, their scope and the day. Shared: not to be changed. What
        # the access rules decide (which audits they may sign off) is asked on every read.
        kept = kept_under(
            token,
            ("my work", me.pk, scope, today, sees_audits),
            lambda: home_selectors.my_work(
                me=me, scope=scope, today=today, sees_audits=sees_audits
            ),
        )
        context["seniors"], context["reports"] = kept.seniors, kept.reports
        context["plan_work"] = kept.plan_work
        context["sees_plan"] = request.user.has_perm("planning.view_plan")
        context["my_surveys"] = kept.my_surveys
        if kept.audits is not None:
            work = audit_selectors.audit_work_from(me=me, found=kept.audits)
            work.to_sign_off = audit_selectors.signable(
                work, lambda audit: request.user.has_perm("audits.sign_off_audit", audit)
            )
            context["audit_work"] = work
            context["can_start_audit"] = request.user.has_perm("audits.start_audit")
        unsupervised = kept.unsupervised
    else:
        unsupervised = (
            None if scope.is_only_self else home_selectors.unsupervised(scope=scope, today=today)
        )
    if unsupervised is not None:
        context["unsupervised"] = unsupervised
        context["unsupervised_count"] = unsupervised[0].total if unsupervised else 0
    if request.user.has_perm("org.import_staff"):
        context["can_import"] = True
        context["imports"] = list(selectors.recent_imports(limit=3))
    return render(request, "home/my_work.html", context)
