"""Two-factor sign-in (TOTP, with single-use backup codes) for local accounts.

Required for the roles in TWO_FACTOR_REQUIRED_ROLES, optional for everyone else. After the
password, a person with an authenticator app set up must give its code (or a backup code)
before any other page opens; a person whose role requires one and who has none must set it
up first. A password reset only sets the password: the code is still asked at sign-in.
"""

import base64
import secrets
from urllib.parse import urlencode

import segno
from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from practiceqa.accounts.models import SecondFactorReset
from practiceqa.accounts.sso import signed_in_through_sso
from practiceqa.core import prepared
from practiceqa.core.history import attribute
from practiceqa.core.security import security_event

BACKUP_CODES = 10
APP = "Authenticator app"
BACKUP = "Backup codes"
# Pages open to a person who has given their password but not yet their code.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"two-factor", "two-factor-setup", "sign-out", "accessibility", "health"}
)


def second_factor_required(user) -> bool:
    staff = getattr(user, "staff_member", None)
    role = getattr(staff, "role", None)
    return user.is_superuser or role in settings.TWO_FACTOR_REQUIRED_ROLES


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _tell(user, subject: str, template: str, context: dict | None = None) -> None:
    body = render_to_string(
        f"accounts/emails/{template}.txt",
        {"user": user, "service_name": settings.SERVICE_NAME, **(context or {})},
    )
    send_mail(subject, body, None, [user.email])


def pending_app(user) -> TOTPDevice:
    """The authenticator app being set up (not yet confirmed by a code), made if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP, confirmed=False)
    return device


def typed_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code to scan with your authenticator app"
    )


def _new_backup_codes(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def second_factor_set_up(request, *, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it; returns the backup codes (shown once), or None
    when the code is wrong."""
    if not device.verify_token(code.replace(" ", "")):
        security_event("second_factor_setup_failed", request=request)
        return None
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
    otp_login(request, device)
    security_event("second_factor_set_up", request=request)
    _tell(user, f"Two-factor sign-in set up on your {settings.SERVICE_NAME} account", "set_up")
    return codes


def second_factor_verify(request, *, code: str) -> bool:
    """Check a code from the app, or a backup code (which then cannot be used again)."""
    token = code.replace(" ", "").strip().lower()
    for device in devices_for_user(request.user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            otp_login(request, device)
            kind = "backup code" if isinstance(device, StaticDevice) else "app"
            security_event("second_factor_passed", request=request, used=kind)
            return True
    security_event("second_factor_failed", request=request)
    return False


def second_factor_reset(*, user, reset_by, reason: str, request=None) -> None:
    """A QA administrator removes someone's second factor (a lost phone): they set it up
    again at their next sign-in. The reason is kept and the person is told."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        reset = SecondFactorReset(user=user, reset_by=reset_by, reason=reason)
        attribute(reset, by=reset_by)
        reset.save()
    security_event(
        "second_factor_reset", request=request, user=reset_by, of=user.email, reason=reason
    )
    _tell(
        user,
        f"Your {settings.SERVICE_NAME} two-factor sign-in was reset",
        "reset",
        {"reason": reason, "reset_by": reset_by},
    )


# What the session still needs, decided once at sign-in so that most requests ask nothing:
# "none" (no second factor for this account) or "check" (give or set one up first).
SESSION_KEY = "second_factor"


def second_factor_needed_at_sign_in(request, user) -> None:
    """Signed in through the council's identity provider, the provider asked for the
    second factor: none is asked here."""
    if signed_in_through_sso(request):
        request.session[SESSION_KEY] = "none"
        return
    needed = has_second_factor(user) or second_factor_required(user)
    request.session[SESSION_KEY] = "check" if needed else "none"


class SecondFactorDevice(OTPMiddleware):
    """django-otp's middleware (request.user.is_verified() and otp_device), reading the
    session's device, on every request of a person who gave their code, in a prepared
    statement (core.prepared) rather than an ORM query compiled each time. The same
    device, or none: one removed (a reset) or not confirmed leaves the session unverified,
    and the code is asked again."""

    def _device_from_persistent_id(self, persistent_id: str):
        model_label, _, pk = self._normalize_persistent_id(persistent_id).rpartition("/")
        try:  # as Device.from_persistent_id: an unknown model or key is no device
            model = apps.get_model(model_label)
            pk = int(pk)
        except (ValueError, LookupError):
            return None
        return prepared.by_pk(model, pk) if issubclass(model, Device) else None


class SecondFactorMiddleware:
    """Until the second factor is given, only the pages to give (or set up) it open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.session.get(SESSION_KEY) == "none" or user.is_verified():
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        wanted = urlencode({"next": request.get_full_path()})
        if has_second_factor(user):
            return redirect(f"{reverse('two-factor')}?{wanted}")
        if second_factor_required(user):
            return redirect(f"{reverse('two-factor-setup')}?{wanted}")
        return None
