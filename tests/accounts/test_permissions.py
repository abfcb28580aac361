"""Django's model permissions (an account's own and its groups'), beside the access rules."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceqa.accounts.sso import PasswordBackend, SingleSignOnBackend
from tests.factories import StaffMemberFactory


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_an_accounts_own_and_its_groups_permissions_are_read_in_one_query(db):
    user = StaffMemberFactory().user
    own = Permission.objects.get(codename="add_group")
    given = Permission.objects.get(codename="change_group")
    group = Group.objects.create(name="Editors")
    group.permissions.add(given)
    user.user_permissions.add(own)
    user.groups.add(group)

    user = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("auth.add_group")
        assert user.has_perm("auth.change_group")
        assert not user.has_perm("auth.delete_group")
    assert len(queries) == 1
    assert user.get_all_permissions() >= {"auth.add_group", "auth.change_group"}


def test_an_inactive_account_has_no_model_permissions(db):
    user = StaffMemberFactory().user
    user.user_permissions.add(Permission.objects.get(codename="add_group"))
    user.is_active = False
    user.save()
    assert not fresh(user).has_perm("auth.add_group")


def test_a_superuser_has_every_model_permission(db):
    user = StaffMemberFactory().user
    user.is_superuser = True
    user.save()
    assert fresh(user).has_perm("auth.delete_group")


def test_a_signed_in_account_comes_with_its_staff_record_and_asks_no_permission_query(db):
    """Most accounts are given no model permission: a page asks the database nothing
    more about it, nor about the staff record every access rule reads."""
    staff = StaffMemberFactory()
    user = PasswordBackend().get_user(staff.user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.staff_member == staff
        assert not user.has_perm("auth.add_group")
        assert user.get_all_permissions() == set()
    assert len(queries) == 0


def test_a_signed_in_accounts_own_and_its_groups_permissions_are_still_read(db):
    own_only, grouped_only = StaffMemberFactory().user, StaffMemberFactory().user
    own_only.user_permissions.add(Permission.objects.get(codename="add_group"))
    group = Group.objects.create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="change_group"))
    grouped_only.groups.add(group)
    empty_group = Group.objects.create(name="Nothing given")
    own_only.groups.add(empty_group)

    for backend in (PasswordBackend(), SingleSignOnBackend()):
        own = backend.get_user(own_only.pk)
        assert own.has_perm("auth.add_group") and not own.has_perm("auth.change_group")
        grouped = backend.get_user(grouped_only.pk)
        assert grouped.has_perm("auth.change_group") and not grouped.has_perm("auth.add_group")


def test_a_signed_in_superuser_has_every_model_permission(db):
    user = StaffMemberFactory().user
    user.is_superuser = True
    user.save()
    assert PasswordBackend().get_user(user.pk).has_perm("auth.delete_group")


def test_a_closed_account_is_not_signed_in_with_a_password(db):
    user = StaffMemberFactory().user
    user.is_active = False
    user.save()
    assert PasswordBackend().get_user(user.pk) is None
    assert PasswordBackend().get_user(user.pk + 1000) is None


def test_a_signed_in_account_is_the_same_as_the_orms(db):
    staff = StaffMemberFactory()
    expected = get_user_model().objects.select_related("staff_member").get(pk=staff.user.pk)
    for backend in (PasswordBackend(), SingleSignOnBackend()):
        user = backend.get_user(staff.user.pk)
        for one, other in ((user, expected), (user.staff_member, expected.staff_member)):
            for field in type(one)._meta.concrete_fields:
                mine, orms = getattr(one, field.attname), getattr(other, field.attname)
                assert (mine, type(mine)) == (orms, type(orms)), field.name
        assert user.staff_member.user is user
        assert not user._state.adding and user._state.db == "default"


def test_a_signed_in_account_without_a_staff_record_has_none_without_a_query(db):
    user = get_user_model().objects.create_user("nobody@example.com", "nobody@example.com")
    user = PasswordBackend().get_user(user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert not hasattr(user, "staff_member")
    assert len(queries) == 0
