from django.core.exceptions import PermissionDenied


def require(user, permission: str, obj=None) -> None:
    """Stop the request with 403 unless the access rules allow it."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied(permission)
