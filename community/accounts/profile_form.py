"""Between the profile web form and the profile schema: choices, filling in, reading out."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from community.accounts import constants as c
from community.accounts.forms import PROFILE_LANGUAGES, ProfileForm
from community.accounts.models import User
from community.coordination.reference import sector_name
from community.coordination.services import list_chapters, list_sectors
from community.core.templating import localized_language_name


def setup_profile_form(form: ProfileForm) -> ProfileForm:
    """Fill in the choices, labelled in the reader's language."""
    form.chapter.choices = [("", _("No chapter"))] + [(ch.slug, ch.name) for ch in list_chapters()]
    form.dutch_level.choices = [("", _("I do not know"))] + [(lv.value, c.LEVEL_LABELS[lv]) for lv in c.LEVELS]
    form.sectors.choices = [(s.slug, sector_name(s.slug)) for s in list_sectors()]
    form.availability.choices = [
        (f"{day}-{part}", f"{c.DAY_LABELS[day]}: {c.PART_LABELS[part]}") for day in c.DAYS for part in c.PARTS
    ]
    form.residence_status.choices = [("", _("Not given"))] + [
        (status.value, c.RESIDENCE_LABELS[status]) for status in c.RESIDENCE_STATUSES
    ]
    names = sorted(((code, localized_language_name(code)) for code in PROFILE_LANGUAGES), key=lambda x: x[1])
    for row in form.languages:
        row.form.code.choices = [("", _("Choose a language"))] + names
    return form


def fill_profile_form(form: ProfileForm, user: User) -> None:
    """Show the member's current profile in the form."""
    form.name.data, form.city.data, form.bio.data = user.name, user.city, user.bio
    form.chapter.data = user.chapter_slug or ""
    form.dutch_level.data = user.dutch_level or ""
    form.sectors.data = user.sector_slugs
    form.skills.data = ", ".join(user.skills or [])
    form.motivation.data = user.motivation
    form.availability.data = [f"{a['day']}-{a['part']}" for a in user.availability or []]
    form.wants.data = list(user.wants or [])
    form.residence_status.data = user.residence_status or ""
    for row, language in zip(form.languages, user.languages or []):
        row.form.code.data, row.form.level.data = language["code"], language["level"]


def profile_form_data(form: ProfileForm) -> dict[str, Any]:
    """The form's answers in the shape of ProfileIn."""
    languages = [
        {"code": row.form.code.data, "level": row.form.level.data or "A1"}
        for row in form.languages if row.form.code.data
    ]
    slots = [value.partition("-")[::2] for value in form.availability.data or []]
    return {
        "name": form.name.data,
        "chapter": form.chapter.data or None,
        "city": form.city.data or "",
        "bio": form.bio.data or "",
        "languages": languages,
        "dutch_level": form.dutch_level.data or None,
        "sectors": form.sectors.data or [],
        "skills": [s.strip() for s in (form.skills.data or "").split(",") if s.strip()],
        "motivation": form.motivation.data or "",
        "availability": [{"day": day, "part": part} for day, part in slots],
        "wants": form.wants.data or [],
        "residence_status": form.residence_status.data or None,
    }
