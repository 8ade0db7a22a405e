"""The one registry: what features contribute to the parts of the site that no feature owns.

Core never imports a feature. Each feature's `plugin.init_app(app)` adds its parts here (navigation
entries, blocks on shared pages, profile fields, export sections, erasure hooks, reminder sources, search
kinds, reportable kinds and how moderators handle them, coordinators' queues), and core reads them. The
registry lives on the app, so two apps in one process (tests make many) never share contributions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app, url_for

from community.core.batch import run

EXTENSION_KEY = "brug.registry"


def _always(_user: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation; `badge` counts something for the member (unread, waiting).

    The badge is SQL, not a query run: user -> a scalar subquery of the count
    (`select(func.count(...)).where(...).scalar_subquery()`). Core asks every badge of the page in one
    statement (core/counts.py), built once per member: the SQL may depend on the member's id, role and
    chapter only (anything else, memberships or the date, belongs in the SQL itself)."""

    endpoint: str
    label: Any  # a lazy string, rendered in the reader's language
    order: int
    visible: Callable[[Any], bool] = _always
    badge: Callable[[Any], Any] | None = None
    badge_label: Callable[[int], str] | None = None  # what a screen reader says about the badge
    primary: bool = False  # shown on a phone's first row; the others sit under "More"


@dataclass(frozen=True)
class Slot:
    """A block (a partial template) placed on a shared page, e.g. the home page."""

    page: str
    template: str
    order: int
    visible: Callable[[Any], bool] = _always
    context: Callable[[Any], dict[str, Any]] | None = None  # extra template variables for the member
    # user -> a scalar subquery counting what the block shows; at 0 the block has nothing to show and
    # is left out without loading its context (asked with the page's other counts: core/counts.py)
    gate: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class SearchKind:
    """A searchable kind: its model, how a row becomes a document, which rows a rebuild reads, and how
found ids become answers.

    `build` answers None for a row that must not be found; only the fields it returns reach the
    index, so a private field can never be searched. `loader` (viewer, ids) answers the rows among
    those ids that the viewer may see, as JSON by id: the index may lag behind, the database and the
    policy have the last word. A kind without a loader is not offered by the search box.
    """

    name: str
    model: type
    build: Callable[[Any], dict[str, Any] | None]
    all_rows: Callable[[], Any]  # a SELECT of every row that may be in the index
    loader: Callable[[Any, list[int]], dict[int, dict[str, Any]]] | None = None


@dataclass(frozen=True)
class Queue:
    """Something that waits for a coordinator (organisations to verify, join requests, …), shown on
    their workplace: how many wait and since when, for the member asking.

    `query` is SQL, not a query run: user -> a SELECT of two aggregates, (count, oldest waiting moment),
    or None when nothing can wait for this member. Core asks every queue of the page in one statement
    (core/counts.py)."""

    name: str
    label: Any  # a lazy string
    endpoint: str  # the page where the queue is worked through
    query: Callable[[Any], Any]  # user -> SELECT count, oldest (one row) | None
    order: int = 100
    visible: Callable[[Any], bool] = _always

    def waiting(self, user: Any) -> tuple[int, Any]:
        """(count, oldest waiting moment or None) of this queue alone, for the member."""
        return run({}, {self.name: self.query(user)})[1][self.name]


@dataclass(frozen=True)
class Reported:
    """What a moderator sees of one reported thing: a few words of it, who wrote it, where it lives."""

    summary: str  # plain text: a title, a message, a member's name
    author_id: int | None  # the member a suspension would concern (None: the account is gone)
    endpoint: str | None = None  # the page that shows it in its context, with its arguments
    arguments: tuple[tuple[str, Any], ...] = ()
    removed: bool = False  # already taken down (removed, closed)

    @property
    def url(self) -> str | None:
        """The context page's address (in a request)."""
        return url_for(self.endpoint, **dict(self.arguments)) if self.endpoint else None


@dataclass(frozen=True)
class Moderation:
    """How moderators handle one reportable kind, asked of the feature that owns it."""

    # reports of this kind -> {report id: Reported}, in one query whatever their number
    describe: Callable[[list[Any]], dict[int, Reported]]
    # (moderator, report) -> takes the reported thing down through the feature's own service;
    # None when there is nothing to take down (a member is suspended instead)
    remove: Callable[[Any, Any], Any] | None = None


@dataclass(frozen=True)
class Delivery:
    """A notification on its way to a member by a channel beside the app itself (web push, ...).

    `title` is short, already in the member's language, and never carries private data
    ("New message from Els", not the message).
    """

    user_id: int
    notification_id: int
    kind: str
    title: str
    url: str
    locale: str


@dataclass(frozen=True)
class DigestItem:
    """One line of a member's digest mail from a feature (e.g. a new opportunity matching the profile)."""

    kind: str  # the notification kind whose e-mail setting decides (e.g. "new_opportunities")
    text: str  # already in the member's language
    url: str


@dataclass
class Registry:
    """Everything features contributed, read by core and by the search service."""

    nav: list[NavEntry] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    # user -> {section name: JSON-able data}; together they are the member's export (right of access)
    export_sections: list[Callable[[Any], dict[str, Any]]] = field(default_factory=list)
    # (member, viewer) -> fields a feature adds to the member's profile JSON (accounts' `user_json`); each
    # asks the policy itself and answers {} when the viewer may not see them
    profile_fields: list[Callable[[Any, Any], dict[str, Any]]] = field(default_factory=list)
    # user id -> None, run after an account was erased (e.g. drop it from an index)
    erasure_hooks: list[Callable[[int], None]] = field(default_factory=list)
    # now -> reminders that are due (see core/reminders.py)
    reminder_sources: list[Callable[[datetime], Iterable[Any]]] = field(default_factory=list)
    search_kinds: dict[str, SearchKind] = field(default_factory=dict)
    # target type -> (target id, reporter) -> the target if the reporter may see it, else None
    report_targets: dict[str, Callable[[int, Any], Any]] = field(default_factory=dict)
    # what waits for coordinators, on their workplace (see Queue)
    queues: list[Queue] = field(default_factory=list)
    # report target type -> how moderators see and take down that kind (see Moderation)
    moderation: dict[str, Moderation] = field(default_factory=dict)
    # Socket.IO namespaces whose clients are told to `sync` after this process missed broadcasts
    resync_namespaces: list[str] = field(default_factory=list)
    # channel name (e.g. "push") -> deliver(Delivery); a channel never raises into the action that
    # caused the notification: it logs and lets the next run retry
    notification_channels: dict[str, Callable[[Delivery], None]] = field(default_factory=dict)
    # channel name -> deliver_many(list[Delivery]): the same for many members at once (notify_many)
    notification_batches: dict[str, Callable[[list[Delivery]], None]] = field(default_factory=dict)
    # (user, since) -> lines for the member's daily / weekly digest (see DigestItem)
    digest_sources: list[Callable[[Any, datetime], Iterable[DigestItem]]] = field(default_factory=list)
    # (user, kind, params, url, dedupe key) -> tells a member through the notifications feature;
    # reminders with a kind go this way (None: reminders are plain mails)
    notifier: Callable[[Any, str, dict[str, Any], str, str], Any] | None = None
    # more work of `flask reminders send` (digests, mails to retry): now -> how many mails went out
    mail_runs: list[Callable[[datetime], int]] = field(default_factory=list)
    # notification kind -> params -> params for rendering in the reader's language (a status code
    # becomes its label), so a stored notification keeps codes, never sentences
    notification_params: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = field(default_factory=dict)
    # notification kind -> params -> mail attachments (filename, mime type, bytes), e.g. an event's .ics
    notification_attachments: dict[str, Callable[[dict[str, Any]], list[tuple[str, str, bytes]]]] = field(
        default_factory=dict)

    def add_nav(self, entry: NavEntry) -> None:
        """Add a navigation link (kept in `order`)."""
        self.nav.append(entry)
        self.nav.sort(key=lambda e: e.order)

    def add_slot(self, slot: Slot) -> None:
        """Add a block to a shared page (kept in `order`)."""
        self.slots.append(slot)
        self.slots.sort(key=lambda s: s.order)

    def add_search_kind(self, kind: SearchKind) -> None:
        """Make a kind searchable."""
        if kind.name in self.search_kinds:
            raise RuntimeError(f"search kind {kind.name!r} registered twice")
        self.search_kinds[kind.name] = kind

    def add_report_target(self, name: str, loader: Callable[[int, Any], Any]) -> None:
        """Make a kind of thing reportable."""
        if name in self.report_targets:
            raise RuntimeError(f"report target {name!r} registered twice")
        self.report_targets[name] = loader

    def add_moderation(self, name: str, moderation: Moderation) -> None:
        """Say how moderators see and take down a reportable kind."""
        if name in self.moderation:
            raise RuntimeError(f"moderation of {name!r} registered twice")
        self.moderation[name] = moderation

    def add_queue(self, queue: Queue) -> None:
        """Add a coordinator's queue (kept in `order`)."""
        self.queues.append(queue)
        self.queues.sort(key=lambda q: q.order)

    def add_notification_channel(self, name: str, deliver: Callable[[Delivery], None],
                                 deliver_many: Callable[[list[Delivery]], None] | None = None) -> None:
        """Add a way to reach members outside the app; the notifications feature calls it per kind
        (`deliver_many`, if given, takes a batch at once: one query for all their addresses)."""
        if name in self.notification_channels:
            raise RuntimeError(f"notification channel {name!r} registered twice")
        self.notification_channels[name] = deliver
        if deliver_many is not None:
            self.notification_batches[name] = deliver_many

    def slots_for(self, page: str, user: Any) -> list[Slot]:
        """The blocks of `page` this member sees, in order."""
        return [s for s in self.slots if s.page == page and s.visible(user)]

    def nav_for(self, user: Any) -> list[NavEntry]:
        """The navigation links this member sees, in order."""
        return [e for e in self.nav if e.visible(user)]


def init_registry(app: Flask) -> Registry:
    """Give the app an empty registry (the factory calls this before any feature plugs in)."""
    app.extensions[EXTENSION_KEY] = Registry()
    return app.extensions[EXTENSION_KEY]


def registry(app: Flask | None = None) -> Registry:
    """The registry of `app`, or of the current app."""
    return (app or current_app).extensions[EXTENSION_KEY]
