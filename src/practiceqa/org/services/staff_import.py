"""Importing the organisation from the HR export.

`staff_import_plan` works out, without writing anything, exactly what a file would change;
`staff_import_apply` re-plans inside one transaction and writes that plan only if it is
still what the user previewed (the shared import framework, practiceqa.core.imports, does
that part for every import). Every write is a bulk write with history, so the number of
queries does not grow with the number of rows.
"""

import secrets
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from practiceqa.core.bulk import (
    bulk_create_with_history,
    bulk_writes,
    collector_paused,
    create_with_history,
    insert_values,
    update_rows,
    update_values_with_history,
)
from practiceqa.core.imports import Importer
from practiceqa.core.imports.models import Upload
from practiceqa.core.imports.services import (  # noqa: F401 (StalePreview: the import's API)
    StalePreview,
    import_apply,
    import_discard,
    import_preview,
    import_run,
)
from practiceqa.core.statistics import refresh_statistics
from practiceqa.org.models import (
    STAFF_IMPORT_KIND,
    Relationship,
    Service,
    StaffImport,
    StaffMember,
    Team,
)
from practiceqa.org.postings import NewPerson, postings_write, values_before
from practiceqa.org.services.email_changes import privileged_account, sign_in_email_changes
from practiceqa.org.services.staff_file import COLUMNS, parse_row
from practiceqa.org.services.staff_import_changes import (  # noqa: F401 (the import's API)
    ImportPlan,
    NewRelationship,
    StaffChange,
)
from practiceqa.org.services.staff_import_links import STORED_FIELDS
from practiceqa.org.services.staff_import_plan import (  # noqa: F401 (the import's API)
    plan_rows,
    staff_import_plan,
)
from practiceqa.org.signals import staff_import_applied


class StaffImporter(Importer):
    """The organisation from the council's HR export (docs/decisions/0001)."""

    kind = STAFF_IMPORT_KIND
    columns = COLUMNS
    rows_noun = "staff"
    history_reason = "Staff import {upload.pk}"
    title = "Import staff"
    record_noun = "Staff import"
    permission = "org.import_staff"
    url_name = "staff-import"
    upload_label = "Upload the HR export"
    upload_hint = "A CSV or XLSX file with the header row of the staff import template."
    about_template = "org/imports/staff_about.html"
    preview_template = "org/imports/staff_preview.html"
    summary_template = "org/imports/staff_summary.html"
    done_template = "org/imports/staff_done.html"

    def parse_row(self, number, texts):
        return parse_row(number, texts)

    def plan(self, rows, problems) -> ImportPlan:
        return plan_rows(rows, problems, today=self.today)

    def write(self, plan: ImportPlan, *, user, upload) -> None:
        _write(plan, user=user, reason=self.reason(upload))

    def applied_message(self, plan: ImportPlan, filename: str) -> str:
        counts = plan.counts
        return (
            f"Import applied: {counts['added']} added, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )


def staff_import_preview(*, content: bytes, filename: str, uploaded_by) -> Upload:
    """Check a file and keep it for the uploader to confirm. ImportRefused on any problem."""
    return import_preview(
        importer=StaffImporter(), content=content, filename=filename, uploaded_by=uploaded_by
    )


@collector_paused()
def staff_import_apply(
    *, staff_import: Upload, applied_by, expected_fingerprint: str
) -> ImportPlan:
    """Write the previewed import, only if it would still make exactly the previewed changes."""
    return import_apply(
        importer=StaffImporter(),
        upload=staff_import,
        applied_by=applied_by,
        expected_fingerprint=expected_fingerprint,
    )


def staff_import_discard(*, staff_import: Upload, discarded_by) -> None:
    import_discard(importer=StaffImporter(), upload=staff_import, discarded_by=discarded_by)


@collector_paused()
def staff_import_run(
    *, content: bytes, filename: str, applied_by=None, dry_run: bool = False
) -> ImportPlan:
    """Check and, unless a dry run, apply a file in one go (the import_staff command)."""
    return import_run(
        importer=StaffImporter(),
        content=content,
        filename=filename,
        applied_by=applied_by,
        dry_run=dry_run,
    )


def _write(plan: ImportPlan, *, user, reason: str) -> None:
    # Every write of the import as one bulk write, one change of the figures' version token,
    # without a savepoint of its own (an error undoes the whole import's transaction).
    with bulk_writes(savepoint=False):
        _write_all(plan, user=user, reason=reason)


def _write_all(plan: ImportPlan, *, user, reason: str) -> None:
    history = {"default_user": user, "default_change_reason": reason}
    # Once the import is committed, whatever follows the organisation (the annual plan)
    # catches up; a failure there is logged and does not undo the import.
    transaction.on_commit(
        lambda: staff_import_applied.send(sender=StaffImport, user=user), robust=True
    )
    if _statistics_stale(plan):
        transaction.on_commit(refresh_statistics, robust=True)
    # The ids of the services and teams by name, as the planner read them.
    services = dict(plan.service_ids)
    created_services = bulk_create_with_history(
        [Service(name=name) for name in plan.new_services], Service, **history
    )
    services.update({service.name: service.pk for service in created_services})
    teams = dict(plan.team_ids)
    created_teams = bulk_create_with_history(
        [Team(service_id=services[s], name=name) for s, name in plan.new_teams], Team, **history
    )
    for (service_name, team_name), team in zip(plan.new_teams, created_teams, strict=True):
        teams[(service_name, team_name)] = team.pk

    moved, held = [], []
    users, existing_staff = _sync_users(plan, moved=moved, held=held)
    sign_in_email_changes(moved=moved, held=held, requested_by=user)

    # Everyone already here whose details changed, or who has no account linked yet (added
    # before accounts were made, or whose account was deleted): only they are written, as
    # values (the planner's, with the changes), by field.
    to_update, changed_fields, now = {}, set(), timezone.now()
    postings = []
    for stored in existing_staff.values():
        updates = plan.staff_to_update.get(stored.pk, {})
        new_user = None
        if stored.user_id is None:
            new_user = users.get(updates.get("email", stored.email))
        if not updates and new_user is None:
            continue
        staff = {name: getattr(stored, name) for name in STORED_FIELDS[1:]}
        for name, value in updates.items():
            if name == "team":
                staff["team_id"] = teams[tuple(value)]
            else:
                staff[name] = value
            changed_fields.add(name)
        if new_user is not None:
            staff["user_id"] = new_user
            changed_fields.add("user")
        staff["updated_at"] = now
        if stored.pk in plan.postings_from:
            # (the person with their new values, from when, and what they held before)
            posted = SimpleNamespace(pk=stored.pk, **staff)
            postings.append((posted, plan.postings_from[stored.pk], values_before(stored)))
        to_update[stored.pk] = staff
    if to_update:
        _free_emails(plan)
        update_values_with_history(
            StaffMember, to_update, [*sorted(changed_fields), "updated_at"], **history
        )
    postings_write(changes=postings, history=history)

    created = plan.staff_to_create
    new_ids = create_with_history(
        StaffMember,
        [
            {
                "staff_id": row.staff_id,
                "full_name": row.full_name,
                "email": row.email,
                "job_title": row.job_title,
                "profession": row.profession,
                "role": row.role,
                "team_id": teams[(row.service, row.team)],
                "fte": row.fte,
                "start_date": row.start_date,
                "end_date": row.end_date,
                "user_id": users.get(row.email),
            }
            for row in created
        ],
        **history,
    )
    new_staff = [
        NewPerson(
            pk, row.start_date, teams[(row.service, row.team)], row.role, row.profession, row.fte
        )
        for pk, row in zip(new_ids, created, strict=True)
    ]
    postings_write(changes=[(staff, staff.start_date, {}) for staff in new_staff], history=history)
    staff_by_id = {row.staff_id: pk for pk, row in zip(new_ids, created, strict=True)}

    needed = (
        {r.senior_staff_id for r in plan.relationships_to_create}
        | {r.junior_staff_id for r in plan.relationships_to_create}
        | {u["senior"] for u in plan.relationships_to_update.values() if "senior" in u}
    )
    # Everyone else named is stored (as the planner read them).
    staff_by_id.update(
        (staff_id, plan.staff_pks[staff_id]) for staff_id in needed - set(staff_by_id)
    )

    if plan.relationships_to_update:
        # Only the relationships that change are written, from the values the planner read
        # (in this transaction), with what the update writes.
        now = timezone.now()
        relationships = {}
        for pk, update in plan.relationships_to_update.items():
            link = plan.links[pk]
            relationships[pk] = {
                "ends_on": update.get("ends_on", link.ends_on),
                "senior_id": (
                    staff_by_id[update["senior"]] if "senior" in update else link.senior.pk
                ),
                "updated_at": now,
            }
        update_values_with_history(
            Relationship, relationships, ["ends_on", "senior", "updated_at"], **history
        )
    create_with_history(
        Relationship,
        [
            {
                "kind": new.kind,
                "senior_id": staff_by_id[new.senior_staff_id],
                "junior_id": staff_by_id[new.junior_staff_id],
                "starts_on": new.starts_on,
                "ends_on": new.ends_on,
            }
            for new in plan.relationships_to_create
        ],
        **history,
    )


# An import adding at least this share of the people stored before it (so every first
# import) brings the query planner's statistics up to date once committed. A month's changes
# (a few joiners, some moves) leave the tables about the size and shape the statistics
# describe, and skip the refresh.
STATISTICS_GROWTH = 0.1


def _statistics_stale(plan: ImportPlan) -> bool:
    return len(plan.staff_to_create) >= STATISTICS_GROWTH * max(plan.stored, 1)


def _placeholder(prefix: str):
    """A value unique to each row (its id), to move a unique value out of the way."""
    return Concat(Value(f"{prefix}-"), Cast("id", CharField()), Value("@renaming.invalid"))


def _free_emails(plan: ImportPlan) -> None:
    """Emails (like usernames) are unique, and one statement changing several can pass through
    a moment when two people share one (A takes B's old email, B takes a new one). Moving the
    changing emails aside first lets them be written in any order."""
    changing = [pk for pk, updates in plan.staff_to_update.items() if "email" in updates]
    if changing:
        StaffMember.objects.filter(pk__in=changing).update(email=_placeholder("staff"))


def _sync_users(plan: ImportPlan, *, moved: list, held: list) -> tuple[dict, dict]:
    """Accounts for everyone in the file: created without a password (they set one by email),
    renamed when their email changes, and closed once they have left. A privileged account
    keeps its sign-in email until a second QA administrator confirms the change (`held`);
    other changes are made (`moved`); each as (account, old email, new email).

    Returns the ids of the accounts by email, and the people in the file who are already
    here."""
    User = get_user_model()
    today = plan.today
    existing_staff = plan.existing  # as the planner loaded them, in this transaction
    # Their accounts, with only what is compared here, as the planner read them in this
    # transaction: (id, username, email, first_name, last_name, is_active, is_superuser).
    compared = ["id", "username", "email", "first_name", "last_name", "is_active", "is_superuser"]
    linked = {s.user_id for s in existing_staff.values() if s.user_id is not None}
    emails = {row.email for row in plan.rows}
    # An account with the person's email is taken over only if nobody else has it: the
    # account of someone whose email changes in this file stays theirs.
    accounts, free = {}, {}
    for values in plan.accounts:
        if values[7] is not None:
            if values[0] in linked:
                accounts[values[0]] = values[:7]
        elif values[1] in emails:
            free[values[1]] = values[:7]
    to_create, to_update, usernames, ids = {}, [], {}, {}
    for row in plan.rows:
        active = row.end_date is None or row.end_date >= today
        first, _, last = row.full_name.partition(" ")  # (as split(" ", 1))
        first, last = first[:150], last[:150]
        staff = existing_staff.get(row.staff_id)
        account = accounts.get(staff.user_id) if staff is not None else None
        if account is None:
            account = free.get(row.email)
        if account is None:
            to_create[row.email] = {
                "username": row.email,
                "email": row.email,
                "first_name": first,
                "last_name": last,
                "is_active": active,
                # Unusable, as make_password(None) makes it, without its per-character draw.
                "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            }
            continue
        ids[row.email] = account[0]
        if account[1:6] == (row.email, row.email, first, last, active):
            continue
        user = User(**dict(zip(compared, account, strict=True)))
        user._state.adding, user._state.db = False, User.objects.db
        usernames[user.pk] = user.username
        sign_in = row.email
        if user.username != row.email:
            if privileged_account(user, staff, row.role):
                held.append((user, user.username, row.email))
                sign_in = user.username
            else:
                moved.append((user, user.username, row.email))
        user.username, user.email, user.first_name, user.last_name = (
            sign_in,
            sign_in,
            first,
            last,
        )
        user.is_active = active
        to_update.append(user)
    if to_update:
        renamed = [user.pk for user in to_update if user.username != usernames[user.pk]]
        if renamed:
            User.objects.filter(pk__in=renamed).update(username=_placeholder("user"))
        update_rows(User, to_update, ["username", "email", "first_name", "last_name", "is_active"])
    ids.update(zip(to_create, insert_values(User, list(to_create.values())), strict=True))
    return ids, existing_staff
