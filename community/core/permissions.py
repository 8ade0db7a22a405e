"""The one policy: who may see or do what. Views, API routes, sockets and templates all ask here.

DESIGN.md's table, as rules. Each rule takes the acting member and the target and answers yes or no.
Visitors (AnonymousUser) are refused everything by their own `can`.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import g

from community.core.errors import Forbidden, NotFound, Unauthorized

SELF_SERVICE_ROLES = frozenset({"newcomer", "local", "employer"})
STAFF_ROLES = frozenset({"coordinator", "admin"})


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user: Any) -> bool:
    """An administrator of the whole platform."""
    return _signed_in(user) and user.role == "admin"


def is_staff_of_chapter(user: Any, chapter_id: int | None) -> bool:
    """An admin, or a coordinator of this chapter."""
    if not _signed_in(user):
        return False
    if user.role == "admin":
        return True
    return user.role == "coordinator" and chapter_id is not None and user.chapter_id == chapter_id


def _is_self(user: Any, member: Any) -> bool:
    return _signed_in(user) and member is not None and user.id == member.id


def _self_or_staff(user: Any, member: Any) -> bool:
    return _is_self(user, member) or is_staff_of_chapter(user, member.chapter_id)


def member_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations this member acts for (cached for the request; services that change
    memberships call `forget_memberships`)."""
    if not _signed_in(user):
        return frozenset()
    cache = g.setdefault("_organisation_ids", {})
    if user.id not in cache:
        import sqlalchemy as sa

        from community.board.models import OrganisationMember
        from community.extensions import db

        rows = db.session.scalars(sa.select(OrganisationMember.organisation_id)
                                  .where(OrganisationMember.user_id == user.id))
        cache[user.id] = frozenset(rows)
    return cache[user.id]


def forget_memberships() -> None:
    """Drop the cached organisation memberships (after a membership changed)."""
    g.pop("_organisation_ids", None)


def _applied_to_organisation_of(user: Any, member_ids: list[int]) -> set[int]:
    # One indexed query: members among `member_ids` who applied to an organisation `user` acts for.
    import sqlalchemy as sa

    from community.board.models import Application, OrganisationMember
    from community.extensions import db

    if not member_ids:
        return set()
    mine = sa.select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id)
    stmt = (sa.select(Application.user_id).distinct()
            .where(Application.user_id.in_(member_ids), Application.organisation_id.in_(mine)))
    return set(db.session.scalars(stmt))


def _sees_contact(user: Any, member: Any) -> bool:
    # Employers see a member's contact details only once that member applied to their organisation.
    if member is None or not _signed_in(user):
        return False
    if _self_or_staff(user, member):
        return True
    return bool(member_organisation_ids(user)) and member.id in _applied_to_organisation_of(user, [member.id])


def contact_visible_ids(user: Any, members: list[Any]) -> set[int]:
    """Of `members`, those whose email and phone `user` may see (one query for a whole list)."""
    if not _signed_in(user):
        return set()
    visible = {m.id for m in members if _self_or_staff(user, m)}
    rest = [m.id for m in members if m.id not in visible]
    if rest and member_organisation_ids(user):
        visible |= _applied_to_organisation_of(user, rest)
    return visible


def _acts_for(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in member_organisation_ids(user)


def _org_chapter(target: Any) -> int | None:
    # An opportunity counts in its own chapter, else its organisation's.
    chapter_id = getattr(target, "chapter_id", None)
    if chapter_id is None and getattr(target, "organisation", None) is not None:
        chapter_id = target.organisation.chapter_id
    return chapter_id


def _manages_opportunity(user: Any, opportunity: Any) -> bool:
    return opportunity is not None and (
        _acts_for(user, opportunity.organisation_id)
        or is_staff_of_chapter(user, _org_chapter(opportunity))
        or is_staff_of_chapter(user, opportunity.organisation.chapter_id))


def _views_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and (
        organisation.status == "verified" or _acts_for(user, organisation.id)
        or is_staff_of_chapter(user, organisation.chapter_id))


def _manages_request(user: Any, request: Any) -> bool:
    return request is not None and (_acts_for(user, request.organisation_id)
                                    or is_staff_of_chapter(user, request.organisation.chapter_id))


def _is_coordinator(user: Any) -> bool:
    return _signed_in(user) and user.role == "coordinator"


def _group_staff(user: Any, group: Any) -> bool:
    """Admins, and coordinators of the group's chapter (of any chapter for a group without one)."""
    if is_admin(user):
        return True
    return _is_coordinator(user) and (group.chapter_id is None or group.chapter_id == user.chapter_id)


def _membership(user: Any, group: Any) -> Any:
    from community.groups.membership import membership_of  # the groups feature knows its table

    return membership_of(user, group)


def _group_member(user: Any, group: Any) -> bool:
    membership = _membership(user, group)
    return membership is not None and membership.status == "member"


def _group_moderator(user: Any, group: Any) -> bool:
    membership = _membership(user, group)
    return membership is not None and membership.status == "member" and membership.role == "moderator"


def _group_visible(user: Any, group: Any) -> bool:
    # Active groups are public to members; a proposal only to its author and the approvers.
    if group is None:
        return False
    if group.status == "active":
        return True
    return group.created_by_id == user.id or _group_staff(user, group)


def _group_content(user: Any, group: Any) -> bool:
    if group is None or group.status != "active":
        return False
    return group.visibility == "open" or _group_member(user, group) or _group_staff(user, group)


def _group_moderates(user: Any, group: Any) -> bool:
    return group is not None and (_group_staff(user, group) or _group_moderator(user, group))


def _owns(user: Any, thing: Any) -> bool:
    return thing is not None and thing.author_id is not None and thing.author_id == user.id
# Buddies: newcomers look for a buddy or coffee, locals offer it. Services filter candidates with these.
BUDDY_SEEKER_ROLES = frozenset({"newcomer"})
BUDDY_OFFER_ROLES = frozenset({"local"})


def buddy_side(member: Any) -> str | None:
    """"newcomer" for members who look for a buddy, "local" for those who offer one, else None."""
    role = getattr(member, "role", None)
    return "newcomer" if role in BUDDY_SEEKER_ROLES else "local" if role in BUDDY_OFFER_ROLES else None


def _in_match(user: Any, match: Any) -> bool:
    return _signed_in(user) and match is not None and user.id in (match.newcomer_id, match.local_id)


def _may_propose(user: Any, pair: Any) -> bool:
    # A coordinator of the newcomer's chapter proposes any pair; a newcomer asks for themselves only.
    newcomer, _local = pair
    return is_staff_of_chapter(user, newcomer.chapter_id) or (
        buddy_side(user) == "newcomer" and user.id == newcomer.id)


def _chat_participant(user: Any, conversation: Any) -> bool:
    # Only the people in a conversation read it; staff see a message only once it is reported.
    if conversation is None:
        return False
    if conversation.kind == "direct":
        return user.id in (conversation.user_a_id, conversation.user_b_id)
    group = conversation.group
    return group is not None and group.status == "active" and _group_member(user, group)


def _chat_sends(user: Any, conversation: Any) -> bool:
    if not _chat_participant(user, conversation):
        return False
    if conversation.kind == "direct":
        other = conversation.other(user.id)
        return other is not None and not other.suspended  # nobody to talk to with a former member
    return True



def _is_verified_organisation_member(user: Any, organisation_id: int | None) -> bool:
    """A member of this organisation, once a coordinator verified it."""
    if not _acts_for(user, organisation_id):
        return False
    from community.board.models import Organisation
    from community.extensions import db

    organisation = db.session.get(Organisation, organisation_id)
    return organisation is not None and organisation.status == "verified"


def _moderates_some_group(user: Any) -> bool:
    from community.groups.membership import moderates_any  # the groups feature knows its table

    return moderates_any(user)


def _event_organiser(user: Any, event: Any) -> bool:
    """Coordinators of the event's chapter, admins, moderators of its group, its verified organisation."""
    if event is None:
        return False
    if is_staff_of_chapter(user, event.chapter_id):
        return True
    if event.group is not None and _group_moderator(user, event.group):
        return True
    return event.organisation_id is not None and _is_verified_organisation_member(user, event.organisation_id)


def _may_create_event(user: Any, event: Any = None) -> bool:
    # Without a draft: may this member organise events at all (to show the "New event" button)?
    if event is None:
        return (is_admin(user) or _is_coordinator(user) or _moderates_some_group(user)
                or any(_is_verified_organisation_member(user, o) for o in member_organisation_ids(user)))
    return _event_organiser(user, event)


def _event_visible(user: Any, event: Any) -> bool:
    # A closed group's events are its own: members, the group's staff and the organisers see them.
    if event is None:
        return False
    group = event.group
    if group is None or group.visibility == "open":
        return True
    return _group_member(user, group) or _group_staff(user, group) or _event_organiser(user, event)



RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Profiles (target: a User)
    "profile.view": lambda user, member: _signed_in(user) and member is not None
    and (not member.suspended or is_staff_of_chapter(user, member.chapter_id)),
    "profile.edit": _is_self,
    # A coordinator's chapter decides what they may see: only an admin moves them (with the CLI).
    "profile.change_chapter": lambda user, member: _is_self(user, member) and user.role not in STAFF_ROLES,
    "profile.view_contact": _sees_contact,
    "profile.view_residence": _self_or_staff,
    "profile.view_intake_status": _self_or_staff,
    "profile.view_intake_notes": lambda user, member: is_staff_of_chapter(user, member.chapter_id),
    # Safety (target: a User, or nothing)
    "user.block": lambda user, member: _signed_in(user) and member is not None and user.id != member.id,
    "report.create": lambda user, _target=None: _signed_in(user),
    "reports.moderate": lambda user, chapter_id=None: is_admin(user)
    or (_signed_in(user) and user.role == "coordinator"
        and (chapter_id is None or user.chapter_id == chapter_id)),
    # Account (target: nothing)
    "account.export": lambda user, _target=None: _signed_in(user),
    "account.delete": lambda user, _target=None: _signed_in(user),
    # Groups (target: a Group, or a chapter id for creation)
    "groups.create": lambda user, chapter_id=None: is_admin(user)
    or (_is_coordinator(user) and (chapter_id is None or chapter_id == user.chapter_id)),
    "groups.propose": lambda user, _target=None: _signed_in(user),
    "groups.approve_proposal": lambda user, group: group is not None and group.status == "proposed"
    and _group_staff(user, group),
    "groups.view": _group_visible,
    "groups.view_content": _group_content,
    "groups.join": lambda user, group: group is not None and group.status == "active",
    "groups.post": lambda user, group: group is not None and group.status == "active" and _group_member(user, group),
    "groups.moderate": _group_moderates,
    "groups.approve_member": _group_moderates,
    "groups.appoint_moderator": lambda user, group: group is not None and _group_staff(user, group),
    # Posts and comments (target: a Post or a Comment)
    "posts.edit": lambda user, post: _owns(user, post) and not post.removed,
    "posts.remove": lambda user, post: post is not None and (_owns(user, post) or _group_moderates(user, post.group)),
    "comments.remove": lambda user, comment: comment is not None
    and (_owns(user, comment) or _group_moderates(user, comment.post.group)),
    # Buddies and coffee meetings
    "buddies.enroll": lambda user, _target=None: buddy_side(user) is not None,
    "buddies.seek": lambda user, _target=None: buddy_side(user) == "newcomer",
    "buddies.offer": lambda user, _target=None: buddy_side(user) == "local",
    "buddies.view_suggestions_for": lambda user, member: member is not None and (
        (_is_self(user, member) and buddy_side(member) is not None)
        or (buddy_side(member) is not None and is_staff_of_chapter(user, member.chapter_id))),
    # Only findable members appear in other members' suggestions; coordinators see their whole chapter.
    "buddies.see_candidate": lambda user, member: member is not None and (
        member.findable or is_staff_of_chapter(user, member.chapter_id)),
    "buddies.propose": _may_propose,  # target: (newcomer, local)
    "buddies.respond": _in_match,  # target: a Match
    "buddies.checkin": _in_match,
    "buddies.end": _in_match,
    "buddies.view_match": lambda user, match: match is not None and (
        _in_match(user, match) or is_staff_of_chapter(user, match.chapter_id)),
    "buddies.automatch": is_staff_of_chapter,  # target: a chapter id
    "buddies.coordinate": lambda user, chapter_id=None: is_admin(user) or (
        _signed_in(user) and user.role == "coordinator" and (chapter_id is None or user.chapter_id == chapter_id)),
    # The board (targets: an Organisation, Opportunity, Application or RecruitmentRequest)
    "organisations.create": lambda user, _target=None: user.role == "employer",
    "organisations.view": _views_organisation,
    "organisations.manage": lambda user, org: org is not None and _acts_for(user, org.id),
    "organisations.verify": lambda user, org: org is not None and is_staff_of_chapter(user, org.chapter_id),
    "organisations.review": lambda user, _target=None: user.role in STAFF_ROLES,
    "opportunities.publish": lambda user, org: org is not None and org.status == "verified"
    and _acts_for(user, org.id),
    # Closed opportunities stay readable (marked closed): applicants follow up on them.
    "opportunities.view": lambda user, opp: opp is not None,
    "opportunities.edit": _manages_opportunity,
    "opportunities.close": _manages_opportunity,
    # Newcomers apply: the board turns their waiting time into experience (locals volunteer elsewhere).
    "applications.apply": lambda user, _opp=None: user.role == "newcomer",
    "applications.mine": lambda user, _target=None: user.role == "newcomer",
    "applications.view": _manages_opportunity,
    "applications.update": lambda user, application: application is not None
    and _manages_opportunity(user, application.opportunity),
    "recommendations.view": lambda user, _target=None: user.role == "newcomer",
    "recruitment.create": lambda user, org: org is not None and _acts_for(user, org.id),
    "recruitment.view": _manages_request,
    "recruitment.queue": lambda user, _target=None: user.role in STAFF_ROLES,
    "recruitment.shortlist": lambda user, request: request is not None
    and is_staff_of_chapter(user, request.organisation.chapter_id),
    # Chat (target: a Conversation; a User for start_direct; a Report for view_reported)
    "chat.view": _chat_participant,
    "chat.send": _chat_sends,
    "chat.start_direct": lambda user, member: member is not None and member.id != user.id
    and not member.suspended,
    "chat.view_reported": lambda user, report: report is not None and report.target_type == "message"
    and (is_admin(user) or (_is_coordinator(user) and report.chapter_id == user.chapter_id)),
    # Events (target: an Event; for creation a draft Event or nothing)
    "events.create": _may_create_event,
    "events.manage": _event_organiser,
    "events.view": _event_visible,
    "events.view_every_closed": lambda user, _target=None: is_admin(user),
    "events.signup": _event_visible,  # the event's state (cancelled, over) is the service's 409
    "events.view_attendees": _event_organiser,
    "events.mark_attendance": _event_organiser,
    # Chapters (target: a chapter id)
    "chapter.staff": is_staff_of_chapter,
    "chapters.all": lambda user, _target=None: is_admin(user),
}


def can(user: Any, action: str, target: Any = None) -> bool:
    """True when `user` may perform `action` on `target`. Unknown actions are refused."""
    rule = RULES.get(action)
    if rule is None or not _signed_in(user):
        return False
    return bool(rule(user, target))


def require(user: Any, action: str, target: Any = None, hide: bool = False) -> None:
    """Raise unless allowed: 401 for visitors, else 403 (or 404 when `hide`, to not reveal existence)."""
    if can(user, action, target):
        return
    if not _signed_in(user):
        raise Unauthorized()
    raise NotFound() if hide else Forbidden()


def may_self_register(role: str) -> bool:
    """Only newcomers, locals and employers sign themselves up; staff are made with the CLI."""
    return role in SELF_SERVICE_ROLES
