from django.conf import settings
from django.utils import timezone

from practiceqa.access.navigation import navigation_for


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "navigation": navigation_for(request),
        "today": timezone.localdate(),
        "sso": {
            "enabled": settings.SSO_ENABLED,
            "provider": settings.SSO_PROVIDER_NAME,
            "passwords": settings.LOCAL_PASSWORDS,
        },
    }
