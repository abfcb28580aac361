"""The staff directory's rows are written by one tag from plain values (for speed): the
HTML is the same as the per-row template (and its included account cell) wrote from the
staff objects, escaped the same way, for every state a row can be in."""

import datetime

from django.db.models import Prefetch
from django.template import Context, Template
from django.utils import timezone

from practiceqa.access.scope import StaffScope
from practiceqa.org.models import AccountLink, AccountLinkKind, StaffMember
from practiceqa.org.selectors import current_links, staff_list, staff_rows, with_account_dates
from tests.factories import StaffMemberFactory, supervises

# The rows as the template wrote them before the tag (the account cell's include inlined,
# with the new line that ended its file).
ACCOUNT_STATE = (
    "{% if not staff.user %}No account{% elif staff.user.last_login %}Signed in "
    '{{ staff.user.last_login|date:"j M Y" }}{% if staff.invited_at %}<br><span '
    'class="govuk-hint govuk-!-font-size-16">Invited {{ staff.invited_at|date:"j M Y" }}'
    '</span>{% endif %}{% elif staff.invited_at %}{% tag "Invited" '
    'staff.invited_at|date:"j M Y" colour="blue" %}{% else %}{% tag "Not invited" '
    'colour="grey" %}{% endif %}\n'
)
ROWS = (
    "{% for staff in people %}\n"
    '        <tr class="govuk-table__row">\n'
    '          {% if can_invite %}<td class="govuk-table__cell">{% if staff.user %}<div '
    'class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"><div '
    'class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
    'id="invite-{{ staff.pk }}" name="staff" type="checkbox" value="{{ staff.pk }}"><label '
    'class="govuk-label govuk-checkboxes__label" for="invite-{{ staff.pk }}"><span '
    'class="govuk-visually-hidden">Select {{ staff.full_name }}</span></label></div></div>'
    "{% endif %}</td>{% endif %}\n"
    '          <td class="govuk-table__cell"><a class="govuk-link" '
    "href=\"{{ staff.pk|pk_url:'staff-detail' }}\">{{ staff.full_name }}</a><br><span "
    'class="govuk-hint govuk-!-font-size-16">{{ staff.job_title }}{% if staff.end_date and '
    "staff.end_date < today %} (left){% endif %}</span></td>\n"
    '          <td class="govuk-table__cell">{{ staff.team.name }}<br><span '
    'class="govuk-hint govuk-!-font-size-16">{{ staff.team.service.name }}</span></td>\n'
    '          <td class="govuk-table__cell">{{ staff.get_profession_display }}<br><span '
    'class="govuk-hint govuk-!-font-size-16">{{ staff.get_role_display }}</span></td>\n'
    '          <td class="govuk-table__cell">{% for r in staff.current_supervision %}'
    '{{ r.senior.full_name }}{% empty %}{% tag "None" colour="yellow" %}{% endfor %}</td>\n'
    '          {% if can_invite %}<td class="govuk-table__cell">' + ACCOUNT_STATE + "</td>"
    "{% endif %}\n"
    "        </tr>\n"
    "        {% endfor %}"
)


def _people(organisation, *, accounts: bool):
    today = timezone.localdate()
    odd = StaffMemberFactory(
        team=organisation.team_a1,
        full_name='Ann <b>"O\'Brien" & Co</b>',
        job_title="Lead <Practitioner> & mentor",
    )
    supervises(organisation.supervisor, odd)
    # Two supervisors, written side by side.
    supervises(organisation.team_manager, odd, since=datetime.date(2022, 1, 1))
    StaffMemberFactory(team=organisation.team_a2, full_name="Nia Noaccount", user=None)
    # Invited late on a summer evening: the next day in London.
    invited = StaffMember.objects.get(pk=organisation.subject.pk)
    late = datetime.datetime(2024, 7, 1, 23, 30, tzinfo=datetime.UTC)
    for person in (invited, organisation.supervisor):
        link = AccountLink.objects.create(
            user=person.user,
            kind=AccountLinkKind.INVITATION,
            token_hash=f"hash-{person.pk}",
            expires_at=late + datetime.timedelta(days=7),
        )
        AccountLink.objects.filter(pk=link.pk).update(created_at=late)
    for person in (organisation.supervisor, organisation.colleague):
        person.user.last_login = late - datetime.timedelta(days=40)
        person.user.save()
    scope = StaffScope(everyone=True)
    values = staff_list(scope=scope, filters={"status": "all"}, on=today, accounts=accounts)
    # The names of the teams of some of them only, as a narrower viewer's page has them.
    some = {organisation.team_a1.pk: (organisation.team_a1.name, organisation.team_a1.service.name)}
    rows = staff_rows(values, on=today, teams=some)
    # The objects the template was given (everyone, in the same order).
    objects = with_account_dates(StaffMember.objects.select_related("team__service", "user"))
    supervision = Prefetch(
        "senior_relationships",
        queryset=current_links(today).supervision().select_related("senior"),
        to_attr="current_supervision",
    )
    people = list(objects.prefetch_related(supervision).order_by("full_name", "staff_id"))
    assert [row.pk for row in rows] == [person.pk for person in people]
    return people, rows


def _both(people_and_rows, can_invite: bool) -> tuple[str, str]:
    people, rows = people_and_rows
    today = timezone.localdate()
    before = Template(ROWS).render(
        Context({"people": people, "can_invite": can_invite, "today": today})
    )
    now = Template("{% load staff_list %}{% staff_rows people can_invite today %}")
    return before, now.render(Context({"people": rows, "can_invite": can_invite, "today": today}))


def test_the_rows_for_a_qa_administrator_are_the_html_the_template_wrote(organisation):
    people = _people(organisation, accounts=True)
    before, now = _both(people, can_invite=True)
    assert now == before
    for shown in ("No account", "Not invited", "Invited 2 Jul 2024", "Signed in 23 May 2024"):
        assert shown in now
    assert "(left)" in now
    assert "&lt;b&gt;&quot;O&#x27;Brien&quot; &amp; Co&lt;/b&gt;" in now


def test_the_rows_for_others_are_the_html_the_template_wrote(organisation):
    people = _people(organisation, accounts=False)
    before, now = _both(people, can_invite=False)
    assert now == before
    assert "Sue Supervisor" in now
    assert "Toni Teammanager" in now
    assert "govuk-tag--yellow" in now
