"""User text made safe: Markdown to sanitised HTML (nh3), and plain text without control characters."""
from __future__ import annotations

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Raw HTML off: whatever markup a person types is shown as text, never interpreted.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]")


def markdown_to_html(text: str) -> Markup:
    """Render Markdown and keep only harmless tags; links get rel="nofollow ugc noopener"."""
    html = _markdown.render(clean_text(text, multiline=True))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
    return Markup(cleaned)


def clean_text(text: str, multiline: bool = False) -> str:
    """Normalise Unicode, drop control and bidi-override characters, trim; keep newlines if asked."""
    text = unicodedata.normalize("NFC", text or "")
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = re.sub(r"\s+", " ", text)
    return _CONTROL.sub("", text).strip()
