"""Message bodies: plain text kept as typed (cleaned), shown escaped with web links made clickable."""
from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

from community.core.sanitise import clean_text

# Only http(s) links become anchors; anything else (javascript:, data:) stays plain text.
_LINK = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


def clean_body(text: str) -> str:
    """Normalised text without control or bidi-override characters."""
    return clean_text(text, multiline=True)


def _anchor(match: re.Match) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        tail = url[-1] + tail
        url = url[:-1]
    return f'<a href="{url}">{url}</a>{tail}'


def body_to_html(body: str) -> Markup:
    """Escape the text, turn web links into safe anchors and newlines into line breaks."""
    escaped = str(escape(body))
    linked = _LINK.sub(_anchor, escaped).replace("\n", "<br>")
    # nh3 is the final word: only <a href> and <br>, rel="nofollow ugc noopener" on every link.
    return Markup(nh3.clean(linked, tags={"a", "br"}, attributes={"a": {"href"}},
                            url_schemes={"http", "https"}, link_rel="nofollow ugc noopener"))
