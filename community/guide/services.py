"""The guide's work: entries in the reader's language (never a stale translation without saying so),
keeping entries and translations, and referrals from an intake to an entry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from community import search
from community.accounts.models import User
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
from community.guide.models import GuideEntry, GuideTranslation, Referral
from community.guide.schemas import GuideIn, GuidePatch, ReferralIn, TranslationIn
from community.policy import can, require

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


# Referrals ------------------------------------------------------------------------------------------
def member_by_id(user_id: int) -> User:
    member = db.session.get(User, user_id)
    if member is None:
        raise NotFound()
    return member


def create_referral(actor: Any, user_id: int, data: ReferralIn, today: date | None = None) -> Referral:
    """Record that a coordinator put a newcomer in touch with a guide entry, with a follow-up day."""
    member = member_by_id(user_id)
    require(actor, "referrals.create", member, hide=True)
    entry = db.session.get(GuideEntry, data.guide_entry_id)
    if entry is None:
        raise ValidationFailed(fields={"guide_entry_id": _l("Choose an entry of the guide.")})
    if data.follow_up_on is not None and data.follow_up_on < (today or utcnow().date()):
        raise ValidationFailed(fields={"follow_up_on": _l("Choose today or a later day.")})
    referral = Referral(user_id=member.id, entry_id=entry.id, author_id=actor.id, note=data.note,
                        follow_up_on=data.follow_up_on, created_at=utcnow())
    db.session.add(referral)
    db.session.commit()
    return referral


def referrals_of(viewer: Any, member: Any, with_author: bool = True) -> list[Referral]:
    """A member's referrals, newest first (the member, or the coordinators who refer them); the author
    only when asked (the coordinators' pages show who referred, the member's own list does not)."""
    return list(db.session.scalars(referrals_query(viewer, member, with_author).limit(200)))


def referrals_query(viewer: Any, member: Any, with_author: bool = True) -> sa.Select:
    """The SELECT of referrals_of, for a page of them (the API)."""
    require(viewer, "referrals.view", member, hide=True)
    stmt = (sa.select(Referral).where(Referral.user_id == member.id)
            .order_by(Referral.created_at.desc(), Referral.id.desc()))
    return stmt.options(selectinload(Referral.author)) if with_author else stmt


def my_referrals_gate(viewer: Any) -> Any:
    """For the home block (a scalar subquery): how many referrals the member has."""
    return sa.select(sa.func.count(Referral.id)).where(Referral.user_id == viewer.id).scalar_subquery()


def my_referrals(viewer: Any) -> list[Referral]:
    """The signed-in member's own referrals."""
    return list(db.session.scalars(my_referrals_query(viewer).limit(200)))


def my_referrals_query(viewer: Any) -> sa.Select:
    """The SELECT of my_referrals, for a page of them (the API)."""
    require(viewer, "referrals.mine")
    return referrals_query(viewer, viewer, with_author=False)


def _due_scope(viewer: Any, today: date) -> sa.Select:
    stmt = (sa.select(Referral).join(User, User.id == Referral.user_id)
            .where(Referral.followed_up_at.is_(None), Referral.follow_up_on.is_not(None),
                   Referral.follow_up_on <= today))
    if not can(viewer, "chapters.all"):
        stmt = stmt.where(User.chapter_id == viewer.chapter_id)
    return stmt


def follow_ups_query(viewer: Any) -> sa.Select | None:
    """How many follow-ups of the coordinator's chapter are due, and the oldest day, as SQL (None: none
    can be due for this member)."""
    if not can(viewer, "referrals.follow_up"):
        return None
    scope = _due_scope(viewer, utcnow().date()).subquery()
    return sa.select(sa.func.count(), sa.func.min(scope.c.follow_up_on)).select_from(scope)


def follow_ups_waiting(viewer: Any) -> tuple[int, date | None]:
    """How many follow-ups of the coordinator's chapter are due, and the oldest day, in one query."""
    stmt = follow_ups_query(viewer)
    if stmt is None:
        return 0, None
    count, oldest = db.session.execute(stmt).one()
    return count, oldest


def follow_ups_due(viewer: Any, limit: int = 200) -> list[Referral]:
    """The due follow-ups, the oldest first."""
    require(viewer, "referrals.follow_up")
    stmt = (_due_scope(viewer, utcnow().date()).options(selectinload(Referral.member))
            .order_by(Referral.follow_up_on, Referral.id).limit(limit))
    return list(db.session.scalars(stmt))


def mark_followed_up(actor: Any, referral_id: int) -> Referral:
    """The coordinator followed the referral up: it leaves the list."""
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        raise NotFound()
    require(actor, "referrals.mark_followed_up", referral, hide=True)
    if referral.followed_up_at is None:
        referral.followed_up_at = utcnow()
        db.session.commit()
    return referral


def export_referrals(user_id: int) -> dict[str, Any]:
    """Everything held about a member's referrals, notes too (the right of access)."""
    rows = db.session.scalars(sa.select(Referral).where(Referral.user_id == user_id).order_by(Referral.id))
    return {"guide_referrals": [{"entry": r.entry.name, "note": r.note,
                                 "follow_up_on": r.follow_up_on.isoformat() if r.follow_up_on else None,
                                 "followed_up_at": r.followed_up_at.isoformat() if r.followed_up_at else None,
                                 "created_at": r.created_at.isoformat()} for r in rows]}



def chapter_for_new_entry(actor: Any, slug: str | None) -> Chapter | None:
    """The chapter a new entry from the web form goes to: the one asked for, else the actor's own."""
    if slug:
        return chapter_by_slug(slug)
    return db.session.get(Chapter, actor.chapter_id) if actor.chapter_id else None


def entries_for_referral(member: Any, limit: int = 500) -> list[GuideEntry]:
    """The entries a coordinator picks from for a member: those of the member's chapter, by domain."""
    stmt = (sa.select(GuideEntry).where(GuideEntry.chapter_id == member.chapter_id)
            .order_by(GuideEntry.domain, GuideEntry.name).limit(limit))
    return list(db.session.scalars(stmt))
