import datetime

import pytest
from django.utils import timezone

from practiceqa.actions.models import Action
from practiceqa.audits.models import Audit
from practiceqa.frameworks.models import AuditTemplate, Framework, FrameworkVersion, Question
from tests.factories import ActionFactory

DAY = datetime.timedelta(days=1)


def make_template(code: str = "supervision_audit", title: str = "Supervision audit"):
    """A loaded audit template with two questions, as the framework loader leaves it."""
    framework, _ = Framework.objects.get_or_create(slug="test-framework", title="Test framework")
    version, _ = FrameworkVersion.objects.get_or_create(
        framework=framework,
        number=1,
        defaults={"checksum": "x", "source_name": "test.yaml", "definition": {}},
    )
    template = AuditTemplate.objects.create(version=version, code=code, title=title, definition={})
    for position, (question_code, text) in enumerate(
        [
            ("agreement", "Is there a supervision agreement in place?"),
            ("frequency", "Has supervision been held at the required frequency?"),
        ],
        start=1,
    ):
        Question.objects.create(
            template=template,
            code=question_code,
            position=position,
            number=position,
            section_code="questions",
            section_title="Questions",
            answered_by="auditor",
            text=text,
            scale_code="yes_partly_no",
            scale={"kind": "choice"},
            definition={},
        )
    return template


def make_audit(*, subject, auditor, template=None) -> Audit:
    template = template or make_template()
    return Audit.objects.create(
        template=template,
        audit_type=template.code,
        subject=subject,
        auditor=auditor,
        created_by=auditor.user,
    )


def make_action(*, owner, raised_by, due_on=None, **fields) -> Action:
    """An action written straight to the database (tests of reading, not of raising)."""
    return ActionFactory(
        owner=owner,
        raised_by=getattr(raised_by, "user", raised_by),
        description=fields.pop("description", f"Action for {owner.full_name}"),
        due_on=due_on or timezone.localdate() + 14 * DAY,
        **fields,
    )


@pytest.fixture
def audit(organisation) -> Audit:
    """A supervision audit of the subject, led by their supervisor."""
    return make_audit(subject=organisation.subject, auditor=organisation.supervisor)


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()
