"""Who may see and do what: the one place where access is decided.

Views and the API ask `user.has_perm(name, obj)`; nothing else decides access.
"""

import rules

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
rules.add_perm("frameworks.view_frameworks", is_qa_administrator | is_principal_social_worker)
