"""Guide entries and referrals as JSON (API.md, "Local guide")."""
from __future__ import annotations

from typing import Any

from community.core.time import isoformat
from community.guide.models import Referral
from community.guide.services import Localized
from community.policy import can


def guide_json(shown: Localized, viewer: Any) -> dict[str, Any]:
    """An entry in the reader's language; `translation_status` says when it is not (never silently)."""
    entry = shown.entry
    return {
        "id": entry.id, "chapter": entry.chapter_slug, "domain": entry.domain,
        "name": shown.name, "description": shown.description, "description_html": shown.description_html,
        "simple_summary": shown.simple_summary, "languages_spoken": entry.languages_spoken,
        "address": entry.address, "opening_hours": entry.opening_hours, "contact": entry.contact,
        "cost": entry.cost, "how_to_get_there": entry.how_to_get_there,
        "source_locale": entry.source_locale, "locale": shown.locale,
        "translation_status": shown.status,
        "untranslated_fields": list(shown.untranslated),  # shown in the source language, see source_locale
        "translations": {t.locale: t.status for t in entry.translations if t.locale != entry.source_locale},
        "updated_at": isoformat(entry.updated_at),
        "can_edit": can(viewer, "guide.edit", entry),
    }


def referral_json(referral: Referral, shown: Localized, with_note: bool) -> dict[str, Any]:
    """A referral; the note only for the coordinators (the member reads it in their export)."""
    data = {
        "id": referral.id, "user_id": referral.user_id,
        "guide_entry": {"id": shown.entry.id, "name": shown.name, "domain": shown.entry.domain,
                        "contact": shown.entry.contact, "address": shown.entry.address,
                        "locale": shown.locale, "translation_status": shown.status},
        "follow_up_on": isoformat(referral.follow_up_on),
        "followed_up_at": isoformat(referral.followed_up_at),
        "created_at": isoformat(referral.created_at),
    }
    if with_note:
        data["note"] = referral.note
    return data
