"""What every template may use: the language and its direction, the navigation, the blocks of shared
pages, and a few helpers. Features add their own globals in their plugins."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from community.core.counts import init_counts, page_counts
from community.core.i18n import LANGUAGES, language_name, text_direction
from community.core.registry import NavEntry, Slot, registry
from community.core.sanitise import markdown_to_html


def init_templating(app: Flask) -> None:
    """Register the template globals and filters."""
    init_counts()

    @app.context_processor
    def language_context() -> dict[str, Any]:
        locale = str(get_locale() or "nl")
        return {"current_locale": locale, "text_dir": text_direction(locale), "LANGUAGES": LANGUAGES,
                **request_gettext()}

    app.jinja_env.filters["markdown"] = markdown_to_html
    app.jinja_env.filters["bdi"] = bdi
    app.jinja_env.globals["language_name"] = localized_language_name
    app.jinja_env.globals["nav_entries"] = nav_entries
    app.jinja_env.globals["phone_nav"] = phone_nav
    app.jinja_env.globals["page_slots"] = page_slots


def request_gettext() -> dict[str, Any]:
    """`gettext` and `ngettext` for one render, bound to the request's catalogue. Flask-Babel's own look
    the catalogue up again at every string (several context lookups each, hundreds of strings a page);
    these behave the same (Jinja's newstyle: escaped, then `%` with the named values). `_` and `{% trans %}`
    find them in the context; macros imported without context keep Flask-Babel's."""
    translations = get_translations()
    singular, plural = translations.ugettext, translations.ungettext

    @pass_context
    def gettext(context: Context, string: str, **variables: Any) -> str:
        found = singular(string)
        if context.eval_ctx.autoescape:
            found = Markup(found)
        return found % variables

    @pass_context
    def ngettext(context: Context, one: str, many: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        found = plural(one, many, num)
        if context.eval_ctx.autoescape:
            found = Markup(found)
        return found % variables

    return {"gettext": gettext, "ngettext": ngettext}


def bdi(value: Any) -> Markup:
    """A member's name or title isolated in `<bdi>`, so an Arabic name keeps its order inside a Dutch
    sentence and the other way round; safe to pass into a translated sentence."""
    return Markup("<bdi>%s</bdi>") % escape(value)


def localized_language_name(code: str) -> str:
    """A language's name in the reader's language."""
    return language_name(code, str(get_locale() or "nl"))


def nav_entries() -> list[tuple[NavEntry, int]]:
    """The signed-in member's navigation links with their badge counts (0 without a badge); every badge
    in one statement, asked once per request (core/counts.py)."""
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return []
    entries = registry().nav_for(user)
    badges = page_counts(user).badges if any(entry.badge for entry in entries) else {}
    return [(entry, badges.get(entry.endpoint, 0)) for entry in entries]


PHONE_BAR_SIZE = 4  # what fits one row of a 360 px screen; the rest goes under "More"


@dataclass(frozen=True)
class PhoneNav:
    """The navigation split for a phone: a bar of primary links, the others under "More"."""

    entries: list[tuple[NavEntry, int]]  # every link in order, as on a wide screen
    bar: list[NavEntry]
    more_count: int  # badge total of the links under "More", shown on its button


def phone_nav() -> PhoneNav:
    """The member's links with the first primary ones for the phone's bar (badges counted once)."""
    entries = nav_entries()
    bar = [entry for entry, _ in entries if entry.primary][:PHONE_BAR_SIZE]
    return PhoneNav(entries, bar, sum(count for entry, count in entries if entry not in bar))


def page_slots(page: str) -> list[tuple[Slot, dict[str, Any]]]:
    """The blocks of a shared page that the signed-in member sees, each with its extra variables. A block
    whose gate counts 0 has nothing to show: it is left out, its context never loaded."""
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return []
    slots = registry().slots_for(page, user)
    gates = page_counts(user, page).gates if any(slot.gate for slot in slots) else {}
    return [(slot, slot.context(user) if slot.context else {})
            for slot in slots if slot.gate is None or gates.get(slot.template)]
