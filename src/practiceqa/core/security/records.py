from practiceqa.core.models import AccessAction, AccessRecord
from practiceqa.core.security.events import client_ip, security_event


def record_access(request, *, action: str, kind: str, obj=None, label: str = "") -> None:
    """Keep a record that the signed-in person viewed or exported this; an export is also
    a security event."""
    user = request.user if request.user.is_authenticated else None
    label = (label or (str(obj) if obj is not None else ""))[:300]
    object_id = getattr(obj, "pk", None)
    AccessRecord.objects.create(
        user=user,
        action=action,
        kind=kind,
        object_id=object_id,
        label=label,
        path=request.get_full_path()[:500],
        address=client_ip(request) or "",
    )
    if action == AccessAction.EXPORTED:
        security_event("export", request=request, kind=kind, object_id=object_id, label=label)
