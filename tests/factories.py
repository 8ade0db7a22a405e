"""The one cast of test factories: members, chapters, groups, posts, events, organisations, buddies,
conversations, and the helpers that sign in and check API errors. Rows are made through the real
services where it matters (sign-up, organisations, enrolments, chat) and directly where a test needs a
state the services refuse to make (past events, removed posts)."""
from __future__ import annotations

import hashlib
import itertools
import re
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

import pyotp
import sqlalchemy as sa

from community.accounts import sessions
from community.accounts.models import RecoveryCode, TwoFactor, User
from community.accounts.services import create_user
from community.board import services as board_services
from community.board.schemas import OpportunityIn, OrganisationIn
from community.buddies import services as buddy_services
from community.buddies.schemas import EnrollIn
from community.chat import services as chat_services
from community.chat.models import Conversation, Message
from community.coordination import placements, volunteering
from community.coordination.models import Chapter, Sector
from community.coordination.schemas import PlacementIn, VolunteeringIn
from community.core.mail import outbox_messages
from community.core.sanitise import markdown_to_html
from community.core.time import as_utc, utcnow
from community.events.models import Event, Signup
from community.extensions import db
from community.groups.models import Comment, Group, GroupMembership, Post

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)
_recovery_codes: dict[int, list[str]] = {}  # unused recovery codes of the members made here


def make_chapter(slug: str = "gent", name: str | None = None) -> Chapter:
    """The chapter with this slug, created if needed."""
    chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == slug))
    if chapter is None:
        chapter = Chapter(slug=slug, name=name or slug.replace("-", " ").title())
        db.session.add(chapter)
        db.session.commit()
    return chapter


def make_user(role: str = "newcomer", chapter: str | None = "gent", **fields: Any) -> User:
    """A member with password PASSWORD; extra profile fields are set directly. Staff (who may not sign in
    without it) get two-factor sign-in set up unless `two_factor=False`; `login()` then gives the code."""
    number = next(_numbers)
    sectors = fields.pop("sectors", None)
    with_two_factor = fields.pop("two_factor", role in ("coordinator", "admin"))
    user = create_user(
        email=fields.pop("email", f"{role}{number}@example.org"),
        password=PASSWORD,
        name=fields.pop("name", f"{role.title()} {number}"),
        role=role,
        chapter=make_chapter(chapter) if chapter else None,
        locale=fields.pop("locale", "en"),
        consent=True,
    )
    for key, value in fields.items():
        setattr(user, key, value)
    if sectors:
        user.sectors = list(db.session.scalars(sa.select(Sector).where(Sector.slug.in_(sectors))))
    db.session.commit()
    if with_two_factor:
        enable_two_factor(user)
    return user


def enable_two_factor(user: User) -> list[str]:
    """Turn two-factor sign-in on for `user` as if they had scanned the code; their recovery codes."""
    secret = pyotp.random_base32()
    db.session.merge(TwoFactor(user_id=user.id, secret=secret, confirmed_at=utcnow(), last_step=0))
    codes = [secrets.token_hex(6) for _ in range(3)]
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hashlib.sha256(code.encode()).hexdigest())
                       for code in codes)
    db.session.commit()
    _recovery_codes[user.id] = list(codes)
    return codes


def otp_code(user_or_email: Any) -> str | None:
    """A code the member's authenticator would show that the server has not accepted yet (None: no
    second factor). Codes are single use: within one 30-second step a later call takes the next step,
    and a recovery code once the window is spent."""
    email = getattr(user_or_email, "email", user_or_email)
    row = db.session.execute(sa.select(TwoFactor).join(User, User.id == TwoFactor.user_id)
                             .where(User.email == email).execution_options(populate_existing=True)).scalar()
    if row is None or row.confirmed_at is None:
        return None
    clock = time.time()
    now = int(clock) // 30
    # The server accepts the step before, this one and the next. The one before only while this step
    # has time left: a code typed just before a step ends is checked in the next, where it is too old.
    oldest = now - 1 if 30 - clock % 30 > 10 else now
    step = max(oldest, (row.last_step or 0) + 1)
    if step <= now + 1:
        return pyotp.TOTP(row.secret).at(step * 30)
    codes = _recovery_codes.get(row.user_id) or []
    return codes.pop() if codes else None

def token_for(user: User) -> str:
    """A fresh bearer token."""
    return sessions.issue_token(user)


def auth(user: User) -> dict[str, str]:
    """Headers for an API call as this member."""
    return {"Authorization": f"Bearer {token_for(user)}"}


def login(client, user: User, password: str = PASSWORD, **extra: Any):
    """Log in through the web form, with the second step (a code of the authenticator) where it is on."""
    response = client.post("/login", data={"email": user.email, "password": password}, **extra)
    if response.status_code in (302, 303) and "/login/two-factor" in response.headers.get("Location", ""):
        code = otp_code(user)
        response = client.post(response.headers["Location"], data={"code": code}, **extra)
    return response


def login_with_csrf(client, user: User) -> None:
    """Log in through the real form, its CSRF token included (and the second step where it is on)."""
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    step = response.headers.get("Location", "")
    if response.status_code in (302, 303) and "/login/two-factor" in step:
        client.post(step, data={"code": otp_code(user), "csrf_token": csrf_token(client, step)})


def csrf_token(client, url: str) -> str:
    """The CSRF token of the (first) form on a page."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def post_form(client, page_url: str, action: str, **data: Any):
    """Send a form of `page_url` to `action` with the page's CSRF token, following the redirect."""
    return client.post(action, data={"csrf_token": csrf_token(client, page_url), **data}, follow_redirects=True)


def logout(client) -> None:
    """Log out through the menu's form."""
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/logout", data={"csrf_token": token})


def switch(client, user: User):
    """Log out whoever is logged in, then log in as `user`."""
    client.post("/logout")
    return login(client, user)


def assert_api_error(response, status: int, code: str | None = None, fields: tuple[str, ...] = ()) -> dict:
    """The response is an API error of this status (and code), naming these fields; returns its body."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:500])
    body = response.get_json()
    assert body is not None and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error.get("message"), str) and error["message"], error
    assert isinstance(error.get("fields"), dict), error  # API.md: errors always carry `fields`
    if code is not None:
        assert error["code"] == code, error
    for name in fields:
        assert name in error.get("fields", {}), error
    return error


def outbox(_app=None) -> list:
    """The mails written so far (oldest first)."""
    return outbox_messages()


# Groups ------------------------------------------------------------------------------------------
def make_group(name: str = "Koffie Gent", kind: str = "coffee", chapter: str | None = "gent",
               sector: str | None = None, visibility: str = "open", status: str = "active",
               description: str = "", created_by: User | None = None) -> Group:
    """A group, stored directly."""
    group = Group(name=name, kind=kind, description=description,
                  chapter=make_chapter(chapter) if chapter else None,
                  sector=db.session.scalar(sa.select(Sector).where(Sector.slug == sector)) if sector else None,
                  visibility=visibility, status=status, created_by_id=created_by.id if created_by else None)
    db.session.add(group)
    db.session.commit()
    return group


def add_member(group: Group, user: User, role: str = "member", status: str = "member") -> GroupMembership:
    """Put a member (or a pending request) in a group."""
    row = GroupMembership(group_id=group.id, user_id=user.id, role=role, status=status)
    db.session.add(row)
    db.session.commit()
    return row


def make_post(group: Group, author: User | None, title: str = "Hallo", body: str = "Eerste bericht") -> Post:
    """A post, stored directly (the body rendered as the service does)."""
    now = utcnow()
    post = Post(group_id=group.id, author_id=author.id if author else None, title=title, body=body,
                body_html=str(markdown_to_html(body)), created_at=now, updated_at=now, last_activity_at=now)
    db.session.add(post)
    db.session.commit()
    return post


def make_comment(post: Post, author: User, body: str = "Welkom!") -> Comment:
    """A comment, stored directly."""
    comment = Comment(post_id=post.id, author_id=author.id, body=body, body_html=str(markdown_to_html(body)))
    db.session.add(comment)
    db.session.commit()
    return comment


# Events ------------------------------------------------------------------------------------------
def make_event(title: str = "Workshop CV", kind: str = "workshop", chapter: str = "gent", capacity: int | None = 10,
               starts_in: timedelta = timedelta(days=3), hours: int = 2, group=None, status: str = "scheduled",
               created_by: User | None = None, **fields) -> Event:
    """An event, stored directly (past ones too, which the service refuses to create)."""
    # SQLite keeps no offset: store UTC, as the services do.
    starts = as_utc(fields.pop("starts_at", None) or utcnow().replace(microsecond=0) + starts_in)
    event = Event(title=title, kind=kind, chapter=make_chapter(chapter), capacity=capacity, starts_at=starts,
                  ends_at=starts + timedelta(hours=hours), location=fields.pop("location", "De Krook, Gent"),
                  description=fields.pop("description", "Bring your **CV**."), group=group, status=status,
                  languages=fields.pop("languages", ["nl", "en"]), created_by_id=created_by.id if created_by else None,
                  **fields)
    db.session.add(event)
    db.session.commit()
    return event


def add_signup(event: Event, user: User, status: str = "confirmed", at: datetime | None = None,
               present: bool | None = None) -> Signup:
    """A sign-up stored directly."""
    signup = Signup(event_id=event.id, user_id=user.id, status=status, created_at=at or utcnow(), present=present)
    db.session.add(signup)
    db.session.commit()
    return signup


# The board ---------------------------------------------------------------------------------------
ALL_COMMITMENTS = {"never_alone": True, "briefing": True, "contact_person": True, "evaluation": True,
                   "progression": True}


def make_organisation(employer: User | None = None, chapter: str = "gent", verified: bool = True, **fields):
    """An organisation created by `employer` (a new one if none), verified by a coordinator if asked."""
    employer = employer or make_user("employer", chapter)
    make_chapter(chapter)
    data = {"name": f"Organisation {next(_numbers)}", "sector": "healthcare", "chapter": chapter,
            "description": "We care.", "commitments": ALL_COMMITMENTS, **fields}
    organisation = board_services.create_organisation(employer, OrganisationIn.model_validate(data))
    if verified:
        board_services.verify_organisation(make_user("coordinator", chapter), organisation.id)
    return organisation


def make_opportunity(organisation, employer: User | None = None, **fields):
    """A published opportunity of `organisation`, posted by one of its members."""
    employer = employer or db.session.get(User, organisation.created_by_id)
    data = {"organisation_id": organisation.id, "title": f"Opportunity {next(_numbers)}",
            "description": "Help in our team.", "type": "volunteer_once", "sector": organisation.sector,
            "chapter": organisation.chapter_slug, "city": "Gent", **fields}
    return board_services.publish_opportunity(employer, OpportunityIn.model_validate(data))


# Buddies -----------------------------------------------------------------------------------------
def newcomer(chapter: str = "gent", **fields) -> User:
    """A newcomer with a profile that scores against `local()`."""
    defaults = dict(languages=[{"code": "ar", "level": "C2"}, {"code": "nl", "level": "A2"}], dutch_level="A2",
                    sectors=["healthcare"], availability=[{"day": "tue", "part": "evening"}],
                    wants=["buddy"], city="Gent", findable=True)
    return make_user("newcomer", chapter, **{**defaults, **fields})


def local(chapter: str = "gent", capacity: int = 1, kind: str = "buddy", enrol: bool = True, **fields) -> User:
    """A local (enrolled as buddy by default)."""
    defaults = dict(languages=[{"code": "nl", "level": "C2"}, {"code": "ar", "level": "B1"}],
                    sectors=["healthcare"], availability=[{"day": "tue", "part": "evening"}],
                    wants=["buddy"], city="Gent", findable=True)
    user = make_user("local", chapter, **{**defaults, **fields})
    if enrol:
        buddy_services.enroll(user, EnrollIn(kind=kind, capacity=capacity))
    return user


def enrol(user: User, kind: str = "buddy", capacity: int | None = None):
    """Enrol through the service."""
    return buddy_services.enroll(user, EnrollIn(kind=kind, capacity=capacity))[0]


def staff(role: str, chapter: str = "gent") -> User:
    """A coordinator of `chapter` or an admin."""
    return make_user(role, chapter if role == "coordinator" else None)


# Chat --------------------------------------------------------------------------------------------
def direct(a: User, b: User) -> Conversation:
    """The direct conversation of two members, through the service."""
    return chat_services.start_direct(a, b.id)[0]


def say(sender: User, conversation: Conversation, body: str = "Hallo", client_id: str | None = None) -> Message:
    """A message, through the service."""
    return chat_services.send_message(sender, conversation.id, body, client_id)[0]


# Coordination ------------------------------------------------------------------------------------
def make_placement(member: User, organisation, coordinator: User | None = None, **fields):
    """A placement through the service (by a coordinator of the member's chapter unless given)."""
    coordinator = coordinator or make_user("coordinator", member.chapter_slug)
    data = {"organisation_id": organisation.id, "kind": "long_term", "contact_name": "Sara Peeters",
            "starts_on": (utcnow() - timedelta(days=30)).date().isoformat(), **fields}
    return placements.create_placement(coordinator, member.id, PlacementIn.model_validate(data))


def log_days(actor: User, member: User, organisation, days: str = "1", on=None, **fields):
    """Volunteer days through the service."""
    data = {"user_id": member.id, "organisation_id": organisation.id, "days": days,
            "date": (on or utcnow().date() - timedelta(days=1)).isoformat(), **fields}
    return volunteering.log_days(actor, VolunteeringIn.model_validate(data))
