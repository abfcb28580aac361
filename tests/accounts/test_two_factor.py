"""Two-factor sign-in: required for the roles in the setting, set up with a QR code or a
typed key, single-use backup codes, never bypassed by a password reset, reset only by a QA
administrator with a reason, and the person told."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.models import Device
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from practiceqa.accounts.models import SecondFactorReset
from practiceqa.accounts.two_factor import SecondFactorDevice
from tests.factories import PASSWORD
from tests.text import text_of

REQUIRED = ["principal_social_worker", "director", "qa_administrator", "head_of_service",
            "service_manager", "team_manager"]  # fmt: skip


@pytest.fixture(autouse=True)
def required_roles(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED


def sign_in(client, person, password=PASSWORD):
    return client.post(reverse("sign-in"), {"username": person.email, "password": password})


def code_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def set_up(client, person) -> tuple[TOTPDevice, list[str]]:
    sign_in(client, person)
    page = client.get(reverse("two-factor-setup"))
    assert "<svg" in page.content.decode(), "a QR code to scan"
    device = TOTPDevice.objects.get(user=person.user, confirmed=False)
    key = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    assert key.replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode().rstrip(
        "="
    )
    done = client.post(reverse("two-factor-setup"), {"code": code_now(device)})
    codes = re.findall(r"<code>([0-9a-f]+)</code>", done.content.decode())
    assert len(codes) == 10
    client.post(reverse("sign-out"))
    return device, codes


def test_a_required_role_must_set_up_the_second_factor_before_anything_else(client, organisation):
    sign_in(client, organisation.director)
    response = client.get(reverse("my-work"))
    assert response["Location"] == f"{reverse('two-factor-setup')}?next=%2Fmy-work%2F"
    assert client.get(reverse("staff-list"))["Location"].startswith(reverse("two-factor-setup"))


def test_it_is_optional_for_other_roles(client, organisation):
    sign_in(client, organisation.subject)
    assert client.get(reverse("my-work")).status_code == 200


def test_setting_up_then_signing_in_with_a_code(client, organisation, mailoutbox):
    person = organisation.director
    device, _ = set_up(client, person)
    assert any("Two-factor sign-in set up" in m.subject for m in mailoutbox)
    sign_in(client, person)
    assert client.get(reverse("my-work"))["Location"].startswith(reverse("two-factor"))
    wrong = client.post(reverse("two-factor"), {"code": "000000", "next": "/my-work/"})
    assert wrong.status_code == 400
    assert "The code is not right" in text_of(wrong)
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    right = client.post(reverse("two-factor"), {"code": code_now(device), "next": "/my-work/"})
    assert right["Location"] == "/my-work/"
    assert client.get(reverse("my-work")).status_code == 200


def test_a_wrong_code_while_setting_up_sets_nothing_up(client, organisation):
    sign_in(client, organisation.director)
    client.get(reverse("two-factor-setup"))
    response = client.post(reverse("two-factor-setup"), {"code": "123456"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=organisation.director.user, confirmed=True)


def test_a_backup_code_works_once(client, organisation):
    person = organisation.director
    _, codes = set_up(client, person)
    sign_in(client, person)
    assert client.post(reverse("two-factor"), {"code": codes[0]})["Location"] == "/my-work/"
    client.post(reverse("sign-out"))
    sign_in(client, person)
    again = client.post(reverse("two-factor"), {"code": codes[0]})
    assert again.status_code == 400
    assert client.get(reverse("my-work")).status_code == 302


def test_a_password_reset_does_not_bypass_the_second_factor(client, organisation, mailoutbox):
    person = organisation.director
    set_up(client, person)
    client.post(reverse("password-reset"), {"email": person.email})
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    new = "a-long-and-new-passphrase-2017"
    client.post(path, {"new_password1": new, "new_password2": new})
    assert sign_in(client, person, new)["Location"] == reverse("my-work")
    response = client.get(reverse("my-work"))
    assert response["Location"].startswith(reverse("two-factor")), "the code is still asked"
    assert client.get(reverse("two-factor-setup"))["Location"] == reverse("two-factor")


def test_a_qa_administrator_resets_a_second_factor_with_a_reason(client, organisation, settings):
    person = organisation.director
    set_up(client, person)
    mail.outbox.clear()
    settings.TWO_FACTOR_REQUIRED_ROLES = ["director"]  # the QA administrator's own is tested above
    client.force_login(organisation.qa_admin.user)
    url = reverse("two-factor-reset", args=[person.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Enter why you are resetting their two-factor sign-in" in text_of(refused)
    assert TOTPDevice.objects.filter(user=person.user).exists()

    client.post(url, {"reason": "Phone lost; confirmed by phone call with their manager"})
    assert not TOTPDevice.objects.filter(user=person.user).exists()
    record = SecondFactorReset.objects.get()
    assert (record.user, record.reset_by) == (person.user, organisation.qa_admin.user)
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "Phone lost" in message.body
    history = text_of(client.get(reverse("staff-history", args=[person.pk])))
    assert (
        "Quinn Admin Created Two-factor sign-in reset, and the person emailed. Reason: Phone "
        "lost; confirmed by phone call with their manager"
    ) in history
    client.logout()
    sign_in(client, person)
    assert client.get(reverse("my-work"))["Location"].startswith(reverse("two-factor-setup"))


def test_only_a_qa_administrator_may_reset_a_second_factor(client, organisation):
    client.force_login(organisation.director.user)
    url = reverse("two-factor-reset", args=[organisation.subject.pk])
    assert client.post(url, {"reason": "because"}).status_code in {302, 403}
    assert not SecondFactorReset.objects.exists()


def test_a_verified_session_loses_its_verification_when_its_device_is_removed(client, organisation):
    person = organisation.director
    _, codes = set_up(client, person)
    sign_in(client, person)
    assert client.post(reverse("two-factor"), {"code": codes[0]})["Location"] == "/my-work/"
    assert client.get(reverse("my-work")).status_code == 200
    StaticDevice.objects.filter(user=person.user).update(confirmed=False)
    assert client.get(reverse("my-work"))["Location"].startswith(reverse("two-factor"))
    StaticDevice.objects.filter(user=person.user).delete()
    assert client.get(reverse("my-work"))["Location"].startswith(reverse("two-factor"))


def test_the_sessions_device_is_read_as_django_otp_reads_it(organisation):
    app = TOTPDevice.objects.create(user=organisation.director.user, name="App", confirmed=True)
    codes = StaticDevice.objects.create(user=organisation.director.user, name="Codes")
    middleware = SecondFactorDevice(lambda request: None)
    for device in (app, codes):
        mine = middleware._device_from_persistent_id(device.persistent_id)
        assert type(mine) is type(device) and mine.pk == device.pk
        for field in type(device)._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(device, field.attname), field.name
    for unknown in (f"otp_totp.totpdevice/{app.pk + 100}", "otp_totp.totpdevice/x", "no.model/1"):
        assert middleware._device_from_persistent_id(unknown) is None
        assert Device.from_persistent_id(unknown) is None
