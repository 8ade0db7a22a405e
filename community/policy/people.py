"""Profiles, contact details, safety and the account. Everyone signed in sees a public profile; email and
phone only the member, the chapter's staff and organisations the member applied to; residence status
and intake status only the member and the chapter's staff; intake notes only the chapter's staff, never
the member themselves (not even a coordinator on their own profile: they read them in their export)."""
from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa

from community.accounts.constants import Role
from community.board.models import Application, OrganisationMember
from community.extensions import db
from community.policy.base import STAFF_ROLES, _is_self, _self_or_staff, _signed_in, is_admin, is_staff_of_chapter
from community.policy.board import member_organisation_ids


def _applied_to_organisation_of(user: Any, member_ids: list[int]) -> set[int]:
    # One indexed query: members among `member_ids` who applied to an organisation `user` acts for.
    if not member_ids:
        return set()
    mine = sa.select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id)
    stmt = (sa.select(Application.user_id).distinct()
            .where(Application.user_id.in_(member_ids), Application.organisation_id.in_(mine)))
    return set(db.session.scalars(stmt))


def contact_visible_ids(user: Any, members: list[Any]) -> set[int]:
    """Of `members`, those whose email and phone `user` may see (one query for a whole list)."""
    if not _signed_in(user):
        return set()
    visible = {m.id for m in members if _self_or_staff(user, m)}
    rest = [m.id for m in members if m.id not in visible]
    if rest and member_organisation_ids(user):
        visible |= _applied_to_organisation_of(user, rest)
    return visible


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Profiles (target: a User)
    "profile.view": lambda user, member: _signed_in(user) and member is not None
    and (not member.suspended or is_staff_of_chapter(user, member.chapter_id)),
    "profile.edit": _is_self,
    # A coordinator's chapter decides what they may see: only an admin moves them (with the CLI).
    "profile.change_chapter": lambda user, member: _is_self(user, member) and user.role not in STAFF_ROLES,
    # The profile shows contact details to the member and their chapter's staff only (API.md: "never
    # email … to other members"); an organisation sees an applicant's email on the application itself.
    "profile.view_contact": _self_or_staff,
    "profile.view_residence": _self_or_staff,
    "profile.view_intake_status": _self_or_staff,
    "profile.view_intake_notes": lambda user, member: member is not None and not _is_self(user, member)
    and is_staff_of_chapter(user, member.chapter_id),
    # Safety (target: a User, or nothing)
    "user.block": lambda user, member: _signed_in(user) and member is not None and user.id != member.id,
    "report.create": lambda user, _target=None: _signed_in(user),
    "reports.moderate": lambda user, chapter_id=None: is_admin(user)
    or (_signed_in(user) and user.role == Role.COORDINATOR
        and (chapter_id is None or user.chapter_id == chapter_id)),
    # Account (target: nothing)
    "account.export": lambda user, _target=None: _signed_in(user),
    "account.delete": lambda user, _target=None: _signed_in(user),
    # Staff see residence status and intake notes: for them a second factor is not optional.
    "account.two_factor_optional": lambda user, _target=None: _signed_in(user) and user.role not in STAFF_ROLES,
    # A lost second factor (target: a User): an admin clears it, never their own.
    "account.reset_two_factor": lambda user, member: is_admin(user) and member is not None and member.id != user.id,
    # Chapters (target: a chapter id)
    "chapter.staff": is_staff_of_chapter,
    "chapters.all": lambda user, _target=None: is_admin(user),
}
