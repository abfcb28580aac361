import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from practiceqa.org.models import (
    Profession,
    Relationship,
    RelationshipKind,
    Role,
    Service,
    StaffMember,
    Team,
)

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
