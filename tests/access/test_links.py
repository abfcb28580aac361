"""No dead ends: every link a person is shown opens for them."""

import re
from collections import deque

import pytest
from django.conf import settings
from django.urls import reverse

from tests.access.conftest import ROLES

LINK = re.compile(r'<a [^>]*href="(/[^"#]*)"')
MAX_PAGES = 120


def crawl(client, start: str) -> dict[str, int]:
    """Follow every internal link from a page; the status of each page reached."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 302:
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if not href.startswith(settings.STATIC_URL) and href not in seen:
                queue.append(href)
    return seen


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_link_shown_opens(client, people, staff_import_record, role):
    client.force_login(people[role].user)
    pages = crawl(client, reverse("my-work"))
    dead = {url: status for url, status in pages.items() if status not in (200, 302)}
    assert not dead, f"{role} is shown links they cannot open: {dead}"
    assert reverse("my-work") in pages


def test_what_each_role_can_reach_by_following_links(client, people, organisation):
    reached = {}
    for role in ("practitioner", "supervisor", "director"):
        client.force_login(people[role].user)
        reached[role] = set(crawl(client, reverse("my-work")))
    subject = reverse("staff-detail", args=[organisation.subject.pk])
    outsider = reverse("staff-detail", args=[organisation.outsider.pk])
    assert subject in reached["practitioner"] and outsider not in reached["practitioner"]
    assert subject in reached["supervisor"] and outsider not in reached["supervisor"]
    assert outsider in reached["director"]
