"""An audit's pages read the audit in two small queries (`audit_for_page`) rather than one
joining fourteen tables, which PostgreSQL took 10-26 ms to plan: the pages are the same,
byte for byte, as when the audit is read with everything joined."""

import re

import pytest
from django.urls import reverse

from practiceqa.audits import selectors
from practiceqa.audits.models import Audit
from practiceqa.frameworks.kept import kept_template, stamp_annotations, stamp_of
from tests.audits.test_query_counts import seed
from tests.kept import page_bytes

# A form's one-time token is new on every page.
FORM_TOKEN = re.compile(rb'name="form_token" value="[^"]*"')


def bytes_of(response) -> bytes:
    return FORM_TOKEN.sub(b"", page_bytes(response))


def all_joined(*, pk: int) -> Audit | None:
    """The audit as `audit_for_page` read it before: one query joining everything."""
    found = list(
        Audit.objects.select_related(*selectors.PAGE_RELATED, *selectors.PAGE_PEOPLE)
        .annotate(**stamp_annotations())
        .filter(pk=pk)
        .order_by()[:1]
    )
    if not found:
        return None
    audit = found[0]
    audit.template = kept_template(audit.template_id, stamp_of(audit)).template
    return audit


PAGES = [
    ("audit-detail", "supervisor", "standards"),
    ("audit-detail", "subject", "standards"),
    ("audit-detail", "team_manager", "supervision"),
    ("audit-detail", "supervisor", "observation"),
    ("audit-check", "team_manager", "supervision"),
    ("audit-print", "subject", "standards"),
]


@pytest.mark.parametrize(("name", "viewer", "target"), PAGES)
def test_the_pages_are_those_of_the_audit_read_whole(
    client, organisation, framework, monkeypatch, name, viewer, target
):
    audits = seed(organisation)
    client.force_login(getattr(organisation, viewer).user)
    url = reverse(name, args=[audits[target].pk])
    client.get(url)
    read_in_two = bytes_of(client.get(url))
    monkeypatch.setattr(selectors, "audit_for_page", all_joined)
    assert bytes_of(client.get(url)) == read_in_two


def test_the_people_are_those_read_with_the_audit(organisation, framework):
    audits = seed(organisation)
    for audit in audits.values():
        read = selectors.audit_for_page(pk=audit.pk)
        whole = all_joined(pk=audit.pk)
        for path in (*selectors.PAGE_RELATED, *selectors.PAGE_PEOPLE):
            got, expected = read, whole
            for name in path.split("__"):
                got, expected = getattr(got, name, None), getattr(expected, name, None)
                if expected is None:
                    break
                assert got == expected, path
                assert got.__dict__ == expected.__dict__ | {"_state": got._state}, path
    assert selectors.audit_for_page(pk=max(a.pk for a in audits.values()) + 1) is None
