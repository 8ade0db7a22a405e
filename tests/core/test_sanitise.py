"""User text made safe."""
from html.parser import HTMLParser

import pytest

from community.core.sanitise import clean_text, markdown_to_html

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<iframe src="https://evil.example"></iframe>',
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{background:red}</style>",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def active_content(html: str) -> list[str]:
    """Elements and attributes that could run code or load something, as a browser would parse them."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag in {"script", "iframe", "svg", "style", "object", "embed", "img", "form", "math"}:
            problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                problems.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"{tag}[{name}={value}]")
    return problems


@pytest.mark.parametrize("payload", XSS)
def test_no_active_content_survives(payload):
    assert active_content(str(markdown_to_html(payload))) == []


def test_the_checker_itself_sees_active_content():
    assert active_content('<a href="javascript:x">a</a><img src=x onerror=y>') == ["a[href=javascript:x]", "img",
                                                                                   "img[onerror]"]


def test_links_get_nofollow_ugc():
    html = str(markdown_to_html("[site](https://example.org)"))
    assert 'href="https://example.org"' in html and "nofollow" in html and "ugc" in html


def test_plain_text_loses_control_and_bidi_override_characters():
    assert clean_text("  Amina\u202e\u0000 Haddad \n") == "Amina Haddad"
    assert clean_text("line one\r\nline two", multiline=True) == "line one\nline two"
