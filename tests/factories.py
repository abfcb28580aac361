import datetime
from decimal import Decimal
from pathlib import Path

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from practiceqa.actions.models import Action
from practiceqa.audits.models import Answer, Audit
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import AuditTemplate, FrameworkVersion
from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import (
    Profession,
    Relationship,
    RelationshipKind,
    Role,
    Service,
    StaffMember,
    Team,
)
from practiceqa.planning.models import PlanItem
from practiceqa.planning.schedule import quarter_of

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@council.example")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("service", "name")

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    staff_id = factory.Sequence(lambda n: f"S{n:05d}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda o: f"{o.staff_id.lower()}@council.example")
    job_title = "Social Worker"
    profession = Profession.SOCIAL_WORKER
    role = Role.PRACTITIONER
    team = factory.SubFactory(TeamFactory)
    fte = Decimal("1.00")
    start_date = datetime.date(2020, 4, 1)
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..email"))


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    kind = RelationshipKind.SUPERVISION
    senior = factory.SubFactory(StaffMemberFactory)
    junior = factory.SubFactory(StaffMemberFactory)
    starts_on = datetime.date(2021, 1, 1)


def supervises(senior, junior, since=datetime.date(2021, 1, 1)) -> Relationship:
    return RelationshipFactory(
        kind=RelationshipKind.SUPERVISION, senior=senior, junior=junior, starts_on=since
    )


def line_manages(senior, junior, since=datetime.date(2021, 1, 1)) -> Relationship:
    return RelationshipFactory(
        kind=RelationshipKind.LINE_MANAGEMENT, senior=senior, junior=junior, starts_on=since
    )


SMALL_FRAMEWORK = Path(__file__).parent / "data" / "small-framework.yaml"


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    """A framework version loaded from a YAML file (by default the small one in
    tests/data): loading the same file again gives the same version."""

    class Meta:
        model = FrameworkVersion

    source = SMALL_FRAMEWORK

    @classmethod
    def _create(cls, model_class, source, **kwargs):
        return framework_load(name_or_path=str(source)).version


def _template(audit) -> AuditTemplate:
    version = FrameworkVersionFactory()
    code = definition_of(version).audit_type(audit.audit_type).templates[0]
    return AuditTemplate.objects.get(version=version, code=code)


class AuditFactory(factory.django.DjangoModelFactory):
    """A draft audit of the small framework's practice check, with one empty answer per
    question, as starting one leaves it (without the starting rules: for tests of what
    comes after)."""

    class Meta:
        model = Audit
        skip_postgeneration_save = True

    audit_type = "practice_check"
    template = factory.LazyAttribute(_template)
    subject = factory.SubFactory(StaffMemberFactory)
    auditor = factory.SubFactory(StaffMemberFactory)
    created_by = factory.SelfAttribute("auditor.user")
    last_changed_by = factory.SelfAttribute("auditor.user")

    @factory.post_generation
    def answers(audit, create, extracted, **kwargs):
        if create:
            Answer.objects.bulk_create(
                Answer(audit=audit, question=question)
                for question in audit.template.questions.order_by("position")
            )


class ActionFactory(factory.django.DjangoModelFactory):
    """An open action, due in two weeks, raised by the owner's supervisor-to-be."""

    class Meta:
        model = Action

    owner = factory.SubFactory(StaffMemberFactory)
    raised_by = factory.LazyAttribute(lambda o: StaffMemberFactory(team=o.owner.team).user)
    description = factory.Sequence(lambda n: f"Action {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class PlanItemFactory(factory.django.DjangoModelFactory):
    """A planned practice check of a practitioner, due at the end of its window."""

    class Meta:
        model = PlanItem

    year = 2026
    framework_version = factory.SubFactory(FrameworkVersionFactory)
    audit_type = "practice_check"
    level = "practitioner"
    template_code = "check"
    subject = factory.SubFactory(StaffMemberFactory)
    subject_key = factory.LazyAttribute(lambda o: o.subject.pk if o.subject else 0)
    lead = factory.SubFactory(StaffMemberFactory)
    window_start = factory.LazyAttribute(lambda o: datetime.date(o.year, 4, 1))
    window_end = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 3, 31))
    due_on = factory.SelfAttribute("window_end")
    quarter = factory.LazyAttribute(lambda o: quarter_of(o.due_on))
