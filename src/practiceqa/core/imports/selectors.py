"""Reading the upload records."""

from practiceqa.core.imports.models import Upload


def recent_uploads(*, kind: str, limit: int = 10):
    return (
        Upload.objects.filter(kind=kind)
        .select_related("uploaded_by__staff_member", "applied_by__staff_member")
        .defer("content")[:limit]
    )
