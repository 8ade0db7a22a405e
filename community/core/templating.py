"""What every template may use: the language and its direction, the language list, helpers."""
from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from community.core.i18n import LANGUAGES, language_name, text_direction
from community.core.sanitise import markdown_to_html


def init_templating(app: Flask) -> None:
    """Register the template globals and filters."""

    @app.context_processor
    def language_context():
        locale = str(get_locale() or "nl")
        return {"current_locale": locale, "text_dir": text_direction(locale), "LANGUAGES": LANGUAGES}

    app.jinja_env.filters["markdown"] = markdown_to_html
    app.jinja_env.globals["language_name"] = localized_language_name
    app.jinja_env.globals.update(_label_functions())


def _label_functions() -> dict:
    from community.accounts import constants as c
    from community.coordination.reference import sector_name

    def label(table: dict):
        return lambda key: str(table.get(key, key))

    return {
        "role_label": label(c.ROLE_LABELS), "level_label": label(c.LEVEL_LABELS),
        "want_label": label(c.WANT_LABELS), "day_label": label(c.DAY_LABELS),
        "part_label": label(c.PART_LABELS), "residence_label": label(c.RESIDENCE_LABELS),
        "intake_label": label(c.INTAKE_LABELS), "sector_name": sector_name,
    }


def localized_language_name(code: str) -> str:
    """A language's name in the reader's language."""
    return language_name(code, str(get_locale() or "nl"))
