"""Seven languages: every string translated, placeholders intact, right-to-left where it belongs."""
import pathlib
import re

import pytest
from babel.messages.pofile import read_po

from community.core.i18n import LANGUAGES
from tests.factories import login, make_chapter, make_user

TRANSLATIONS = pathlib.Path(__file__).resolve().parents[2] / "community" / "translations"
TRANSLATED = sorted(set(LANGUAGES) - {"en"})  # English is the source language
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalog(code):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def _source_strings(plurals: bool = False):
    with open(TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    return [i if isinstance(i, str) else i[0] for i in ids if plurals or isinstance(i, str)]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated_with_its_placeholders(code):
    untranslated, broken = [], []
    for message in _catalog(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            untranslated.append(ids[0])
            continue
        if any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(ids[0])) for s in strings):
            broken.append(ids[0])
    assert untranslated == [] and broken == []


def test_catalogues_cover_every_string_in_the_code():
    """`flask translate update` was run after the last string change (nothing new is missing)."""
    from babel.messages.extract import extract_from_dir

    root = TRANSLATIONS.parents[1]
    found = set()
    method_map = [("community/**.py", "python"), ("community/**/templates/**.html", "jinja2")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map=method_map, keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                                                    "ngettext": (1, 2), "N_": None, "NP_": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    assert found - set(_source_strings(plurals=True)) == set()


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("path", ["/", "/register", "/login", "/privacy", "/no-such-page"])
def test_no_english_left_on_a_tigrinya_page(client, path):
    make_chapter("gent", "Gent")
    text = _visible_text(client.get(path + "?lang=ti").get_data(as_text=True))
    english = [s for s in _source_strings() if len(s.split()) >= 2 and s in text]
    assert english == []
    assert re.search(r"[\u1200-\u137f]{3}", text)


def test_no_english_left_on_member_pages_in_tigrinya(client):
    make_chapter("gent", "Gent")
    member = make_user(locale="ti")
    login(client, member)
    for path in ("/", "/profile/edit", "/settings", f"/users/{member.id}", "/settings/delete"):
        text = _visible_text(client.get(path).get_data(as_text=True))
        assert [s for s in _source_strings() if len(s.split()) >= 2 and s in text] == [], path


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_direction_follows_the_language(client, code):
    html = client.get(f"/?lang={code}").get_data(as_text=True)
    direction = "rtl" if code in ("ar", "fa") else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_stylesheet_uses_logical_properties_only():
    css = (TRANSLATIONS.parent / "static" / "css" / "brug.css").read_text()
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)", css)
    assert physical == []
