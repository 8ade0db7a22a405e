"""The guide's work: entries in the reader's language (never a stale translation without saying so),
keeping entries and translations, and referrals from an intake to an entry."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from community import search
from community.accounts.services import chapter_by_slug
from community.coordination.models import Chapter
from community.core.db import lock
from community.core.errors import NotFound, ValidationFailed
from community.core.i18n import LANGUAGES
from community.core.pagination import paginate
from community.core.sanitise import markdown_to_html
from community.core.time import utcnow
from community.extensions import db
from community.guide.constants import Domain, TranslationStatus
from community.guide.models import GuideEntry, GuideTranslation
from community.guide.schemas import GuideIn, GuidePatch, TranslationIn
from community.policy import require

KIND = "guide"
# A change to any of these is a change of the text translators translated.
TRANSLATED = ("name", "description", "simple_summary", "source_locale")


@dataclass(frozen=True)
class Localized:
    """An entry as one reader gets it: in their language when a current translation exists, else in
    the source language, with `status` saying which (shown on the page, sent in the API)."""

    entry: GuideEntry
    locale: str  # the language of the texts below
    name: str
    description: str
    description_html: str
    simple_summary: str
    status: TranslationStatus
    # Parts a current translation left empty that the source has: shown from the source, and said so.
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A page of localized entries in the shape `page_json` reads."""

    items: list[Localized]
    page: int
    per_page: int
    total: int


def localize(entry: GuideEntry, locale: str) -> Localized:
    """The entry in `locale` if its translation is current, else its source with the reason."""
    source = Localized(entry, entry.source_locale, entry.name, entry.description, entry.description_html,
                       entry.simple_summary, TranslationStatus.CURRENT)
    if locale == entry.source_locale:
        return source
    found = next((t for t in entry.translations if t.locale == locale), None)
    if found is None:
        return Localized(**{**source.__dict__, "status": TranslationStatus.SOURCE})
    if found.status != TranslationStatus.CURRENT:
        return Localized(**{**source.__dict__, "status": TranslationStatus.OUTDATED})
    missing = tuple(part for part in ("description", "simple_summary")
                    if not getattr(found, part) and getattr(entry, part))
    return Localized(entry, locale, found.name,
                     entry.description if "description" in missing else found.description,
                     entry.description_html if "description" in missing else found.description_html,
                     entry.simple_summary if "simple_summary" in missing else found.simple_summary,
                     TranslationStatus.CURRENT, missing)


def _domain(raw: str | None) -> Domain | None:
    if not raw:
        return None
    if raw not in tuple(Domain):
        raise ValidationFailed(fields={"domain": _l("Choose one of: %(options)s.", options=", ".join(Domain))})
    return Domain(raw)


def _chapter_of_viewer(viewer: Any, slug: str | None) -> Chapter | None:
    if slug:
        return chapter_by_slug(slug)
    return db.session.get(Chapter, viewer.chapter_id) if viewer.chapter_id else None


def list_entries(viewer: Any, locale: str, page: int, per_page: int, chapter: str | None = None,
                 domain: str | None = None, q: str | None = None) -> tuple[Page, Chapter | None]:
    """A chapter's entries (the viewer's own by default), by domain and name, or the best matches of
    `q` in any of the seven languages; every entry in the reader's language."""
    require(viewer, "guide.view")
    wanted = _domain(domain)
    place = _chapter_of_viewer(viewer, chapter)
    if q and q.strip():
        filters = {"chapter": place.slug if place else "", "type": wanted.value if wanted else ""}
        result = search.query(KIND, q, filters=filters, page=page, per_page=per_page)
        ids = [hit.pk for hit in result.hits]
        rows = {e.id: e for e in db.session.scalars(sa.select(GuideEntry).where(GuideEntry.id.in_(ids)))} if ids else {}
        items = [localize(rows[pk], locale) for pk in ids if pk in rows]
        return Page(items, page, per_page, result.total), place
    stmt = sa.select(GuideEntry)
    if place is not None:
        stmt = stmt.where(GuideEntry.chapter_id == place.id)
    if wanted is not None:
        stmt = stmt.where(GuideEntry.domain == wanted)
    found = paginate(stmt.order_by(GuideEntry.domain, GuideEntry.name, GuideEntry.id), page, per_page)
    return Page([localize(e, locale) for e in found.items], found.page, found.per_page, found.total or 0), place


def get_entry(viewer: Any, entry_id: int) -> GuideEntry:
    """One entry, for any member."""
    require(viewer, "guide.view")
    entry = db.session.get(GuideEntry, entry_id)
    if entry is None:
        raise NotFound()
    return entry


def _render(text: str) -> str:
    return str(markdown_to_html(text)) if text else ""


def create_entry(actor: Any, data: GuideIn) -> GuideEntry:
    """A new entry of a chapter (its coordinators, admins)."""
    chapter = chapter_by_slug(data.chapter)
    require(actor, "guide.create", chapter.id)
    now = utcnow()
    entry = GuideEntry(chapter_id=chapter.id, domain=data.domain, source_locale=data.source_locale, name=data.name,
                       description=data.description, description_html=_render(data.description),
                       simple_summary=data.simple_summary, languages=" ".join(data.languages_spoken),
                       address=data.address, opening_hours=data.opening_hours, contact=data.contact,
                       cost=data.cost, how_to_get_there=data.how_to_get_there, created_by_id=actor.id,
                       created_at=now, updated_at=now)
    db.session.add(entry)
    db.session.commit()
    return entry


def _locked_entry(entry_id: int) -> GuideEntry:
    entry = lock(sa.select(GuideEntry).where(GuideEntry.id == entry_id)).first()
    if entry is None:
        raise NotFound()
    return entry


def update_entry(actor: Any, entry_id: int, data: GuidePatch) -> GuideEntry:
    """Change an entry; a change to its source text marks every translation outdated (as Integreat does)."""
    entry = db.session.get(GuideEntry, entry_id)
    if entry is None:
        raise NotFound()
    require(actor, "guide.edit", entry)
    entry = _locked_entry(entry_id)  # translators writing at the same moment see the change or wait for it
    changed = False
    for name in data.model_fields_set:
        value = getattr(data, name)
        if value is None:
            continue
        if name == "languages_spoken":
            name, value = "languages", " ".join(value)
        if getattr(entry, name) != value:
            changed = changed or name in TRANSLATED
            setattr(entry, name, value)
    if "description" in data.model_fields_set and data.description is not None:
        entry.description_html = _render(entry.description)
    if changed:
        for translation in entry.translations:
            translation.status = TranslationStatus.OUTDATED
    entry.updated_at = utcnow()
    db.session.commit()
    return entry


def put_translation(actor: Any, entry_id: int, locale: str, data: TranslationIn) -> GuideTranslation:
    """Write (or rewrite) an entry's translation into `locale`; it is current from now on."""
    return write_translation(actor, entry_id, locale, data)[0]


def write_translation(actor: Any, entry_id: int, locale: str, data: TranslationIn) -> tuple[GuideTranslation, bool]:
    """put_translation, and whether it created the translation (decided under the entry's lock, so of
    writers at the same moment exactly one creates)."""
    entry = db.session.get(GuideEntry, entry_id)
    if entry is None:
        raise NotFound()
    require(actor, "guide.translate", entry)
    if locale not in LANGUAGES:
        raise ValidationFailed(fields={"locale": _l("Choose one of: %(options)s.", options=", ".join(LANGUAGES))})
    entry = _locked_entry(entry_id)
    if locale == entry.source_locale:
        raise ValidationFailed(fields={"locale": _l("This is the entry's own language: change the entry itself.")})
    translation = next((t for t in entry.translations if t.locale == locale), None)
    created = translation is None
    if created:
        translation = GuideTranslation(entry=entry, locale=locale)
        db.session.add(translation)
    translation.name, translation.description = data.name, data.description
    translation.description_html = _render(data.description)
    translation.simple_summary = data.simple_summary
    translation.status = TranslationStatus.CURRENT
    translation.updated_by_id, translation.updated_at = actor.id, utcnow()
    entry.updated_at = utcnow()  # so the search document is rebuilt with the new words
    db.session.commit()
    return translation, created


def chapter_for_new_entry(actor: Any, slug: str | None) -> Chapter | None:
    """The chapter a new entry from the web form goes to: the one asked for, else the actor's own."""
    if slug:
        return chapter_by_slug(slug)
    return db.session.get(Chapter, actor.chapter_id) if actor.chapter_id else None
