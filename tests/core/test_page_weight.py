"""A first visit stays light and self-hosted: every page weighs under 150 KB transferred (HTML plus
every stylesheet, script and font it pulls in, compressed as the app sends them), every asset is
served by the app itself, and nothing points to another host (no CDN)."""
from __future__ import annotations

import gc
import gzip
import re
import warnings
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import brotli
import pytest

from tests.factories import login, make_user

BUDGET = 150_000  # bytes transferred on a first load
ORIGIN = "http://localhost"  # the test client's host
ACCEPT = {"Accept-Encoding": "br, gzip"}
# buffered=True: the test client reads the body and closes the response, as a WSGI server does.
GET = {"headers": ACCEPT, "buffered": True}
LOCALES = ("nl", "ar", "ti")
VISITOR_PAGES = ("/", "/register", "/login")
# Attributes that make a browser fetch something or send something somewhere.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)
MAKE_ASSETS_HINT = ("community/static/vendor/ is built from node_modules by `make assets`; "
                    "run it (after `npm ci`) before the tests")


class References(HTMLParser):
    """Every URL a page mentions, and which of them the browser loads on first view."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.assets: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value and name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif value and name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif value and name == "style":
                self.inline_css.append(value)
        rel = (values.get("rel") or "").lower().split()
        if tag == "link" and values.get("href") and {"stylesheet", "preload", "icon", "modulepreload"} & set(rel):
            self.assets.append(values["href"])
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and values.get("src"):
            self.assets.append(values["src"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def transferred(response) -> int:
    """Bytes on the wire: status line, headers and the body as sent (compressed when it is)."""
    head = len(f"HTTP/1.1 {response.status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    return head + 2 + len(response.get_data())


def decoded_text(response) -> str:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8")


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css) if (m.group(2) or m.group(4))]


def assert_same_origin(url: str, where: str) -> None:
    """Only relative or same-origin URLs (and harmless schemes that fetch nothing)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("mailto", "tel", "data", "javascript") or url.startswith("#"):
        return
    absolute = urlsplit(urljoin(ORIGIN + "/", url))
    assert f"{absolute.scheme}://{absolute.netloc}" == ORIGIN, f"{where} refers to another host: {url!r}"


def fetch_asset(client, url: str, referrer: str):
    path = urlsplit(url)
    response = client.get(path.path + (f"?{path.query}" if path.query else ""), **GET)
    hint = f" ({MAKE_ASSETS_HINT})" if "/static/vendor/" in path.path else ""
    assert response.status_code == 200, f"{url} (referenced by {referrer}) answers {response.status_code}{hint}"
    return response


def first_load(client, page_url: str) -> dict:
    """Load a page as a new browser would: the HTML, then each asset once, following CSS url()s."""
    page = client.get(page_url, **GET)
    assert page.status_code == 200, f"{page_url} answers {page.status_code}"
    html = decoded_text(page)
    refs = References()
    refs.feed(html)
    for url in refs.urls:
        assert_same_origin(url, page_url)
    sizes = {page_url: transferred(page)}
    queue = [(urljoin(ORIGIN + page_url, u), page_url) for u in refs.assets]
    queue += [(urljoin(ORIGIN + page_url, u), page_url) for css in refs.inline_css for u in css_urls(css)]
    while queue:
        url, referrer = queue.pop(0)
        if url.startswith("data:") or urlsplit(url).path in sizes:
            continue
        assert_same_origin(url, referrer)
        response = fetch_asset(client, url, referrer)
        sizes[urlsplit(url).path] = transferred(response)
        if response.mimetype == "text/css":
            for ref in css_urls(decoded_text(response)):
                assert_same_origin(ref, url)
                if not ref.startswith("data:"):
                    queue.append((urljoin(url, ref), url))
    return {"html": page, "sizes": sizes}


def check_budget(load: dict, what: str) -> None:
    total = sum(load["sizes"].values())
    detail = ", ".join(f"{path}: {size} B" for path, size in load["sizes"].items())
    assert total < BUDGET, f"{what} transfers {total} bytes on first load (budget {BUDGET}): {detail}"
    assert load["html"].headers.get("Content-Encoding") in ("br", "gzip"), f"{what}: HTML is sent uncompressed"


def check_fonts(load: dict, locale: str) -> None:
    """Tigrinya pages bring their Ethiopic web font; other pages do not pay for it."""
    paths = set(load["sizes"])
    ethiopic = {p for p in paths if p.endswith("/ethiopic.css")}
    fonts = {p for p in paths if p.endswith(".woff2")}
    if locale == "ti":
        assert ethiopic, "a Tigrinya page must load ethiopic.css"
        assert fonts, "ethiopic.css must bring its woff2 font"
    else:
        assert not ethiopic and not fonts, f"a {locale} page should not load the Ethiopic font: {sorted(paths)}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_page_is_light_self_hosted_and_complete(client, path, locale):
    load = first_load(client, f"{path}?lang={locale}")
    assert f'lang="{locale}"' in decoded_text(load["html"])
    check_budget(load, f"{path} in {locale}")
    check_fonts(load, locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_member_home_page_is_light_self_hosted_and_complete(app, client, locale):
    member = make_user("newcomer", locale=locale)
    assert login(client, member).status_code == 302
    load = first_load(client, "/")
    html = decoded_text(load["html"])
    assert f'lang="{locale}"' in html and "/logout" in html, "expected the signed-in home page"
    check_budget(load, f"the member home page in {locale}")
    check_fonts(load, locale)


def test_page_weight_check_sees_external_hosts_and_missing_assets(client):
    """The checks above would catch a CDN link and a missing vendor file."""
    with pytest.raises(AssertionError, match="another host"):
        assert_same_origin("https://cdn.example.net/x.css", "test")
    with pytest.raises(AssertionError, match="another host"):
        assert_same_origin("//cdn.example.net/x.js", "test")
    refs = References()
    refs.feed('<link rel="stylesheet" href="https://cdn.example.net/a.css"><script src="/static/b.js"></script>'
              '<img srcset="//img.example.net/c.png 2x"><form action="/login"></form>')
    assert refs.assets == ["https://cdn.example.net/a.css", "/static/b.js"]
    assert "//img.example.net/c.png" in refs.urls and "/login" in refs.urls
    assert_same_origin("/static/css/brug.css", "test")
    assert_same_origin("http://localhost/static/css/brug.css", "test")
    assert css_urls('@font-face{src:url("../vendor/a.woff2")} @import "b.css"; x{background:url(c.png)}') == \
        ["../vendor/a.woff2", "b.css", "c.png"]
    with pytest.raises(AssertionError, match="make assets"):
        fetch_asset(client, "/static/vendor/not-built.js", "test")


def test_compressed_static_files_are_closed_after_sending(client):
    """Serving a compressed static file must not leak its file handle (one per request in production)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        response = client.get("/static/css/brug.css", **GET)
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == "br", "static CSS should be sent compressed"
        del response
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaks, (f"static file left open after a compressed response: {leaks}; Flask-Compress's "
                       "streaming mode (COMPRESS_STREAMS, on by default) never closes the file it wraps")
