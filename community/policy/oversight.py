"""Oversight: the coordinators' workplace, the moderation queue, suspensions, key figures and projects."""
from __future__ import annotations

from typing import Any, Callable

from community.accounts.constants import Role
from community.policy.base import STAFF_ROLES, _signed_in, is_admin


def _is_staff(user: Any) -> bool:
    return _signed_in(user) and user.role in STAFF_ROLES


def _handles_report(user: Any, report: Any) -> bool:
    # A report without a chapter (a conversation between members of no chapter) is the admins' to handle.
    if report is None or not _signed_in(user):
        return False
    return is_admin(user) or (user.role == Role.COORDINATOR and report.chapter_id is not None
                              and report.chapter_id == user.chapter_id)


def _may_suspend(user: Any, member: Any) -> bool:
    # Nobody suspends themselves; only an admin suspends a coordinator; nobody suspends an admin.
    if member is None or not _is_staff(user) or member.id == user.id or member.role == Role.ADMIN:
        return False
    return is_admin(user) or member.role not in STAFF_ROLES


def _may_reinstate(user: Any, member: Any) -> bool:
    # Those who may suspend a member may lift it: a coordinator only in their own chapter.
    return _may_suspend(user, member) and (is_admin(user) or member.chapter_id == user.chapter_id)


def _assigns_projects(user: Any, chapter_id: int | None) -> bool:
    # A chapter's coordinators (and admins) put its members and organisations in projects; those of no
    # chapter are the admins'.
    return is_admin(user) or (_signed_in(user) and user.role == Role.COORDINATOR
                              and chapter_id is not None and chapter_id == user.chapter_id)


def _sees_figures(user: Any, chapter_id: int | None = None) -> bool:
    # Without a chapter: may see key figures at all (a coordinator then sees their own chapter's).
    if is_admin(user):
        return True
    return (_signed_in(user) and user.role == Role.COORDINATOR
            and (chapter_id is None or chapter_id == user.chapter_id))


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # The home page (target: nothing): staff see their workplace instead of the member's checklist.
    "workplace.view": lambda user, _target=None: _is_staff(user),
    "home.checklist": lambda user, _target=None: _signed_in(user) and user.role not in STAFF_ROLES,
    # Moderation (target: a Report; `reports.moderate` in people.py opens the queue at all)
    "moderation.handle": _handles_report,
    "moderation.my_reports": lambda user, _target=None: _signed_in(user),
    "member.suspend": _may_suspend,  # target: the member to suspend
    "member.reinstate": _may_reinstate,  # target: the suspended member
    # Key figures (target: a chapter id, or nothing)
    "figures.view": _sees_figures,
    "figures.all": lambda user, _target=None: is_admin(user),
    # Projects (target: nothing)
    "projects.manage": lambda user, _target=None: is_admin(user),
    # Putting a member or an organisation in a project (target: their chapter id)
    "projects.assign": _assigns_projects,
}
