import copy
import datetime
from unittest import mock

import pytest
from django.utils import timezone

from practiceqa.access.scope import scope_for
from practiceqa.audits.models import Answer, Audit
from practiceqa.audits.services.starting import audit_start
from practiceqa.frameworks.services import loading
from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import SupervisionSession

_PARSED: dict[str, dict] = {}


def load_framework(name_or_path="coventry-2017"):
    """Load a framework file, parsing each distinct text once per test run (parsing the
    YAML with line numbers takes most of a second; the database writes are what we test)."""
    real = loading.parse_framework

    def parse_once(text: str, source: str) -> dict:
        if text not in _PARSED:
            _PARSED[text] = real(text, source)
        return copy.deepcopy(_PARSED[text])

    with mock.patch.object(loading, "parse_framework", parse_once):
        return framework_load(name_or_path=str(name_or_path)).version


@pytest.fixture
def framework(db):
    """The Coventry 2017 framework, loaded as version 1."""
    return load_framework()


def start(kind: str, auditor, subject, case_identifier: str = "") -> Audit:
    """Start an audit the way the service does for a signed-in auditor."""
    user = auditor.user
    user.__dict__.pop("_practiceqa_scope", None)  # relationships may have changed
    return audit_start(
        audit_type=kind,
        subject=subject,
        auditor=auditor,
        scope=scope_for(user),
        started_by=user,
        case_identifier=case_identifier,
    )


@pytest.fixture
def standards_audit(organisation, framework) -> Audit:
    """A practice standards audit of Sid Subject (a social worker) led by Sue Supervisor."""
    return start(
        "practice_standards_audit", organisation.supervisor, organisation.subject, "123456"
    )


@pytest.fixture
def observation(organisation, framework) -> Audit:
    return start("practice_observation", organisation.supervisor, organisation.subject)


def session(supervisor, supervisee, days_ago: int) -> SupervisionSession:
    return SupervisionSession.objects.create(
        supervisor=supervisor,
        supervisee=supervisee,
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        record_location="Supervision file",
    )


def answer(audit: Audit, code: str) -> Answer:
    return Answer.objects.select_related("question").get(audit=audit, question__code=code)


def form_data(response) -> dict:
    """The values of the answers form as the page shows them (like a browser would post)."""
    form = response.context["form"]
    data = {"lock_version": form["lock_version"].value()}
    for name in form.fields:
        if name == "lock_version":
            continue
        value = form[name].value()
        if value in (None, "", [], False):
            continue
        data[name] = value
    return data


def fill_standards(audit: Audit, grade: str = "good") -> None:
    """Grade every practice standard, with a narrative, as the auditor saving a draft."""
    from practiceqa.audits.services.answering import answers_save

    audit.refresh_from_db()
    graded = Answer.objects.filter(audit=audit, question__scale_code="grade")
    answers_save(
        audit=audit,
        user=audit.auditor.user,
        staff_id=audit.auditor_id,
        expected_lock_version=audit.lock_version,
        changes={a.pk: {"value": grade, "narrative": "Seen in the case notes."} for a in graded},
    )


def submit(audit: Audit, link: str = "http://testserver/audits/") -> Audit:
    from practiceqa.audits.services.lifecycle import audit_submit

    audit.refresh_from_db()
    return audit_submit(
        audit=audit,
        submitted_by=audit.auditor,
        user=audit.auditor.user,
        expected_lock_version=audit.lock_version,
        changes={},
        link=link,
    )


def reply_days_pass(audit: Audit) -> None:
    """As if the subject's days to reply had passed since the audit was submitted."""
    from django.conf import settings

    Audit.objects.filter(pk=audit.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=settings.AUDIT_REPLY_DAYS)
    )
    audit.refresh_from_db()


def sign_off(audit: Audit) -> Audit:
    from practiceqa.audits.services.lifecycle import audit_sign_off

    reply_days_pass(audit)
    return audit_sign_off(
        audit=audit,
        signed_off_by=audit.auditor,
        user=audit.auditor.user,
        expected_lock_version=audit.lock_version,
        link="http://testserver/audits/",
    )


@pytest.fixture
def submitted_audit(standards_audit) -> Audit:
    fill_standards(standards_audit)
    return submit(standards_audit)


def check_and_submit(client, audit: Audit, data: dict, **submitted):
    """As the auditor does on the pages: "Save and check your answers" on the audit page,
    then "Submit audit" on the check answers page (with `submitted`, e.g. the audit date).
    The response of the first step that does not go on, else of the submission."""
    from django.urls import reverse

    checked = client.post(reverse("audit-detail", args=[audit.pk]), {**data, "action": "check"})
    if checked.status_code != 302:
        return checked
    assert checked["Location"] == reverse("audit-check", args=[audit.pk])
    page = client.get(checked["Location"])
    form = page.context["form"]
    sent = {"lock_version": form["lock_version"].value(), "form_token": form["form_token"].value()}
    return client.post(checked["Location"], {**sent, **submitted})
