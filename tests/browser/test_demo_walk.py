"""Every page of the demo, as every demo sign-in: the demo of `make run` is built, then each
role opens My work and every page its links lead to (one page of each kind, found from the
links of the pages before it), each checked by the harness: axe-core, the console, and no
page wider than its window or a 375 px one."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from practiceqa.org.demo import generate_council
from practiceqa.org.models import StaffMember
from practiceqa.planning import demo

pytestmark = pytest.mark.browser

# Not pages: files, signing out, leaving for the identity provider.
NOT_PAGES = ("export", "download", "docx", "csv", "xlsx", "sign-out", "sso", "print")
PAGES_PER_ROLE = 40


def page_kind(href: str) -> str | None:
    """The URL's name, or None for a link that is not to one of the service's pages."""
    parts = urlsplit(href)
    if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.url_name or ""
    if any(word in name for word in NOT_PAGES) or "admin" in match.route:
        return None
    if parts.path.rsplit(".", 1)[-1] in NOT_PAGES:  # a file named so (workers.csv)
        return None
    return name


def links_on(page) -> list[str]:
    return page.locator("main a[href], .govuk-service-navigation a[href]").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )


def walk(browser, problems: list[str]) -> list[str]:
    """Visit My work, then breadth first one page of each kind linked from pages seen;
    what the harness finds wrong on a page is kept in `problems`, and the walk goes on."""
    seen: dict[str, str] = {}
    queue = ["/my-work/"]
    while queue and len(seen) < PAGES_PER_ROLE:
        href = queue.pop(0)
        kind = page_kind(href)
        if kind is None or kind in seen:
            continue
        seen[kind] = href
        try:
            browser.visit(href)
        except AssertionError as problem:  # the harness's PageProblem, or a status
            problems.append(str(problem).splitlines()[0])
            browser.errors.clear()
        queue.extend(links_on(browser.page))
    return list(seen)


def test_every_page_of_the_demo_as_every_role(open_browser):
    call_command("load_framework", "coventry-2017", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    logins = generate_council(**demo.COUNCIL).logins
    visited, problems = {}, []
    for label, email in logins.items():
        browser = open_browser()
        browser.sign_in_as(StaffMember.objects.select_related("user").get(email=email))
        visited[label] = walk(browser, problems)
        browser.context.close()
    assert not problems, "\n".join(problems)
    # Each role met its work: the pages of audits and actions, not only the lists.
    for label in ("Practitioner", "Supervisor (senior practitioner)"):
        assert {"audit-detail", "action-detail", "my-work"} <= set(visited[label]), visited
    assert {"plan", "plan-compliance"} <= set(visited["Principal Social Worker"]), visited
    # The demo's caseload snapshots, their figures and the published averages.
    caseloads = {"caseload-snapshots", "caseload-snapshot", "caseload-published"}
    assert caseloads <= set(visited["Principal Social Worker"]), visited
    assert sum(len(pages) for pages in visited.values()) > 60, visited
