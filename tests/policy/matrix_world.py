"""The world the route matrix (test_route_matrix.py) runs in: one SQLite app, the seven roles, and for
every kind of object one that belongs to a role ("mine") and one that belongs to a stranger of the same
chapter ("theirs"), all made once with tests/factories.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from community.accounts.assisted import register_in_person
from community.accounts.models import ApiToken
from community.accounts.schemas import AssistedIn
from community.accounts.suspension import SuspensionReason, suspend
from community.board import applications
from community.board.schemas import RecruitmentIn
from community.buddies import services as buddy_services
from community.checks import services as check_services
from community.checks.models import CheckAssignment, ProposalCheck
from community.checks.schemas import ReviewIn
from community.coordination import attestations
from community.coordination.constants import ReportKind
from community.coordination.projects import add_project
from community.coordination.services import create_report
from community.events.ical import feed_for
from community.extensions import db
from community.guide import referrals as guide_referrals
from community.guide.schemas import ReferralIn
from community.notifications.constants import Kind
from community.notifications.services import notify
from community.notifications.tokens import make_token
from community.push.models import PushSubscription
from tests.checks.helpers import draft
from tests.factories import (
    add_member,
    add_signup,
    direct,
    local,
    log_days,
    make_comment,
    make_event,
    make_group,
    make_opportunity,
    make_organisation,
    make_placement,
    make_post,
    make_user,
    newcomer,
    say,
    token_for,
)
from tests.guide.helpers import make_entry

ANONYMOUS, NEWCOMER, LOCAL, EMPLOYER = "anonymous", "newcomer", "local", "employer"
COORDINATOR, OTHER_COORDINATOR, ADMIN = "coordinator", "other_coordinator", "admin"
ROLES = (ANONYMOUS, NEWCOMER, LOCAL, EMPLOYER, COORDINATOR, OTHER_COORDINATOR, ADMIN)


@dataclass
class Target:
    """URL values of an object of one kind: `mine` belongs to the roles in `owners`, `theirs` to a stranger."""

    theirs: dict[str, Any]
    mine: dict[str, Any] | None = None
    owners: frozenset[str] = frozenset()


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)  # role -> User (no anonymous)
    targets: dict[str, Target] = field(default_factory=dict)


def build_world() -> World:
    """Every object the matrix needs, in Gent (a coordinator of Leuven is the other chapter's staff)."""
    world = World()
    me = {
        NEWCOMER: newcomer(name="Amina"),
        LOCAL: local(name="Els"),
        EMPLOYER: make_user("employer", name="Sofie"),
        COORDINATOR: make_user("coordinator", name="Koen"),
        OTHER_COORDINATOR: make_user("coordinator", chapter="leuven", name="Lien"),
        ADMIN: make_user("admin", chapter=None, name="Ada"),
    }
    world.users = me
    stranger = newcomer(name="Yusuf")
    stranger_local = local(name="Jan")
    stranger_employer = make_user("employer", name="Pieter")
    t = world.targets

    t["peer"] = Target(theirs={"user_id": newcomer(name="Sara").id})  # nobody blocks her: chats start
    t["user"] = Target(theirs={"user_id": stranger.id}, mine={"user_id": me[NEWCOMER].id},
                       owners=frozenset({NEWCOMER}))
    # Groups: the local moderates "mine"; the stranger's local moderates "theirs". Members post in them.
    mine_group = make_group("Koffie Gent", created_by=me[LOCAL])
    theirs_group = make_group("Wandelen Gent", created_by=stranger_local)
    add_member(mine_group, me[LOCAL], role="moderator")
    add_member(mine_group, me[NEWCOMER])
    add_member(theirs_group, stranger_local, role="moderator")
    add_member(theirs_group, stranger)
    pending = make_user("newcomer", name="Pending")
    add_member(mine_group, pending, status="pending")
    add_member(theirs_group, pending, status="pending")
    t["group"] = Target(theirs={"group_id": theirs_group.id}, mine={"group_id": mine_group.id},
                        owners=frozenset({LOCAL}))
    t["leave_group"] = Target(theirs={"group_id": theirs_group.id})
    # A proposal each for approving and turning down, on the pages and over the API.
    for kind in ("proposal", "proposal_api", "proposal_to_reject", "proposal_to_reject_api"):
        t[kind] = Target(theirs={"group_id": make_group(f"Schaken {kind}", status="proposed", created_by=stranger).id})
    t["group_member"] = Target(theirs={"group_id": theirs_group.id, "user_id": pending.id},
                               mine={"group_id": mine_group.id, "user_id": pending.id}, owners=frozenset({LOCAL}))
    my_post, their_post = make_post(mine_group, me[NEWCOMER]), make_post(theirs_group, stranger)
    t["post"] = Target(theirs={"post_id": their_post.id}, mine={"post_id": my_post.id}, owners=frozenset({NEWCOMER}))
    my_comment, their_comment = make_comment(my_post, me[NEWCOMER]), make_comment(their_post, stranger)
    t["comment"] = Target(theirs={"comment_id": their_comment.id}, mine={"comment_id": my_comment.id},
                          owners=frozenset({NEWCOMER}))
    t["report_target"] = Target(theirs={"kind": "posts", "target_id": their_post.id})

    # Events, made by the chapter's coordinator; the stranger signed up.
    event = make_event(created_by=me[COORDINATOR])
    add_signup(event, stranger)
    add_signup(event, me[NEWCOMER])
    t["event"] = Target(theirs={"event_id": event.id})
    t["event_mark"] = Target(theirs={"event_id": event.id, "user_id": stranger.id, "mark": "present"})

    # The board: the employer's organisation and opportunity are "mine", another employer's "theirs".
    my_org, their_org = make_organisation(me[EMPLOYER]), make_organisation(stranger_employer)
    t["organisation"] = Target(theirs={"organisation_id": their_org.id}, mine={"organisation_id": my_org.id},
                               owners=frozenset({EMPLOYER}))
    my_opp, their_opp = make_opportunity(my_org), make_opportunity(their_org)
    t["opportunity"] = Target(theirs={"opportunity_id": their_opp.id}, mine={"opportunity_id": my_opp.id},
                              owners=frozenset({EMPLOYER}))
    my_application = applications.apply(me[NEWCOMER], my_opp.id, "Hello")
    their_application = applications.apply(stranger, their_opp.id, "Hello")
    # The employer decides on applications to her opportunity; the newcomer is the applicant.
    t["application"] = Target(theirs={"application_id": their_application.id},
                              mine={"application_id": my_application.id}, owners=frozenset({EMPLOYER}))
    my_request = applications.create_recruitment_request(
        me[EMPLOYER], RecruitmentIn(organisation_id=my_org.id, description="Two cooks", positions=2))
    their_request = applications.create_recruitment_request(
        stranger_employer, RecruitmentIn(organisation_id=their_org.id, description="A driver"))
    t["recruitment"] = Target(theirs={"request_id": their_request.id}, mine={"request_id": my_request.id},
                              owners=frozenset({EMPLOYER}))

    # Buddies: a proposed match of the newcomer and the local ("mine" for both), one of two strangers.
    my_match = buddy_services.propose_match(me[COORDINATOR], me[NEWCOMER].id, me[LOCAL].id)
    their_match = buddy_services.propose_match(me[COORDINATOR], stranger.id, stranger_local.id)
    t["match"] = Target(theirs={"match_id": their_match.id}, mine={"match_id": my_match.id},
                        owners=frozenset({NEWCOMER, LOCAL}))
    t["match_answer"] = Target(theirs={"match_id": their_match.id, "answer": "accept"},
                               mine={"match_id": my_match.id, "answer": "accept"}, owners=frozenset({NEWCOMER, LOCAL}))
    t["buddy_pair"] = Target(theirs={"newcomer_id": stranger.id, "local_id": stranger_local.id})
    t["local"] = Target(theirs={"local_id": stranger_local.id})
    t["enrolment"] = Target(theirs={"kind": "buddy", "action": "pause"})

    # Chat: the newcomer and the local talk; so do two strangers.
    mine_conversation, their_conversation = direct(me[NEWCOMER], me[LOCAL]), direct(stranger, stranger_local)
    say(me[NEWCOMER], mine_conversation)
    say(stranger, their_conversation)
    t["conversation"] = Target(theirs={"conversation_id": their_conversation.id},
                               mine={"conversation_id": mine_conversation.id}, owners=frozenset({NEWCOMER, LOCAL}))

    # Moderation: the stranger reported a post of the newcomer's group; the newcomer reported one too.
    their_report = create_report(stranger, ReportKind.POST, my_post.id, "Spam")
    my_report = create_report(me[NEWCOMER], ReportKind.POST, their_post.id, "Rude")
    t["report"] = Target(theirs={"report_id": their_report.id}, mine={"report_id": my_report.id},
                         owners=frozenset({NEWCOMER}))

    # Coordination: placements and volunteer days of the newcomer (at the employer's organisation).
    my_placement = make_placement(me[NEWCOMER], my_org, coordinator=me[COORDINATOR])
    their_placement = make_placement(stranger, their_org, coordinator=me[COORDINATOR])
    t["placement"] = Target(theirs={"placement_id": their_placement.id}, mine={"placement_id": my_placement.id},
                            owners=frozenset({NEWCOMER}))
    my_days = log_days(me[COORDINATOR], me[NEWCOMER], my_org, on=(event.starts_at - timedelta(days=10)).date())
    their_days = log_days(me[COORDINATOR], stranger, their_org, on=(event.starts_at - timedelta(days=10)).date())
    t["days"] = Target(theirs={"entry_id": their_days.id}, mine={"entry_id": my_days.id}, owners=frozenset({NEWCOMER}))
    t["member"] = Target(theirs={"user_id": stranger.id}, mine={"user_id": me[NEWCOMER].id},
                         owners=frozenset({NEWCOMER}))
    t["newcomer"] = Target(theirs={"newcomer_id": stranger.id})
    t["evaluation"] = Target(theirs={"kind": "placement", "ident": their_placement.id},
                             mine={"kind": "placement", "ident": my_placement.id}, owners=frozenset({NEWCOMER}))
    my_attestation, their_attestation = attestations.issue(me[NEWCOMER]), attestations.issue(stranger)
    t["attestation"] = Target(theirs={"code": their_attestation.code}, mine={"code": my_attestation.code},
                              owners=frozenset({NEWCOMER}))

    # Accounts: an API token of the newcomer besides the one she uses; her calendar feed.
    token_for(me[NEWCOMER])
    token_for(stranger)
    tokens = {token.user_id: token.id for token in db.session.scalars(db.select(ApiToken))}
    t["token"] = Target(theirs={"token_id": tokens[stranger.id]}, mine={"token_id": tokens[me[NEWCOMER].id]},
                        owners=frozenset({NEWCOMER}))
    t["calendar"] = Target(theirs={"token": feed_for(stranger).token}, mine={"token": feed_for(me[NEWCOMER]).token},
                           owners=frozenset({NEWCOMER}))

    # Projects: a project of Gent, for putting a member or an organisation in it (sent in the body).
    project = add_project("gent-werkt", "Gent werkt", "gent").slug
    t["member_project"] = Target(theirs={"user_id": stranger.id, "project": project},
                                 mine={"user_id": me[NEWCOMER].id, "project": project}, owners=frozenset({NEWCOMER}))
    t["organisation_project"] = Target(theirs={"organisation_id": their_org.id, "project": project},
                                       mine={"organisation_id": my_org.id, "project": project},
                                       owners=frozenset({EMPLOYER}))
    # Suspended members of Gent: one to reinstate on the page, one over the API.
    for kind in ("suspended", "suspended_api"):
        member = newcomer(name=f"Suspended {kind}")
        suspend(member, SuspensionReason.SPAM)
        t[kind] = Target(theirs={"user_id": member.id})

    # The guide: an entry of Gent; referrals of the stranger and of the newcomer to it.
    entry = make_entry(me[COORDINATOR])
    t["guide_entry"] = Target(theirs={"entry_id": entry.id})
    t["guide_translation"] = Target(theirs={"entry_id": entry.id, "locale": "fr", "name": "Cours de néerlandais"})
    t["new_guide_entry"] = Target(theirs={"chapter": "gent", "domain": entry.domain, "name": "Bibliotheek"})
    t["referral_member"] = Target(theirs={"user_id": stranger.id, "guide_entry_id": entry.id},
                                  mine={"user_id": me[NEWCOMER].id, "guide_entry_id": entry.id},
                                  owners=frozenset({NEWCOMER}))
    referral = {who.id: guide_referrals.create_referral(me[COORDINATOR], who.id, ReferralIn(guide_entry_id=entry.id))
                for who in (stranger, me[NEWCOMER])}
    t["referral"] = Target(theirs={"referral_id": referral[stranger.id].id},
                           mine={"referral_id": referral[me[NEWCOMER].id].id}, owners=frozenset({NEWCOMER}))

    # Notifications of the newcomer ("mine") and of the stranger; the stranger's unsubscribe link.
    told = {who.id: notify(who, Kind.MATCH_ACCEPTED, {"name": "Els"}, "/buddies") for who in (stranger, me[NEWCOMER])}
    t["notification"] = Target(theirs={"notification_id": told[stranger.id].id},
                               mine={"notification_id": told[me[NEWCOMER].id].id}, owners=frozenset({NEWCOMER}))
    t["notification_ids"] = Target(theirs={"ids": [told[stranger.id].id]}, mine={"ids": [told[me[NEWCOMER].id].id]},
                                   owners=frozenset({NEWCOMER}))
    t["unsubscribe"] = Target(theirs={"token": make_token(stranger.id, Kind.MATCH_ACCEPTED)})

    # Push: a browser of the newcomer and one of the stranger (their endpoints are sent in the body).
    for who in (stranger, me[NEWCOMER]):
        db.session.add(PushSubscription(user_id=who.id, endpoint=f"https://push.example.org/{who.id}",
                                        p256dh="key", auth="secret"))
    t["push_subscription"] = Target(theirs={"endpoint": f"https://push.example.org/{stranger.id}"},
                                    mine={"endpoint": f"https://push.example.org/{me[NEWCOMER].id}"},
                                    owners=frozenset({NEWCOMER}))

    # Two-factor: a local who turned it on (whose factor an admin may reset); a wrong code to send.
    t["two_factor_member"] = Target(theirs={"user_id": local(name="Tina", two_factor=True).id},
                                    mine={"user_id": me[NEWCOMER].id}, owners=frozenset({NEWCOMER}))
    t["wrong_code"] = Target(theirs={"off-code": "000000"})

    # Access without e-mail: a newcomer of Gent registered in person, with her card's code (the API's card.pdf
    # takes it as ?code=; the pages ignore it). Registering another one over the API sends `assisted`.
    assisted, issued = register_in_person(me[COORDINATOR], AssistedIn(name="Yonas", locale="ti", chapter="gent"))
    t["card_member"] = Target(theirs={"user_id": assisted.id, "code": issued.code})
    t["assisted"] = Target(theirs={"name": "Hiwet", "locale": "ti", "chapter": "gent"})
    # Group places: members of Gent a coordinator signs up for the event (sent in the body).
    t["group_places"] = Target(theirs={"event_id": event.id, "user_ids": [stranger_local.id]})
    # Group places at a one-off job of another employer's organisation: the stranger, a newcomer of Gent.
    t["opportunity_group"] = Target(theirs={"opportunity_id": make_opportunity(their_org).id,
                                            "user_ids": [stranger.id]})

    # The community check: drafts of the employer's organisation ("mine") and of another; a check of each
    # with the newcomer (mine) or the stranger (theirs) asked to review; one review on each already.
    my_draft, their_draft = draft(my_org, me[EMPLOYER]), draft(their_org, stranger_employer)
    t["draft"] = Target(theirs={"opportunity_id": their_draft.id}, mine={"opportunity_id": my_draft.id},
                        owners=frozenset({EMPLOYER}))
    for kind in ("draft_to_publish", "draft_to_publish_api"):
        t[kind] = Target(theirs={"opportunity_id": draft(their_org, stranger_employer).id},
                         mine={"opportunity_id": draft(my_org, me[EMPLOYER]).id}, owners=frozenset({EMPLOYER}))
    reviewed, late = newcomer(name="Reza"), newcomer(name="Hana")
    checks = {}
    for opp, reviewer in ((my_draft, me[NEWCOMER]), (their_draft, stranger)):
        check = ProposalCheck(opportunity_id=opp.id, chapter_id=opp.chapter_id or opp.organisation.chapter_id,
                              reviewers_wanted=3, asked_by_id=me[COORDINATOR].id)
        check.assignments = [CheckAssignment(reviewer_id=who.id) for who in (reviewer, reviewed, late)]
        db.session.add(check)
        db.session.commit()
        checks[opp.id] = check
    my_check, their_check = checks[my_draft.id], checks[their_draft.id]
    t["check"] = Target(theirs={"check_id": their_check.id}, mine={"check_id": my_check.id},
                        owners=frozenset({NEWCOMER, EMPLOYER}))
    for kind, score in (("review_check", "4"), ("review_check_api", 4)):
        review = {"clarity": score, "fairness": score, "suggestions": ""}  # a browser sends the empty text area
        t[kind] = Target(theirs={"check_id": their_check.id, **review}, mine={"check_id": my_check.id, **review},
                         owners=frozenset({NEWCOMER}))
    my_review, their_review = (check_services.submit_review(reviewed, check.id, ReviewIn(clarity=4, fairness=3))
                               for check in (my_check, their_check))
    t["check_review"] = Target(theirs={"review_id": their_review.id}, mine={"review_id": my_review.id},
                               owners=frozenset({EMPLOYER}))
    t["assignment"] = Target(theirs={"assignment_id": next(a.id for a in their_check.assignments
                                                           if a.reviewer_id == late.id)})
    db.session.commit()
    return world
