"""Who may see and do what: the one place where access is decided.

Views and the API ask `user.has_perm(name, obj)`; nothing else decides access.
"""

import rules

from practiceqa.access.relationships import may_sign_off
from practiceqa.access.scope import WHOLE_ORGANISATION_ROLES, scope_for, staff_member_of
from practiceqa.org.models import Role


@rules.predicate
def is_qa_administrator(user) -> bool:
    if user.is_superuser:
        return True
    me = staff_member_of(user)
    return me is not None and me.role == Role.QA_ADMINISTRATOR and scope_for(user).everyone


@rules.predicate
def is_principal_social_worker(user) -> bool:
    me = staff_member_of(user)
    return me is not None and me.role == Role.PRINCIPAL_SOCIAL_WORKER and scope_for(user).everyone


@rules.predicate
def sees_whole_organisation(user) -> bool:
    me = staff_member_of(user)
    return user.is_superuser or (
        me is not None and me.role in WHOLE_ORGANISATION_ROLES and scope_for(user).everyone
    )


@rules.predicate
def sees_others(user) -> bool:
    return not scope_for(user).is_only_self


@rules.predicate
def is_active_staff(user) -> bool:
    return user.is_superuser or scope_for(user).self_id is not None


@rules.predicate
def staff_in_scope(user, staff) -> bool:
    return staff is not None and scope_for(user).includes(staff)


@rules.predicate
def team_in_scope(user, team) -> bool:
    """The viewer is responsible for the whole team (team, service or organisation)."""
    return team is not None and scope_for(user).includes_team(team)


@rules.predicate
def team_visible(user, team) -> bool:
    """The viewer's own team, or a team with someone in it whom the viewer may see."""
    return team is not None and scope_for(user).sees_team(team)


rules.add_perm("org.view_staff_directory", is_active_staff & sees_others)
rules.add_perm("org.view_staff", is_active_staff & staff_in_scope)
rules.add_perm("org.view_staff_history", is_active_staff & staff_in_scope)
rules.add_perm("org.view_team_list", is_active_staff & sees_others)
rules.add_perm("org.view_team", is_active_staff & team_visible)
rules.add_perm("org.view_team_history", is_active_staff & team_in_scope)
rules.add_perm("org.import_staff", is_qa_administrator)
rules.add_perm("org.invite_staff", is_qa_administrator)
rules.add_perm("org.confirm_email_change", is_qa_administrator)
rules.add_perm("org.change_sign_in_email", is_qa_administrator)
rules.add_perm("accounts.reset_second_factor", is_qa_administrator)
rules.add_perm("accounts.unlink_provider", is_qa_administrator)
rules.add_perm("core.view_access_records", is_qa_administrator | is_principal_social_worker)
rules.add_perm("frameworks.view_frameworks", is_qa_administrator | is_principal_social_worker)


# Audits. An audit is about its subject: it may be opened by its auditor, its subject, and
# those whose scope includes the subject (their line of supervision and management, and
# the PSW, director and QA administrator). Practitioners never see each other's.


def _me_id(user) -> int | None:
    return scope_for(user).self_id


@rules.predicate
def is_auditor(user, audit) -> bool:
    return audit is not None and audit.auditor_id == _me_id(user)


@rules.predicate
def is_audit_subject(user, audit) -> bool:
    return audit is not None and audit.subject_id == _me_id(user)


@rules.predicate
def audit_subject_in_scope(user, audit) -> bool:
    return audit is not None and scope_for(user).includes(audit.subject)


@rules.predicate
def audit_is_draft(user, audit) -> bool:
    return audit is not None and audit.status == "draft"


@rules.predicate
def audit_is_submitted(user, audit) -> bool:
    return audit is not None and audit.status == "submitted"


@rules.predicate
def audit_is_signed_off(user, audit) -> bool:
    return audit is not None and audit.status == "signed_off"


@rules.predicate
def audit_is_finished(user, audit) -> bool:
    return audit is not None and audit.is_finished


@rules.predicate
def may_lead_audits(user) -> bool:
    """Anyone responsible for someone else: supervisors, line managers, managers, the PSW."""
    return sees_others(user)


@rules.predicate
def signs_off_audit(user, audit) -> bool:
    """The auditor while still over the subject; else the subject's current supervisor or
    line manager (access ends with the relationship)."""
    if audit is None:
        return False
    me = staff_member_of(user)
    if me is not None and audit.auditor_id == me.pk:
        # The auditor's own scope, already worked out for this request.
        return audit.subject_id != me.pk and scope_for(user).includes(audit.subject)
    return may_sign_off(me, audit)


can_view_audit = is_active_staff & (is_auditor | is_audit_subject | audit_subject_in_scope)
# The auditor of a draft finishes it even if they are no longer over its subject (the audit
# stays theirs); every write after submission needs them to be over the subject still.
auditor_still_over_subject = is_auditor & audit_subject_in_scope & ~is_audit_subject

rules.add_perm("audits.view_audit_list", is_active_staff)
rules.add_perm("audits.start_audit", is_active_staff & may_lead_audits)
rules.add_perm("audits.view_audit", can_view_audit)
rules.add_perm(
    "audits.edit_audit", is_active_staff & (is_auditor | is_audit_subject) & audit_is_draft
)
rules.add_perm("audits.submit_audit", is_active_staff & is_auditor & audit_is_draft)
# The right of reply runs from submission until sign-off.
rules.add_perm("audits.comment_on_audit", is_active_staff & is_audit_subject & audit_is_submitted)
rules.add_perm(
    "audits.sign_off_audit",
    is_active_staff & signs_off_audit & ~is_audit_subject & audit_is_submitted,
)
rules.add_perm(
    "audits.amend_audit", is_active_staff & auditor_still_over_subject & audit_is_signed_off
)
rules.add_perm("audits.export_audit", can_view_audit & audit_is_finished)
rules.add_perm(
    "audits.raise_action",
    is_active_staff & (is_auditor | audit_subject_in_scope) & ~is_audit_subject,
)


# Actions: the owner, whoever raised it, and those whose scope includes the owner.


@rules.predicate
def owns_action(user, action) -> bool:
    return action is not None and action.owner_id == _me_id(user)


@rules.predicate
def raised_action(user, action) -> bool:
    return (
        action is not None and action.raised_by_id is not None and (action.raised_by_id == user.pk)
    )


@rules.predicate
def action_owner_in_scope(user, action) -> bool:
    return action is not None and scope_for(user).includes(action.owner)


@rules.predicate
def raised_own_action(user, action) -> bool:
    """The owner raised it about themselves."""
    return action is not None and action.owner_id == _me_id(user) and raised_action(user, action)


# Whoever raised an action keeps read access to it; writing needs the owner or someone
# over the owner now (access ends with the relationship).
can_view_action = is_active_staff & (owns_action | raised_action | action_owner_in_scope)
can_update_action = is_active_staff & (owns_action | action_owner_in_scope)
# Cancelling or changing an action (owner, due date, description): the person who raised
# it or a manager over the owner, while over the owner; the owner only of their own action.
manager_over_owner = action_owner_in_scope & ~owns_action
can_manage_action = is_active_staff & (manager_over_owner | raised_own_action)

rules.add_perm("actions.view_my_actions", is_active_staff)
rules.add_perm("actions.view_area_actions", is_active_staff & sees_others)
rules.add_perm("actions.view_action", can_view_action)
rules.add_perm("actions.update_action", can_update_action)
rules.add_perm("actions.cancel_action", can_manage_action)
rules.add_perm("actions.change_action", can_manage_action)
rules.add_perm("actions.raise_action", is_active_staff & sees_others)

# Supervision sessions: recorded by the supervisor (or anyone responsible for the
# supervisee); seen by those who may see the supervisee.
rules.add_perm("org.record_supervision_session", is_active_staff & sees_others)
rules.add_perm("org.view_supervision_sessions", is_active_staff & staff_in_scope)
rules.add_perm("org.import_supervision_sessions", is_qa_administrator)


@rules.predicate
def recorded_session(user, session) -> bool:
    """The person who recorded a session that still stands."""
    return session is not None and session.removed_at is None and session.recorded_by_id == user.pk


# A session recorded in error is corrected or removed by whoever recorded it.
rules.add_perm("org.change_supervision_session", is_active_staff & recorded_session)

# Caseload snapshots from the case management system, and the mappings that read them:
# imported (and mappings made) by a QA administrator.
rules.add_perm("caseloads.import_snapshot", is_qa_administrator)

# A worker's supervision file (their finished observations and audits): the worker and
# anyone whose scope includes them.
rules.add_perm("audits.view_supervision_file", is_active_staff & staff_in_scope)

# The annual audit plan: seen, with compliance against it, by anyone responsible for others
# (each sees the items about people in their area, those they lead, and the organisational
# ones); generated by the QA administrator or the Principal Social Worker.
rules.add_perm("planning.view_plan", is_active_staff & sees_others)
rules.add_perm("planning.view_compliance", is_active_staff & sees_others)
rules.add_perm("planning.generate_plan", is_qa_administrator | is_principal_social_worker)
# The PSW or a QA administrator gives an item to a named representative (and sees the items
# that nobody leads).
rules.add_perm("planning.give_plan_item_lead", is_qa_administrator | is_principal_social_worker)

# A plan item is seen by whoever may see the plan and whom it concerns: its lead, its
# subject, those whose scope has the subject, and (for organisational work) anyone
# responsible for others. Its lead starts its audit; organisational work is recorded as
# done by its lead or the QA administrator.


@rules.predicate
def leads_plan_item(user, item) -> bool:
    return item is not None and item.lead_id is not None and item.lead_id == _me_id(user)


@rules.predicate
def succeeds_to_plan_item(user, item) -> bool:
    """The rules name them as the item's new lead while the previous lead's audit is in
    progress."""
    return item is not None and item.successor_id is not None and item.successor_id == _me_id(user)


@rules.predicate
def plan_item_about_me(user, item) -> bool:
    return item is not None and item.subject_id is not None and item.subject_id == _me_id(user)


@rules.predicate
def plan_item_subject_in_scope(user, item) -> bool:
    return (
        item is not None and item.subject_id is not None and scope_for(user).includes(item.subject)
    )


@rules.predicate
def plan_item_is_organisational(user, item) -> bool:
    return item is not None and item.subject_id is None


@rules.predicate
def plan_item_is_open(user, item) -> bool:
    """Planned (not withdrawn) and not done yet; needs the item's audit loaded."""
    return item is not None and not item.is_withdrawn and not item.is_done


@rules.predicate
def plan_item_not_started(user, item) -> bool:
    return item is not None and item.audit_id is None


@rules.predicate
def plan_item_has_audit_tool(user, item) -> bool:
    """The item's work is an audit with a tool to answer (not organisational work)."""
    return item is not None and item.has_audit_tool


rules.add_perm(
    "planning.view_plan_item",
    is_active_staff
    & (
        leads_plan_item
        | succeeds_to_plan_item
        | plan_item_about_me
        | plan_item_subject_in_scope
        | (plan_item_is_organisational & sees_others)
    ),
)
rules.add_perm(
    "planning.take_over_plan_item", is_active_staff & succeeds_to_plan_item & plan_item_is_open
)
rules.add_perm(
    "planning.start_plan_item",
    is_active_staff
    & leads_plan_item
    & plan_item_is_open
    & plan_item_not_started
    & plan_item_has_audit_tool,
)


@rules.predicate
def plan_item_is_caseload_audit(user, item) -> bool:
    return item is not None and item.audit_type == "caseload_audit"


@rules.predicate
def leads_a_service(user) -> bool:
    """A head of service or general manager (service manager) in post."""
    me = staff_member_of(user)
    return me is not None and me.role in (Role.HEAD_OF_SERVICE, Role.SERVICE_MANAGER)


rules.add_perm(
    "planning.complete_plan_item",
    is_active_staff
    & (leads_plan_item | is_qa_administrator)
    & plan_item_is_open
    & plan_item_not_started
    & ~plan_item_has_audit_tool
    & ~plan_item_is_caseload_audit,  # completed through its own pages, below
)

# The caseload audit: its lead (the PSW) chooses the snapshot, writes the analysis, raises
# its actions and completes it; heads of service and general managers first add their
# service's commentary. Everyone who may see the item reads it.
leads_caseload_audit = (
    is_active_staff
    & (leads_plan_item | is_principal_social_worker)
    & plan_item_is_caseload_audit
    & plan_item_is_open
)
rules.add_perm("planning.lead_caseload_audit", leads_caseload_audit)
rules.add_perm(
    "planning.comment_on_caseload_audit",
    is_active_staff & leads_a_service & plan_item_is_caseload_audit & plan_item_is_open,
)


# Caseloads: a snapshot's figures (every worker's caseload and band) for those responsible
# for whole teams or services, each seeing their own, and for the PSW, directors and QA
# administrators; the published averages by profession for every member of staff; a
# worker's own caseload for them and whoever's scope includes them (their supervisor).


@rules.predicate
def responsible_for_teams(user) -> bool:
    scope = scope_for(user)
    return scope.everyone or bool(scope.team_ids or scope.service_ids)


rules.add_perm("caseloads.view_figures", is_active_staff & responsible_for_teams)
rules.add_perm("caseloads.view_published", is_active_staff)
rules.add_perm("caseloads.view_worker_caseload", is_active_staff & staff_in_scope)


# Surveys. Answers are anonymous: nobody sees anyone's answers, their own included; results
# are figures for groups large enough (the surveys app hides the rest). The PSW runs them;
# the PSW, QA administrator, director and heads of service read the results. Whether a
# person may answer a survey (invited, or one it is for) is the answering service's rule.


@rules.predicate
def is_head_of_service(user) -> bool:
    me = staff_member_of(user)
    in_post = scope_for(user).self_id is not None
    return me is not None and me.role == Role.HEAD_OF_SERVICE and in_post


reads_survey_results = sees_whole_organisation | is_head_of_service
rules.add_perm("surveys.view_surveys", is_active_staff & reads_survey_results)
rules.add_perm("surveys.view_results", is_active_staff & reads_survey_results)
rules.add_perm("surveys.open_survey", is_principal_social_worker | is_qa_administrator)
rules.add_perm("surveys.close_survey", is_principal_social_worker | is_qa_administrator)
rules.add_perm("surveys.answer_survey", is_active_staff)


# The health check's focus groups: recorded and read by the PSW (its lead) and a QA
# administrator. Their notes are not anonymous enough to share more widely.
rules.add_perm("healthcheck.view_focus_groups", is_principal_social_worker | is_qa_administrator)
rules.add_perm("healthcheck.record_focus_group", is_principal_social_worker | is_qa_administrator)
rules.add_perm("healthcheck.assess", is_principal_social_worker)  # rates areas, endorses
