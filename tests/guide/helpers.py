"""Guide entries for the guide's tests, made through the service (as a coordinator of the chapter)."""
from __future__ import annotations

from typing import Any

from community.guide import services
from community.guide.models import GuideEntry
from community.guide.schemas import GuideIn, TranslationIn
from tests.factories import make_user


def make_entry(coordinator: Any = None, chapter: str = "gent", **fields: Any) -> GuideEntry:
    """An entry of a chapter, written in Dutch unless told."""
    coordinator = coordinator or make_user("coordinator", chapter)
    data = {"chapter": chapter, "domain": "dutch_lessons", "name": "Nederlandse lessen voor volwassenen",
            "description": "Lessen Nederlands voor anderstaligen, **gratis**.",
            "simple_summary": "Hier leer je Nederlands.", "source_locale": "nl", "languages_spoken": ["nl", "en"],
            "address": "Kouter 1, Gent", "contact": "09 123 45 67", "cost": "Gratis", **fields}
    return services.create_entry(coordinator, GuideIn.model_validate(data))


def translate(entry: GuideEntry, locale: str, name: str, coordinator: Any = None, **fields: Any):
    """Write a translation of an entry."""
    coordinator = coordinator or make_user("coordinator", entry.chapter.slug)
    return services.put_translation(coordinator, entry.id, locale, TranslationIn(name=name, **fields))
