"""Django's model permissions (an account's own and its groups'), beside the access rules."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
