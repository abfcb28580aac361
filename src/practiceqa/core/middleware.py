from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Pages anyone may open without signing in. Everything else needs an account, so a new
# view cannot be left open to the world by forgetting a decorator.
PUBLIC_URL_NAMES = frozenset(
    {
        "sign-in",
        "sso-start",
        "sso-callback",
        "sso-refused",
        "password-reset",
        "password-reset-done",
        "password-reset-confirm",
        "password-reset-complete",
        "health",
        "accessibility",
    }
)


class LoginRequiredByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.path.startswith(settings.STATIC_URL):
            return None
        if match is not None and match.url_name in PUBLIC_URL_NAMES:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    Nothing signed-in is kept by a browser or a proxy (a shared computer's back button, a
    cache in between): every page seen signed in, and every download, is `no-store`."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if signed_in or download:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
