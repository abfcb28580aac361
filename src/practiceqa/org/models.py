"""The organisation: services, teams, staff and who supervises or line-manages whom."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from practiceqa.core.history import History
from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.core.models import TimeStampedModel


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    SOCIAL_CARE_PROFESSIONAL = "social_care_professional", "Social care professional"
    MANAGER = "manager", "Manager"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker", "Principal Social Worker"
    DIRECTOR = "director", "Director"
    QA_ADMINISTRATOR = "qa_administrator", "QA administrator"


# Who answers for a person where neither their supervisor nor their line manager is
# recorded: the next manager up their line, nearest first (after their supervisor's line
# manager): the manager of their team, of their service, the head of their service, and
# then any head of service. Plan items without a lead and the sign-off of audits follow it.
LINE_ABOVE = (
    (Role.TEAM_MANAGER, "team"),
    (Role.SERVICE_MANAGER, "service"),
    (Role.HEAD_OF_SERVICE, "service"),
    (Role.HEAD_OF_SERVICE, "all"),
)


class Service(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    history = History()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    history = History()

    class Meta:
        ordering = ["service__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="team_name_unique_in_service")
        ]

    def __str__(self) -> str:
        return self.name


def in_post_q(on: datetime.date, *, prefix: str = "") -> Q:
    """Staff in post on a day, as a query: started on or before it and not left before it.
    `prefix` reaches them through a relation ("lead__", "members__"). The same fact as
    `StaffMember.in_post_on`."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


FTE_MIN, FTE_MAX = Decimal("0.01"), Decimal("1")


class StaffMemberQuerySet(models.QuerySet):
    def in_post(self, on: datetime.date) -> "StaffMemberQuerySet":
        return self.filter(in_post_q(on))


class StaffMember(TimeStampedModel):
    staff_id = models.CharField("staff ID", max_length=50, unique=True)
    full_name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    job_title = models.CharField(max_length=200, blank=True)
    profession = models.CharField(max_length=40, choices=Profession.choices)
    role = models.CharField(max_length=40, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members")
    fte = models.DecimalField("FTE", max_digits=4, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    history = History()

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "staff_id"]
        # The staff directory's order: a page of it is read from the index, not sorted.
        indexes = [models.Index(fields=["full_name", "staff_id"], name="staff_name_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="staff_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=FTE_MIN) & Q(fte__lte=FTE_MAX), name="staff_fte_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_id})"

    def in_post_on(self, day: datetime.date) -> bool:
        """Started on or before `day` and not left before it (`in_post_q` as a query)."""
        return self.start_date <= day and not self.left_before(day)

    def left_before(self, day: datetime.date) -> bool:
        """Their last day in post was before `day`."""
        return self.end_date is not None and self.end_date < day


class Posting(TimeStampedModel):
    """A person's team, role, profession and FTE from a date, until their next posting.

    These are effective-dated facts like supervision and line management: figures look up
    the posting that held on the day that matters. The same fields on StaffMember repeat
    the person's latest posting (for lists and forms); a posting is only ever written
    together with them (`postings_write`), so the two agree. A person with no posting
    recorded has held their StaffMember values since they started.
    """

    person = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="postings")
    starts_on = models.DateField()
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40, choices=Role.choices)
    profession = models.CharField(max_length=40, choices=Profession.choices)
    fte = models.DecimalField("FTE", max_digits=4, decimal_places=2)
    history = History()

    class Meta:
        ordering = ["person_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "starts_on"], name="posting_one_per_day"),
            models.CheckConstraint(
                condition=Q(fte__gte=FTE_MIN) & Q(fte__lte=FTE_MAX), name="posting_fte_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.team_id} from {self.starts_on}"


class RelationshipKind(models.TextChoices):
    SUPERVISION = "supervision", "Supervision"
    LINE_MANAGEMENT = "line_management", "Line management"


class RelationshipQuerySet(models.QuerySet):
    def current(self, on: datetime.date) -> "RelationshipQuerySet":
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def supervision(self) -> "RelationshipQuerySet":
        return self.filter(kind=RelationshipKind.SUPERVISION)

    def nearest_seniors(self, junior_ids, on: datetime.date) -> dict[int, int]:
        """For each of these people, the senior in post who answers for them on `on`: their
        supervisor, else their line manager (the latest of each kind), else the next manager
        up their line (`LINE_ABOVE`, the succession plan items' leads follow). Nobody is
        their own senior. One query when everyone has a supervisor or line manager, three
        at most however many people."""
        junior_ids = set(junior_ids)
        found: dict[int, dict[str, int]] = {}
        for junior_id, kind, senior_id in (
            self.current(on)
            .filter(in_post_q(on, prefix="senior__"), junior_id__in=list(junior_ids))
            .order_by("starts_on", "pk")
            .values_list("junior_id", "kind", "senior_id")
        ):
            found.setdefault(junior_id, {})[kind] = senior_id
        preference = (RelationshipKind.SUPERVISION, RelationshipKind.LINE_MANAGEMENT)
        nearest = {
            junior_id: next(kinds[kind] for kind in preference if kind in kinds)
            for junior_id, kinds in found.items()
        }
        # With no supervisor in post there is no supervisor's line manager either: the
        # line goes on to the managers of the person's team and service.
        if junior_ids - set(nearest):
            nearest.update(managers_above(junior_ids - set(nearest), on))
        return nearest

    def line_management(self) -> "RelationshipQuerySet":
        return self.filter(kind=RelationshipKind.LINE_MANAGEMENT)


def managers_above(person_ids, on: datetime.date) -> dict[int, int]:
    """For each person, the first manager in post up their line on `on` (`LINE_ABOVE`):
    the manager of their team, of their service, the head of their service, any head of
    service; the lowest-numbered where several hold the role. Two queries."""
    people = list(
        StaffMember.objects.filter(pk__in=list(person_ids)).values_list(
            "pk", "team_id", "team__service_id"
        )
    )
    teams = {team for _, team, _ in people}
    services = {service for _, _, service in people}
    roles = {role for role, _ in LINE_ABOVE}
    holders: dict[tuple, list[int]] = {}
    for pk, role, team, service in (
        StaffMember.objects.filter(in_post_q(on), role__in=roles)
        .filter(
            Q(team_id__in=teams) | Q(team__service_id__in=services) | Q(role=Role.HEAD_OF_SERVICE)
        )
        .order_by("pk")
        .values_list("pk", "role", "team_id", "team__service_id")
    ):
        for key in ((role, "team", team), (role, "service", service), (role, "all", 0)):
            holders.setdefault(key, []).append(pk)
    found = {}
    for pk, team, service in people:
        where = {"team": team, "service": service, "all": 0}
        for role, level in LINE_ABOVE:
            manager = next(
                (m for m in holders.get((role, level, where[level]), []) if m != pk), None
            )
            if manager is not None:
                found[pk] = manager
                break
    return found


class Relationship(TimeStampedModel):
    """An effective-dated link: `senior` supervises or line-manages `junior`.

    `ends_on` is the last day the relationship applies; empty while it continues.
    """

    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    senior = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="junior_relationships"
    )
    junior = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="senior_relationships"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    history = History()

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        # (the unique constraint's index serves lookups by kind, junior and start: no
        # other index on the same columns to keep up on every write)
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="relationship_ends_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(senior=F("junior")), name="relationship_not_with_self"
            ),
            models.UniqueConstraint(
                fields=["kind", "junior", "starts_on"], name="relationship_one_start_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} {self.get_kind_display().lower()} of {self.junior}"

    def is_current(self, on: datetime.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class SupervisionSessionQuerySet(models.QuerySet):
    def held(self):
        """Sessions that stand: not removed by whoever recorded them."""
        return self.filter(removed_at__isnull=True)


class SupervisionSession(TimeStampedModel):
    """A supervision session that took place, and where its record is kept.

    A session recorded in error is removed, not deleted: it keeps who removed it, when and
    why, and its history; everything that counts sessions reads `held()` ones only."""

    supervisor = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="sessions_given"
    )
    supervisee = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="sessions_received"
    )
    held_on = models.DateField()
    record_location = models.CharField(
        max_length=300, blank=True, help_text="Where the record of the session is kept"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reason = models.TextField(blank=True)
    history = History()

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["supervisor", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=F("supervisee")), name="session_not_with_self"
            ),
            models.UniqueConstraint(
                fields=["supervisor", "supervisee", "held_on"],
                condition=Q(removed_at__isnull=True),
                name="one_held_session_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision of {self.supervisee.full_name} on {self.held_on:%d/%m/%Y}"


# The statuses of an upload, as this app first named them.
ImportStatus = UploadStatus
STAFF_IMPORT_KIND = "staff"


class StaffImportManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=STAFF_IMPORT_KIND)


class StaffImport(Upload):
    """The uploads of the HR export (the staff import): kept so that what changed, and why,
    can be traced."""

    objects = StaffImportManager()

    class Meta:
        proxy = True

    def save(self, *args, **kwargs):
        self.kind = STAFF_IMPORT_KIND
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"Staff import {self.pk} ({self.filename})"


class AccountLinkKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    PASSWORD_RESET = "password_reset", "Password reset"


class AccountLink(TimeStampedModel):
    """An emailed one-time link to choose a password: an invitation or a password reset.

    Only a hash of the secret in the link is stored. The link works once, until it expires,
    and no longer once any password has been chosen for the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_links"
    )
    kind = models.CharField(max_length=20, choices=AccountLinkKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    history = History(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"


# Accounts that see beyond their own work: a change of their sign-in email by an import
# waits for a second QA administrator.
PRIVILEGED_ROLES = frozenset(
    {
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.PRINCIPAL_SOCIAL_WORKER,
        Role.DIRECTOR,
        Role.QA_ADMINISTRATOR,
    }
)


class PendingEmailChange(TimeStampedModel):
    """A staff import would move a privileged account's sign-in to another email address:
    the account keeps its old address until a second QA administrator confirms it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_email_changes"
    )
    old_email = models.EmailField()
    new_email = models.EmailField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed = models.BooleanField(null=True)
    history = History()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(decided_at__isnull=True),
                name="one_open_email_change_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"Sign-in of {self.old_email} to {self.new_email}"
