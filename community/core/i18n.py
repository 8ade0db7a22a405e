"""Which language a page speaks, and in which direction it is written."""
from __future__ import annotations

from babel import Locale
from flask import has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.core.time import DEFAULT_TIMEZONE

# The languages Brug ships, each named in itself so a person can find their own.
LANGUAGES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "fa": "فارسی",
    "uk": "Українська",
    "ti": "ትግርኛ",
}
RTL_LANGUAGES = frozenset({"ar", "fa"})
DEFAULT_LOCALE = "nl"
SESSION_KEY = "lang"
# Languages spoken by many newcomers that Babel's locale data does not name.
EXTRA_LANGUAGE_NAMES = {"prs": _l("Dari")}


def select_locale() -> str:
    """The member's setting, else `?lang=`, else the visitor's earlier choice, else Accept-Language, else
    the `locale` of a JSON body."""
    if not has_request_context():
        return "en"  # the command line speaks English; mail to a member uses force_locale
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    if request.accept_languages:
        return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LOCALE
    # No Accept-Language (a script, a bare client): a JSON body may name the language the visitor chose
    # (registration's `locale`): answer in it rather than in the default.
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict) and body.get("locale") in LANGUAGES:
        return body["locale"]
    return DEFAULT_LOCALE


def select_timezone() -> str:
    """The member's chapter's time zone (a chapter setting), else the default."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return getattr(current_user, "timezone", None) or DEFAULT_TIMEZONE
    return DEFAULT_TIMEZONE


def text_direction(locale: str) -> str:
    """"rtl" for Arabic and Persian, else "ltr"."""
    return "rtl" if locale in RTL_LANGUAGES else "ltr"


def language_name(code: str, in_locale: str) -> str:
    """A language's name in the reader's language (any ISO 639 code Babel knows)."""
    name = Locale.parse(in_locale).languages.get(code) or Locale("en").languages.get(code)
    return name or str(EXTRA_LANGUAGE_NAMES.get(code, code))


def is_known_language(code: str) -> bool:
    """True for an ISO 639 language code that Babel can name."""
    if not isinstance(code, str) or not 2 <= len(code) <= 3 or not code.isalpha() or not code.islower():
        return False
    return code in Locale("en").languages or code in EXTRA_LANGUAGE_NAMES
