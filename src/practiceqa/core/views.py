from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from practiceqa.core.security import security_event


@require_GET
def home(request):
    return redirect("my-work")


@require_GET
def health(request):
    """For load balancers: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


def permission_denied(request, exception=None):
    security_event("access_denied", request=request, permission=str(exception or ""))
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
