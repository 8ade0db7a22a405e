"""`notify_many(tells)`: notify() for many members at once (a batch of proposed matches), with a
constant number of queries besides the mails and push messages themselves."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from community.core.time import utcnow
from community.extensions import db, socketio
from community.notifications import mailing, texts
from community.notifications.constants import DIGEST_ONLY, EmailChoice, Kind
from community.notifications.models import Notification
from community.notifications.services import deliver_many, emit, forget_unread, notify
from community.notifications.settings import choices_for


@dataclass(frozen=True)
class Tell:
    """One member to tell something, for notify_many: notify()'s arguments."""

    user: Any
    kind: Kind
    params: dict[str, Any]
    url: str
    dedupe_key: str | None = None


@dataclass(frozen=True)
class Member:
    """What mail and push read of a member told by notify_many."""

    id: int
    email: str | None
    locale: str | None


@dataclass(frozen=True)
class Told:
    """A notification just stored by notify_many, as its mail and channels read it."""

    id: int
    user_id: int
    kind: str
    params: dict[str, Any]
    url: str


def notify_many(tells: list[Tell]) -> int:
    """notify() for many members at once (a batch of proposed matches): the same outcome for each (told
    once per dedupe key, the title in their language, mail and push as they chose), with a constant
    number of queries besides the mails and push messages themselves. Call it after the commit, with
    the members loaded (one query for all: an expired User would load itself); it commits. How many
    were told."""
    tells = [t for t in tells if t.user is not None and not getattr(t.user, "suspended", False)]
    if not tells:
        return 0
    user_ids = sorted({t.user.id for t in tells})
    choices = choices_for(user_ids, {Kind(t.kind) for t in tells})
    keys = {t.dedupe_key for t in tells if t.dedupe_key is not None}
    seen = set(db.session.execute(sa.select(Notification.user_id, Notification.dedupe_key).where(
        Notification.user_id.in_(user_ids), Notification.dedupe_key.in_(keys)))) if keys else set()
    members, rows = {}, []
    for tell in tells:
        if tell.dedupe_key is not None:
            if (tell.user.id, tell.dedupe_key) in seen:
                continue
            seen.add((tell.user.id, tell.dedupe_key))
        kind, choice = Kind(tell.kind), choices[(tell.user.id, Kind(tell.kind))]
        # What mail and push read of the member, kept: the commit below expires the User objects.
        members[tell.user.id] = Member(tell.user.id, tell.user.email, tell.user.locale)
        rows.append({"user_id": tell.user.id, "kind": str(kind), "params": dict(tell.params), "url": tell.url,
                     "dedupe_key": tell.dedupe_key, "created_at": utcnow(), "read_at": None,
                     "mail_pending": choice.email == EmailChoice.INSTANT and kind not in DIGEST_ONLY
                     and bool(tell.user.email)})
    if not rows:
        return 0
    table = Notification.__table__
    try:
        # One INSERT for all (a page of rows per statement); each returned row says what it is, so the
        # database may return them in any order. A race on a dedupe key: one by one instead.
        with db.session.begin_nested():
            stored = db.session.execute(sa.insert(table).returning(
                table.c.id, table.c.user_id, table.c.kind, table.c.params, table.c.url, table.c.mail_pending), rows).all()
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return sum(notify(t.user, t.kind, t.params, t.url, t.dedupe_key) is not None for t in tells)
    stored.sort(key=lambda row: row.id)
    told = [Told(row.id, row.user_id, row.kind, row.params, row.url) for row in stored]
    titles = _titles_in_their_language(told, members)
    unread = _unread_counts(user_ids) if socketio.server is not None else {}
    for notification, title in zip(told, titles):
        forget_unread(notification.user_id)
        emit(notification.user_id, notification, title, unread.get(notification.user_id, 0))
    mailing.send_instant_many([(n, members[n.user_id]) for n, row in zip(told, stored) if row.mail_pending])
    deliver_many([(members[n.user_id], n, title) for n, title in zip(told, titles)
                   if choices[(n.user_id, Kind(n.kind))].push])
    return len(told)


def _titles_in_their_language(told: list[Told], members: dict[int, Member]) -> list[str]:
    titles = [""] * len(told)
    by_locale: dict[str, list[int]] = {}
    for index, notification in enumerate(told):
        by_locale.setdefault(members[notification.user_id].locale or "nl", []).append(index)
    for locale, indexes in by_locale.items():
        with force_locale(locale):
            for index in indexes:
                titles[index] = texts.title(told[index].kind, told[index].params)
    return titles


def _unread_counts(user_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(sa.select(Notification.user_id, sa.func.count(Notification.id))
                              .where(Notification.user_id.in_(user_ids), Notification.read_at.is_(None))
                              .group_by(Notification.user_id))
    return {user_id: count for user_id, count in rows}
