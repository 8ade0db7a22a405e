"""Every page a member of each role can reach by following links answers without a server error.

The demo data is seeded, each demo role logs in, and the crawler follows every same-site link
(GET only) breadth-first, in two languages, one of them right-to-left.
"""
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from community.accounts import two_factor
from community.accounts.services import find_user_by_email
from community.demo import seed_demo
from community.demo.members import DEMO_PASSWORD
from tests.factories import enable_two_factor, login

ROLES = ["admin@demo.brug", "coordinator.gent@demo.brug", "amina@demo.brug", "els@demo.brug", "sofie@demo.brug"]
MAX_PAGES = 120
SKIP = ("/static/", "/logout", "/settings/export", "/calendar/", ".ics")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def _crawl(client, start: str = "/") -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        parser = Links()
        parser.feed(response.get_data(as_text=True))
        for href in parser.found:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
                continue
            # One page per path and query shape is enough (pagination and filters repeat themselves).
            if href not in seen:
                queue.append(href)
    return seen


@pytest.fixture
def demo(app):
    list(seed_demo())


@pytest.mark.parametrize("email", ROLES)
@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_no_page_reachable_by_links_fails(client, demo, email, lang):
    member = find_user_by_email(email)
    if two_factor.required(member):  # staff sign in with their second factor
        enable_two_factor(member)
    login(client, member, DEMO_PASSWORD)
    client.post("/language", data={"lang": lang, "next": "/"})
    pages = _crawl(client)
    errors = {url: status for url, status in pages.items() if status >= 500}
    assert errors == {}
    assert len(pages) > 10  # the crawler really walked the site


def test_visitors_reach_public_pages_without_errors(client, demo):
    pages = _crawl(client)
    assert {url: s for url, s in pages.items() if s >= 500} == {}
