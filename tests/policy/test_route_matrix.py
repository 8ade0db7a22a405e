"""The authorisation matrix, generated from the route map: every route (pages and API, every method) is
called by every role (a visitor, a newcomer, a local, an employer, the chapter's coordinator, another
chapter's coordinator, an admin), on an object that belongs to someone else and, where the route has an
owner, on the caller's own. ACCESS below says who may; a route missing from it fails the test.

A refused caller gets 401, 403 or 404 (a visitor on a page may be sent to the login page instead), never a
success and never a server error; an allowed caller never gets 401 or 403 (a 404, 409 or 422 is the
route's own business: the objects are shared and reused, and write bodies are left empty). For each
route the refused callers go first, so that an allowed caller's change cannot hide a refusal.

One SQLite app and one world for the whole module: the rules themselves are tested on both databases in
the other tests of tests/policy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

from community import create_app
from community.extensions import db, socketio
from tests.conftest import FreshContextClient, _migrate
from tests.factories import csrf_token, login, login_with_csrf, make_user, token_for
from tests.policy.matrix_world import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR,
    EMPLOYER,
    LOCAL,
    NEWCOMER,
    OTHER_COORDINATOR,
    ROLES,
    World,
    build_world,
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
STAFF = frozenset({COORDINATOR, ADMIN})  # the object's chapter is Gent: the coordinator of Leuven is not staff
ADMIN_ONLY = frozenset({ADMIN})
OWNER = "owner"  # the role(s) the object belongs to, on their own object
NOBODY: frozenset[str] = frozenset()
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
IGNORED_ENDPOINTS = {"static"}


@dataclass(frozen=True)
class Access:
    """Who may call a route, on which kind of object (its URL values come from the world)."""

    who: frozenset[str]
    target: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    ends_session: bool = False  # logs the caller out or ends the account: sent as a fresh member of the role
    lenient: str | None = None  # why a refused caller may meet another refusal than 401/403/404
    body: tuple[str, ...] = ()  # the target's values sent as the body (JSON, or a page's form) instead of the URL


def allow(*who: str | frozenset[str], target: str | None = None, ends_session: bool = False,
          lenient: str | None = None, body: tuple[str, ...] = (), **values: Any) -> Access:
    roles: set[str] = set()
    for item in who:
        roles |= set(item) if isinstance(item, frozenset) else {item}
    return Access(frozenset(roles), target, values, ends_session, lenient, body)


# Endpoint -> who may. Add every new route here: everyone (EVERYONE), signed in (SIGNED_IN), the owner of the
# object (OWNER), the chapter's staff (STAFF), admins (ADMIN_ONLY), or named roles. `target` names the kind of
# object of tests/policy/matrix_world.py whose ids fill the URL (and, named in `body`, the body: a route that
# takes what it acts on from the body). `lenient` says why a refused caller may get
# another 4xx than 401/403/404 (or, on a page, a redirect without a success message): the route checks what
# was sent or the object's state before who asks, or refuses by changing nothing. Never a success.
BODY_FIRST = "checks the form or body before who asks"
STATE_FIRST = "checks the object's state before who asks"
NO_OP = "refuses by changing nothing"
PASSWORD_FIRST = "is only for who just gave a right password (none of the callers): sends others to log in"
ACCESS: dict[str, Access] = {
    # Accounts.
    "accounts.block": allow(SIGNED_IN, target="user"),
    "accounts.delete_account": allow(SIGNED_IN, ends_session=True),
    "accounts.edit_profile": allow(SIGNED_IN),
    "accounts.export": allow(SIGNED_IN),
    "accounts.login": allow(EVERYONE),
    "accounts.logout": allow(EVERYONE, ends_session=True),
    "accounts.logout_everywhere": allow(SIGNED_IN, ends_session=True),
    "accounts.profile": allow(SIGNED_IN, target="user"),
    "accounts.register": allow(EVERYONE),
    "accounts.report": allow(SIGNED_IN, target="user"),
    "accounts.revoke_token": allow(OWNER, target="token", lenient=NO_OP),
    "accounts.settings": allow(SIGNED_IN),
    "accounts.switch_language": allow(EVERYONE),
    "accounts_api.block_user": allow(SIGNED_IN, target="user"),
    "accounts_api.delete_me": allow(SIGNED_IN, ends_session=True),
    "accounts_api.export_me": allow(SIGNED_IN),
    "accounts_api.me": allow(SIGNED_IN),
    "accounts_api.register": allow(EVERYONE),
    "accounts_api.revoke_token": allow(SIGNED_IN, ends_session=True),
    "accounts_api.token": allow(EVERYONE),
    "accounts_api.unblock_user": allow(SIGNED_IN, target="user"),
    "accounts_api.update_me": allow(SIGNED_IN),
    "accounts_api.user_profile": allow(SIGNED_IN, target="user"),
    # Access without e-mail: sign-in cards (anyone signs in with a code; a member without a password or an
    # address adds one) and registration in person with the card, by the chapter's staff.
    "accounts_cards_api.add_email": allow(SIGNED_IN),
    "accounts_cards_api.card_pdf": allow(STAFF, target="card_member"),
    "accounts_cards_api.first_password": allow(SIGNED_IN),
    "accounts_cards_api.register_assisted": allow(STAFF, target="assisted", body=("name", "locale", "chapter")),
    "accounts_cards_api.reissue_card": allow(STAFF, target="card_member"),
    "accounts_cards_api.sign_in_with_card": allow(EVERYONE),
    "cards.add_email": allow(SIGNED_IN),
    "cards.card": allow(STAFF, target="card_member"),
    "cards.card_pdf": allow(STAFF, target="card_member"),
    "cards.first_password": allow(SIGNED_IN),
    "cards.locked": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "cards.register": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),  # the chapter is chosen in the form
    "cards.reissue": allow(STAFF, target="card_member"),
    "cards.sign_in": allow(EVERYONE),
    # The board.
    "board.apply": allow(NEWCOMER, target="opportunity"),
    "board.for_you": allow(NEWCOMER),
    "board.index": allow(SIGNED_IN),
    "board.my_applications": allow(SIGNED_IN),
    "board.opportunity": allow(SIGNED_IN, target="opportunity"),
    "board_api.applications": allow(OWNER, STAFF, target="opportunity"),
    "board_api.apply": allow(NEWCOMER, target="opportunity"),
    "board_api.close": allow(OWNER, STAFF, target="opportunity"),
    "board_api.create_organisation": allow(EMPLOYER),
    "board_api.create_request": allow(EMPLOYER),
    "board_api.edit": allow(OWNER, STAFF, target="opportunity"),
    "board_api.get_request": allow(OWNER, STAFF, target="recruitment"),
    "board_api.list_requests": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "board_api.my_applications": allow(SIGNED_IN),
    "board_api.opportunities": allow(SIGNED_IN),
    "board_api.opportunity": allow(SIGNED_IN, target="opportunity"),
    "board_api.organisation": allow(SIGNED_IN, target="organisation"),
    "board_api.publish": allow(EMPLOYER, STAFF),
    "board_api.recommended": allow(NEWCOMER),
    "board_api.shortlist": allow(STAFF, target="recruitment"),
    "board_api.update_application": allow(OWNER, STAFF, target="application"),
    "board_api.verify_organisation": allow(STAFF, target="organisation"),
    "board_manage.applicants": allow(OWNER, STAFF, target="opportunity"),
    # Group places at a one-off job: the chapter's staff place newcomers of Gent (sent in the body).
    "board_api.place_group": allow(STAFF, target="opportunity_group", body=("user_ids",)),
    "board_group.choose": allow(STAFF, target="opportunity"),
    "board_group.place": allow(STAFF, target="opportunity_group", body=("user_ids",)),
    "board_manage.application_status": allow(OWNER, STAFF, target="application", lenient=BODY_FIRST),
    "board_manage.ask_recruitment": allow(OWNER, target="organisation", lenient=BODY_FIRST),
    "board_manage.close_opportunity": allow(OWNER, STAFF, target="opportunity"),
    "board_manage.dashboard": allow(SIGNED_IN),
    "board_manage.edit_opportunity": allow(OWNER, STAFF, target="opportunity"),
    "board_manage.new_opportunity": allow(OWNER, target="organisation"),
    "board_manage.new_organisation": allow(EMPLOYER),
    "board_manage.organisation": allow(SIGNED_IN, target="organisation"),
    "board_manage.recruitment_queue": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "board_manage.recruitment_request": allow(STAFF, target="recruitment"),
    "board_manage.to_verify": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "board_manage.verify": allow(STAFF, target="organisation"),
    # Buddies.
    "buddies.ask": allow(NEWCOMER, target="local", lenient=BODY_FIRST),
    "buddies.change_enrolment": allow(LOCAL, target="enrolment"),
    "buddies.checkin": allow(OWNER, target="match", lenient=BODY_FIRST),
    "buddies.end": allow(OWNER, target="match", lenient=BODY_FIRST),
    "buddies.enroll": allow(SIGNED_IN, lenient=BODY_FIRST),
    "buddies.find": allow(NEWCOMER, LOCAL),
    "buddies.mine": allow(SIGNED_IN),
    "buddies.respond": allow(OWNER, target="match_answer"),
    "buddies_api.accept": allow(OWNER, target="match"),
    "buddies_api.add_checkin": allow(OWNER, target="match"),
    "buddies_api.auto_match": allow(STAFF, OTHER_COORDINATOR),
    "buddies_api.create_match": allow(STAFF, OTHER_COORDINATOR, NEWCOMER),
    "buddies_api.decline": allow(OWNER, target="match"),
    "buddies_api.end": allow(OWNER, STAFF, target="match"),
    "buddies_api.enroll": allow(NEWCOMER, LOCAL),
    "buddies_api.get_match": allow(OWNER, STAFF, target="match"),
    "buddies_api.list_matches": allow(SIGNED_IN),
    "buddies_api.my_enrolments": allow(SIGNED_IN),
    "buddies_api.suggestions": allow(NEWCOMER, LOCAL),
    "buddies_api.withdraw": allow(NEWCOMER, LOCAL, lenient=BODY_FIRST),
    "buddies_matching.approve": allow(STAFF, OTHER_COORDINATOR, lenient=BODY_FIRST),
    "buddies_matching.auto_match": allow(STAFF, OTHER_COORDINATOR),
    "buddies_matching.page": allow(STAFF, OTHER_COORDINATOR),
    "buddies_matching.propose": allow(STAFF, target="buddy_pair"),
    # Chat.
    "chat.conversation": allow(OWNER, target="conversation"),
    "chat.group_chat": allow(OWNER, target="group"),
    "chat.inbox": allow(SIGNED_IN),
    "chat.reported": allow(STAFF, target="report"),
    "chat.send": allow(OWNER, target="conversation"),
    "chat.start": allow(SIGNED_IN, target="peer"),
    "chat_api.conversation": allow(OWNER, target="conversation"),
    "chat_api.conversations": allow(SIGNED_IN),
    "chat_api.group_conversation": allow(OWNER, target="group"),
    "chat_api.messages": allow(OWNER, target="conversation"),
    "chat_api.reported_context": allow(STAFF, target="report"),
    "chat_api.start_conversation": allow(SIGNED_IN),
    # The community check: the organisation (or the chapter's staff) asks newcomers to check a draft; only
    # the newcomers asked review it; the organisation confirms a review; coordinators follow up.
    "checks.ask": allow(OWNER, STAFF, target="draft"),
    "checks.check": allow(OWNER, STAFF, target="check"),
    "checks.confirm": allow(OWNER, target="check_review"),
    "checks.nudge": allow(STAFF, target="assignment"),
    "checks.oversight_page": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "checks.publish": allow(OWNER, STAFF, target="draft_to_publish"),
    "checks.queue": allow(NEWCOMER),
    "checks.review": allow(OWNER, target="review_check", body=("clarity", "fairness", "suggestions")),
    "checks.reviews": allow(OWNER, STAFF, target="draft"),
    "checks_api.ask": allow(OWNER, STAFF, target="draft"),
    "checks_api.check": allow(OWNER, STAFF, target="check"),
    "checks_api.confirm": allow(OWNER, target="check_review"),
    "checks_api.nudge": allow(STAFF, target="assignment"),
    "checks_api.overview": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "checks_api.publish": allow(OWNER, STAFF, target="draft_to_publish_api"),
    "checks_api.queue": allow(NEWCOMER),
    "checks_api.review": allow(OWNER, target="review_check_api", body=("clarity", "fairness", "suggestions")),
    "checks_api.reviews": allow(OWNER, STAFF, target="draft"),
    # Coordination: intake, placements, volunteer days, evaluations, attestations, oversight.
    "coordination.add_note": allow(STAFF, target="member"),
    "coordination.audit_log": allow(ADMIN_ONLY),
    "coordination.intake_board": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination.member": allow(STAFF, target="member"),
    "coordination.move_stage": allow(STAFF, target="member"),
    "coordination.revoke_attestation": allow(STAFF, target="attestation"),
    "coordination_api.audit_log": allow(ADMIN_ONLY),
    "coordination_api.chapters": allow(EVERYONE),
    "coordination_api.create_report": allow(SIGNED_IN),
    "coordination_api.intake_list": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_api.intake_update": allow(STAFF, target="member"),
    "coordination_api.sectors": allow(EVERYONE),
    "coordination_attestations_api.my_attestation": allow(NEWCOMER),
    "coordination_attestations_api.my_attestation_pdf": allow(NEWCOMER),
    "coordination_attestations_api.revoke": allow(STAFF, target="attestation"),
    "coordination_attestations_api.verify": allow(EVERYONE, target="attestation"),
    "coordination_evaluations.evaluate": allow(OWNER, target="evaluation"),
    "coordination_evaluations.partners": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_mine.attestation": allow(NEWCOMER),
    "coordination_mine.volunteering": allow(NEWCOMER),
    "coordination_oversight.key_figures": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_oversight.key_figures_csv": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_oversight.member_project": allow(STAFF, target="member_project", body=("project",)),
    "coordination_oversight.my_reports": allow(SIGNED_IN),
    "coordination_oversight.organisation_project": allow(STAFF, target="organisation_project", body=("project",)),
    "coordination_oversight.project_list": allow(ADMIN_ONLY),
    "coordination_oversight.report": allow(STAFF, target="report"),
    "coordination_oversight.reinstate": allow(STAFF, target="suspended"),
    "coordination_oversight.reports": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_oversight.resolve": allow(STAFF, target="report"),
    "coordination_oversight.suspended": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_oversight_api.create_project": allow(ADMIN_ONLY),
    "coordination_oversight_api.key_figures": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_oversight_api.list_projects": allow(SIGNED_IN),
    "coordination_oversight_api.member_project": allow(STAFF, target="member_project", body=("project",)),
    "coordination_oversight_api.my_reports": allow(SIGNED_IN),
    "coordination_oversight_api.organisation_project": allow(STAFF, target="organisation_project",
                                                             body=("project",)),
    "coordination_oversight_api.report": allow(STAFF, target="report"),
    "coordination_oversight_api.reinstate": allow(STAFF, target="suspended_api"),
    "coordination_oversight_api.reports": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_oversight_api.resolve": allow(STAFF, target="report"),
    "coordination_oversight_api.suspended": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_verify.verify": allow(EVERYONE, target="attestation"),
    "coordination_verify.verify_form": allow(EVERYONE),
    "coordination_volunteering.check": allow(STAFF, target="days"),
    "coordination_volunteering.correct": allow(OWNER, STAFF, target="days"),
    "coordination_volunteering.end_placement": allow(STAFF, target="placement"),
    "coordination_volunteering.entry": allow(OWNER, STAFF, target="days"),
    "coordination_volunteering.log_days": allow(STAFF, target="member"),
    "coordination_volunteering.new_placement": allow(STAFF, target="member"),
    "coordination_volunteering.organisation": allow(OWNER, target="organisation"),
    "coordination_volunteering.placement": allow(OWNER, STAFF, target="placement"),
    "coordination_volunteering.to_check": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_volunteering.withdraw": allow(STAFF, target="days"),
    "coordination_volunteering_api.averages": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "coordination_volunteering_api.check_days": allow(STAFF, target="days"),
    "coordination_volunteering_api.correct_days": allow(STAFF, target="days"),
    "coordination_volunteering_api.create_placement": allow(STAFF),
    "coordination_volunteering_api.end_placement": allow(STAFF, target="placement"),
    "coordination_volunteering_api.evaluate": allow(SIGNED_IN),
    "coordination_volunteering_api.get_days": allow(OWNER, STAFF, target="days"),
    "coordination_volunteering_api.get_placement": allow(OWNER, STAFF, target="placement"),
    "coordination_volunteering_api.list_days": allow(SIGNED_IN),
    "coordination_volunteering_api.list_placements": allow(OWNER, STAFF, target="member"),
    "coordination_volunteering_api.log_days": allow(STAFF),
    "coordination_volunteering_api.withdraw_days": allow(STAFF, target="days"),
    # Core.
    "core.home": allow(EVERYONE),
    "core.privacy": allow(EVERYONE),
    "core_api.openapi": allow(EVERYONE),
    "health.healthz": allow(EVERYONE),
    # Events.
    "events.calendar_feed": allow(EVERYONE, target="calendar"),
    "events.calendar_month": allow(SIGNED_IN),
    "events.cancel_signup": allow(SIGNED_IN, target="event"),
    "events.event_ics": allow(SIGNED_IN, target="event"),
    "events.index": allow(SIGNED_IN),
    "events.mine": allow(SIGNED_IN),
    "events.reset_feed": allow(SIGNED_IN),
    "events.show": allow(SIGNED_IN, target="event"),
    "events.sign_up": allow(SIGNED_IN, target="event"),
    "events_api.attendance": allow(STAFF, target="event"),
    "events_api.attendees": allow(STAFF, target="event"),
    "events_api.cancel_event": allow(STAFF, target="event"),
    "events_api.cancel_signup": allow(SIGNED_IN, target="event"),
    "events_api.create_event": allow(LOCAL, EMPLOYER, STAFF, OTHER_COORDINATOR),
    "events_api.edit_event": allow(STAFF, target="event"),
    "events_api.event_ics": allow(SIGNED_IN, target="event"),
    "events_api.get_event": allow(SIGNED_IN, target="event"),
    "events_api.list_events": allow(SIGNED_IN),
    "events_api.my_calendar": allow(SIGNED_IN),
    "events_api.reset_calendar": allow(SIGNED_IN),
    "events_api.sign_up": allow(SIGNED_IN, target="event"),
    "events_api.sign_up_group": allow(STAFF, target="group_places", body=("user_ids",)),
    "events_group.choose": allow(STAFF, target="event"),
    "events_group.sign_up": allow(STAFF, target="group_places", body=("user_ids",)),
    "events_attendance.to_mark": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "events_manage.attendance": allow(STAFF, target="event"),
    "events_manage.cancel": allow(STAFF, target="event"),
    "events_manage.create": allow(LOCAL, EMPLOYER, STAFF, OTHER_COORDINATOR),
    "events_manage.edit": allow(STAFF, target="event"),
    "events_manage.mark": allow(STAFF, target="event_mark"),
    # Groups.
    "groups.approve": allow(STAFF, target="proposal"),
    "groups.create": allow(STAFF, OTHER_COORDINATOR),
    "groups.create_post": allow(SIGNED_IN, target="group", lenient=BODY_FIRST),
    "groups.directory": allow(SIGNED_IN),
    "groups.join": allow(SIGNED_IN, target="group"),
    "groups.leave": allow(SIGNED_IN, target="leave_group"),
    "groups.member_action": allow(OWNER, STAFF, target="group_member", action="approve"),
    "groups.members": allow(SIGNED_IN, target="group"),
    "groups.proposals": allow(SIGNED_IN),
    "groups.propose": allow(SIGNED_IN),
    "groups.reject": allow(STAFF, target="proposal_to_reject"),
    "groups.show": allow(SIGNED_IN, target="group"),
    "groups_api.add_comment": allow(SIGNED_IN, target="post"),
    "groups_api.approve_group": allow(STAFF, target="proposal_api"),
    "groups_api.approve_member": allow(OWNER, STAFF, target="group_member"),
    "groups_api.create_group": allow(STAFF, OTHER_COORDINATOR),
    "groups_api.create_post": allow(SIGNED_IN, target="group"),
    "groups_api.edit_post": allow(OWNER, target="post"),
    "groups_api.get_group": allow(SIGNED_IN, target="group"),
    "groups_api.get_post": allow(SIGNED_IN, target="post"),
    "groups_api.join": allow(SIGNED_IN, target="group"),
    "groups_api.leave": allow(SIGNED_IN, target="leave_group"),
    "groups_api.list_comments": allow(SIGNED_IN, target="post"),
    "groups_api.list_groups": allow(SIGNED_IN),
    "groups_api.list_posts": allow(SIGNED_IN, target="group"),
    "groups_api.list_proposals": allow(SIGNED_IN),
    "groups_api.members": allow(SIGNED_IN, target="group"),
    "groups_api.moderator": allow(STAFF, target="group_member"),
    "groups_api.propose_group": allow(SIGNED_IN),
    "groups_api.reject_group": allow(STAFF, target="proposal_to_reject_api"),
    "groups_api.reject_member": allow(OWNER, STAFF, target="group_member"),
    "groups_api.remove_comment": allow(OWNER, STAFF, target="comment"),
    "groups_api.remove_post": allow(OWNER, STAFF, target="post"),
    "groups_posts.comment": allow(SIGNED_IN, target="post", lenient=BODY_FIRST),
    "groups_posts.edit": allow(OWNER, target="post"),
    "groups_posts.remove": allow(OWNER, STAFF, target="post"),
    "groups_posts.remove_comment": allow(OWNER, STAFF, target="comment"),
    "groups_posts.report": allow(SIGNED_IN, target="report_target", lenient=BODY_FIRST),
    "groups_posts.show": allow(SIGNED_IN, target="post"),
    "groups_requests.requests": allow(SIGNED_IN),
    # Two-factor sign-in: the second step is for whoever gave a right password; staff may not turn it off.
    "two_factor.challenge": allow(NOBODY, lenient=PASSWORD_FIRST),
    "two_factor.disable": allow(NEWCOMER, LOCAL, EMPLOYER, target="wrong_code", body=("off-code",)),
    "two_factor.recovery_codes": allow(SIGNED_IN),
    "two_factor.reset": allow(ADMIN_ONLY, target="two_factor_member"),
    "two_factor.setup": allow(SIGNED_IN),
    # The guide and referrals.
    "guide.create": allow(STAFF, chapter="gent"),
    "guide.edit": allow(STAFF, target="guide_entry"),
    "guide.entry": allow(SIGNED_IN, target="guide_entry"),
    "guide.follow_ups": allow(COORDINATOR, OTHER_COORDINATOR, ADMIN),
    "guide.followed_up": allow(STAFF, target="referral"),
    "guide.index": allow(SIGNED_IN),
    "guide.refer": allow(STAFF, target="referral_member", body=("guide_entry_id",)),
    "guide.translate": allow(STAFF, target="guide_entry", locale="fr"),
    "guide_api.create_guide_entry": allow(STAFF, target="new_guide_entry", body=("chapter", "domain", "name")),
    "guide_api.create_referral": allow(STAFF, target="referral_member", body=("guide_entry_id",)),
    "guide_api.get_guide_entry": allow(SIGNED_IN, target="guide_entry"),
    "guide_api.list_guide": allow(SIGNED_IN),
    "guide_api.list_referrals": allow(OWNER, STAFF, target="member"),
    "guide_api.mark_followed_up": allow(STAFF, target="referral"),
    "guide_api.my_referrals": allow(SIGNED_IN),
    "guide_api.put_guide_translation": allow(STAFF, target="guide_translation", body=("name",)),
    "guide_api.update_guide_entry": allow(STAFF, target="guide_entry"),
    # Notifications and push.
    "notifications.index": allow(SIGNED_IN),
    "notifications.mark_all": allow(SIGNED_IN),
    "notifications.mark_one": allow(OWNER, target="notification"),
    "notifications.open_one": allow(OWNER, target="notification"),
    "notifications.settings_page": allow(SIGNED_IN),
    "notifications.unsubscribe": allow(EVERYONE, target="unsubscribe"),  # the signed token is the permission
    "notifications_api.get_settings": allow(SIGNED_IN),
    "notifications_api.mark_read": allow(OWNER, target="notification_ids", body=("ids",)),
    "notifications_api.notifications": allow(SIGNED_IN),
    "notifications_api.patch_settings": allow(SIGNED_IN),
    "notifications_api.unread_count": allow(SIGNED_IN),
    "push_api.subscribe": allow(SIGNED_IN),
    "push_api.unsubscribe": allow(OWNER, target="push_subscription", body=("endpoint",)),
    "push_api.vapid_public_key": allow(SIGNED_IN),
    # The installable app: its shell is public.
    "pwa.icon": allow(EVERYONE, size=192),
    "pwa.manifest": allow(EVERYONE),
    "pwa.offline": allow(EVERYONE),
    "pwa.service_worker": allow(EVERYONE),
    # Search.
    "search.results": allow(SIGNED_IN),
    "search_api.search_all": allow(SIGNED_IN),
}


# -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory) -> Flask:
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'matrix.sqlite'}"
    _migrate(url)
    tmp = tmp_path_factory.mktemp("matrix-files")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                     SEARCH_INDEX_DIR=str(tmp / "search"), MAIL_OUTBOX_DIR=str(tmp / "outbox"))
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def world(matrix_app) -> World:
    return build_world()


def _rules(app: Flask):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_is_in_the_access_table(matrix_app):
    missing = sorted({rule.endpoint for rule, _ in _rules(matrix_app)} - set(ACCESS))
    assert not missing, ("These routes have no entry in ACCESS of tests/policy/test_route_matrix.py; add one saying "
                         f"who may call them (and on which object): {missing}")
    stale = sorted(set(ACCESS) - {rule.endpoint for rule in matrix_app.url_map.iter_rules()})
    assert not stale, f"ACCESS names routes that no longer exist: {stale}"


class Callers:
    """A signed-in web client and an API token per role, made once."""

    def __init__(self, app: Flask, world: World) -> None:
        self.app, self.world = app, world
        self.web: dict[str, Any] = {ANONYMOUS: app.test_client()}
        self.tokens: dict[str, str] = {}
        for role, user in world.users.items():
            self.web[role] = self.signed_in(user)
            self.tokens[role] = token_for(user)

    def signed_in(self, user) -> Any:
        """Signed in through the login form, staff with the second step too (else every page but the
        two-factor set-up would send them there, and the matrix would test nothing for them)."""
        client = self.app.test_client()
        answer = login(client, user)
        assert answer.status_code == 302, (user.email, answer.status_code)
        assert "/two-factor" not in answer.headers["Location"], (user.email, answer.headers["Location"])
        return client

    def call(self, role: str, method: str, url: str, ends_session: bool,
             body: dict[str, Any] | None = None) -> tuple[Any, set[str]]:
        """The response, and the kinds of the messages a page flashed (to tell a success from a refusal)."""
        user = self.world.users.get(role)
        if ends_session and user is not None:
            user = make_user(user.role, user.chapter_slug)
        if url.startswith("/api/"):
            token = (token_for(user) if ends_session else self.tokens[role]) if user else None
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            sent = body if body is not None else ({} if method in WRITES else None)
            return self.app.test_client().open(url, method=method, headers=headers, json=sent), set()
        client = self.signed_in(user) if ends_session and user else self.web[role]
        sent = body if body is not None else ({} if method in WRITES else None)
        response = client.open(url, method=method, data=sent)
        kinds: set[str] = set()
        if response.status_code in (301, 302, 303):
            with client.session_transaction() as session:
                kinds = {kind for kind, _ in session.pop("_flashes", [])}
        return response, kinds


def _expected(access: Access, role: str, mine: bool) -> bool:
    return role in access.who or (mine and OWNER in access.who)


def _verdict(response, flashed: set[str], allowed: bool, anonymous: bool, lenient: bool) -> str | None:
    status = response.status_code
    if status >= 500:
        return "server error"
    to_login = status in (301, 302, 303) and "/login" in response.headers.get("Location", "")
    if allowed:
        if status in (401, 403) or (anonymous and to_login):
            return "refused a caller the table allows"
        return None
    if status in (401, 403, 404) or (anonymous and to_login):
        return None
    if 200 <= status < 300 or "success" in flashed:
        return "let through a caller the table refuses"
    if lenient and (400 <= status < 500 or status in (301, 302, 303)):
        return None
    return ("refused with another status than 401/403/404; if the route checks the body or the state first, "
            "say so with `lenient` in ACCESS")


def _sent_to_two_factor_setup(response, endpoint: str) -> bool:
    location = response.headers.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return "/settings/two-factor" in location and not endpoint.startswith("two_factor.")


def _sent_to_login(response) -> bool:
    location = response.headers.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return urlsplit(location).path == "/login"


def test_staff_are_signed_in_with_their_second_factor(matrix_app, world):
    """The matrix's staff clients passed both steps: a coordinator reaches the intake board, not the set-up."""
    callers = Callers(matrix_app, world)
    for role in (COORDINATOR, OTHER_COORDINATOR, ADMIN):
        assert callers.web[role].get("/coordination/intake").status_code == 200, role
    assert callers.web[NEWCOMER].get("/coordination/intake").status_code in (403, 404)


# Writes that take something away run last, so that every other route still finds the objects.
TAKES_AWAY = ("remove", "delete", "leave", "end", "close", "cancel", "withdraw", "revoke", "reject", "decline")


def _address(app: Flask, rule, access: Access, values: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """The URL of a route on an object, and the body to send (None: the default, `{}` for writes)."""
    in_url = {key: value for key, value in values.items() if key not in access.body}
    with app.test_request_context():
        url = app.url_for(rule.endpoint, **in_url, **access.values)
    return url, ({key: values[key] for key in access.body} if access.body else None)


def _cases(app: Flask, world: World):
    """(endpoint, method, url, body, role, allowed, access), refused callers first within each route; reads
    first."""
    routes = []
    for rule, method in _rules(app):
        access = ACCESS[rule.endpoint]
        target = world.targets[access.target] if access.target else None
        objects = [(False, target.theirs if target else {})]
        if target is not None and target.mine is not None:
            objects.append((True, target.mine))
        route = []
        for mine, values in objects:
            url, body = _address(app, rule, access, values)
            for role in ROLES:
                if mine and role not in target.owners:
                    continue
                route.append((rule.endpoint, method, url, body, role, _expected(access, role, mine), access))
        route.sort(key=lambda case: case[5])  # refused callers first
        takes_away = method == "DELETE" or any(word in rule.endpoint for word in TAKES_AWAY)
        routes.append((method in WRITES, takes_away, rule.endpoint, route))
    routes.sort(key=lambda item: item[:3])
    for *_, route in routes:
        yield from route


def _checks_body_first(app: Flask, endpoint: str) -> bool:
    """An API route with a JSON body schema validates the body before it asks who calls."""
    info = getattr(app.view_functions[endpoint], "api_doc", None)
    return bool(info and info.get("body"))


def test_every_route_refuses_whom_the_table_refuses(matrix_app, world):
    callers = Callers(matrix_app, world)
    failures = []
    for endpoint, method, url, body, role, allowed, access in _cases(matrix_app, world):
        response, flashed = callers.call(role, method, url, access.ends_session, body)
        lenient = bool(access.lenient) or (method in WRITES and _checks_body_first(matrix_app, endpoint))
        problem = _verdict(response, flashed, allowed, role == ANONYMOUS, lenient)
        if not problem and allowed and _sent_to_two_factor_setup(response, endpoint):
            problem = "sent an allowed caller to the two-factor set-up: not fully signed in"
        if not problem and allowed and role != ANONYMOUS and not access.ends_session and _sent_to_login(response):
            problem = "sent a signed-in caller the table allows to the login page"
        if problem:
            failures.append(f"{endpoint}: {method} {url} as {role} -> {response.status_code}: {problem}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


# CSRF and Origin ---------------------------------------------------------------------------------
FOREIGN = "https://evil.example"


def _write_urls(app: Flask, world: World):
    for rule, method in _rules(app):
        if method not in WRITES:
            continue
        access = ACCESS[rule.endpoint]
        url, _body = _address(app, rule, access, world.targets[access.target].theirs if access.target else {})
        yield rule.endpoint, method, url


@pytest.fixture
def csrf_on(matrix_app):
    matrix_app.config["WTF_CSRF_ENABLED"] = True
    yield matrix_app
    matrix_app.config["WTF_CSRF_ENABLED"] = False


def _refused_as_csrf(response, api: bool, anonymous: bool) -> bool:
    if anonymous and response.status_code == 401:
        return True
    if response.status_code != 400:
        return False
    return not api or (response.get_json() or {}).get("error", {}).get("code") == "csrf_failed"


def _send(client, method: str, url: str, **kwargs):
    data = kwargs.pop("data", {})
    payload = {"json": {}} if url.startswith("/api/") else {"data": data}
    return client.open(url, method=method, **payload, **kwargs)


# Writes that take no CSRF token, and why; each is checked below to refuse what its own permission refuses.
CSRF_EXEMPT = {
    "notifications.unsubscribe": "RFC 8058 one-click unsubscribe: mail clients post without a session; the "
                                 "signed token in the address is the permission",
}


def test_every_write_refuses_a_session_without_csrf_token(csrf_on, world):
    """A session cookie and no token (no form field, no X-CSRFToken header): 400 csrf_failed, or 401 for a
    visitor. Anonymous callers carry the session cookie a visit to the login page gives them. A visitor's
    cookie carries no authority, so the API answers it as it answers a caller without any cookie
    (core/api.py `check_api_csrf`): the public writes (sign-up, token) then judge the body, never succeed."""
    member = csrf_on.test_client()
    login_with_csrf(member, world.users[NEWCOMER])
    visitor = csrf_on.test_client()
    visitor.get("/login")
    assert visitor.get_cookie(csrf_on.config["SESSION_COOKIE_NAME"]) is not None
    failures = []
    for endpoint, method, url in _write_urls(csrf_on, world):
        if endpoint in CSRF_EXEMPT:
            continue
        for who, client in ((NEWCOMER, member), (ANONYMOUS, visitor)):
            response = _send(client, method, url)
            if _refused_as_csrf(response, url.startswith("/api/"), who == ANONYMOUS):
                continue
            if who == ANONYMOUS and url.startswith("/api/") and response.status_code >= 400:
                if response.status_code == _send(csrf_on.test_client(), method, url).status_code:
                    continue  # as without the cookie
            failures.append(f"{endpoint}: {method} {url} as {who} without a CSRF token -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_writes_without_csrf_token_refuse_a_forged_permission(csrf_on, world):
    """The one-click unsubscribe takes no CSRF token: a forged or altered token changes nothing (400)."""
    assert set(CSRF_EXEMPT) == {"notifications.unsubscribe"}
    token = world.targets["unsubscribe"].theirs["token"]
    for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "not-a-token"):
        answer = csrf_on.test_client().post(f"/notifications/unsubscribe/{forged}")
        assert answer.status_code == 400, forged


def test_every_write_refuses_a_foreign_origin_even_with_a_valid_token(csrf_on, world):
    """From another site's page: refused, for a member with a good token and for a visitor, CSRF-exempt
    writes included (the Origin guard of core/guards.py runs before every view)."""
    member = csrf_on.test_client()
    login_with_csrf(member, world.users[NEWCOMER])
    token = csrf_token(member, "/settings")
    # The token is good: the same request from the site itself goes through.
    same_site = member.post("/language", data={"lang": "en", "csrf_token": token}, headers={"Origin": "http://localhost"})
    assert same_site.status_code == 302
    failures = []
    visitor = csrf_on.test_client()
    visitor_token = csrf_token(visitor, "/login")
    for endpoint, method, url in _write_urls(csrf_on, world):
        for who, client, good in ((NEWCOMER, member, token), (ANONYMOUS, visitor, visitor_token)):
            response = _send(client, method, url, data={"csrf_token": good},
                             headers={"Origin": FOREIGN, "X-CSRFToken": good})
            # Refused as a forgery (400), never as a visitor (401): the Origin is judged first.
            if not _refused_as_csrf(response, url.startswith("/api/"), anonymous=False):
                failures.append(f"{endpoint}: {method} {url} as {who} from {FOREIGN} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_every_socket_namespace_refuses_a_foreign_origin(matrix_app, world):
    """Every namespace the features register, connected with good credentials from another site."""
    namespaces = sorted(set(socketio.server.namespace_handlers) | {ns for ns in socketio.server.handlers})
    assert namespaces, "no Socket.IO namespace registered"
    for namespace in namespaces:
        token = token_for(world.users[NEWCOMER])
        own = socketio.test_client(matrix_app, namespace=namespace, auth={"token": token},
                                   headers={"Origin": "http://localhost"})
        foreign = socketio.test_client(matrix_app, namespace=namespace, auth={"token": token},
                                       headers={"Origin": FOREIGN})
        assert own.is_connected(namespace), namespace
        assert not foreign.is_connected(namespace), namespace
        own.disconnect(namespace)
