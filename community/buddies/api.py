"""Buddies and coffee meetings over JSON: enrolments, suggestions, matches and their follow-up,
auto-match proposals. Thin: parse, call one service, serialise."""
from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.buddies import followup, matching, services
from community.buddies.constants import BuddyKind, MatchStatus
from community.buddies.schemas import AutoMatchIn, CheckInIn, EndIn, EnrollIn, MatchIn
from community.buddies.serializers import checkin_json, enrolment_json, match_json, proposal_json, suggestion_json
from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.core.pagination import MAX_PER_PAGE, list_page_json, page_args, page_json, paginate
from community.core.validation import json_body

bp = api_blueprint("buddies_api", __name__)
E = TypeVar("E", bound=StrEnum)


def _choice(name: str, vocabulary: type[E]) -> E | None:
    value = request.args.get(name) or None
    if value is None:
        return None
    if value not in vocabulary.__members__.values():
        raise ValidationFailed(fields={name: _l("Choose one of: %(options)s.", options=", ".join(vocabulary))})
    return vocabulary(value)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise ValidationFailed(fields={name: _l("Give a whole number.")})
    return int(value)


@bp.get("/buddies/enroll")
@login_required_api
@doc("Your enrolments for a buddy or coffee")
def my_enrolments():
    return jsonify([enrolment_json(e) for e in services.my_enrolments(current_user)])


@bp.post("/buddies/enroll")
@login_required_api
@doc("Ask for (newcomer) or offer (local) a buddy or a coffee meeting", body=EnrollIn, status=201, also=(200,))
def enroll():
    enrolment, created = services.enroll(current_user, json_body(EnrollIn))
    return jsonify(enrolment_json(enrolment)), 201 if created else 200


@bp.delete("/buddies/enroll")
@login_required_api
@doc("Withdraw one enrolment", status=204, query={"kind": "buddy or coffee"})
def withdraw():
    kind = _choice("kind", BuddyKind)
    if kind is None:
        raise ValidationFailed(fields={"kind": _l("This field is required.")})
    services.withdraw(current_user, kind)
    return "", 204


@bp.get("/buddies/suggestions")
@login_required_api
@doc("Suggested buddies, best first, with reasons", query={"user_id": "for this member (coordinators)",
                                                             "kind": "buddy or coffee"})
def suggestions():
    page, per_page = page_args()
    _member, found = matching.suggestions(current_user, _int_arg("user_id"), _choice("kind", BuddyKind))
    items = found[(page - 1) * per_page: page * per_page]
    return jsonify(items=[suggestion_json(s) for s in items], page=page, per_page=per_page, total=len(found))


@bp.post("/buddies/matches")
@login_required_api
@doc("Propose a match (coordinator) or ask a local (newcomer)", body=MatchIn, status=201)
def create_match():
    data = json_body(MatchIn)
    return jsonify(match_json(services.propose_match(current_user, data.newcomer_id, data.local_id, data.kind))), 201


@bp.get("/buddies/matches")
@login_required_api
@doc("Your matches (a coordinator: the chapter's)", query={"status": "proposed, active, declined or ended"})
def list_matches():
    page, per_page = page_args()
    stmt = services.matches_query(current_user, _choice("status", MatchStatus))
    return jsonify(page_json(paginate(stmt, page, per_page), match_json))


@bp.get("/buddies/matches/<int:match_id>")
@login_required_api
@doc("One match, with its check-ins")
def get_match(match_id: int):
    match = services.get_match(current_user, match_id)
    checkins = followup.checkins_by_match([match.id])[match.id]
    return jsonify({**match_json(match), "checkins": [checkin_json(c) for c in checkins]})


@bp.post("/buddies/matches/<int:match_id>/accept")
@login_required_api
@doc("Accept a proposed match (each side)")
def accept(match_id: int):
    return jsonify(match_json(services.respond(current_user, match_id, accept=True)))


@bp.post("/buddies/matches/<int:match_id>/decline")
@login_required_api
@doc("Decline a proposed match, no reason needed")
def decline(match_id: int):
    return jsonify(match_json(services.respond(current_user, match_id, accept=False)))


@bp.post("/buddies/matches/<int:match_id>/checkins")
@login_required_api
@doc("Note a meeting of an active match", body=CheckInIn, status=201)
def add_checkin(match_id: int):
    return jsonify(checkin_json(followup.add_checkin(current_user, match_id, json_body(CheckInIn)))), 201


@bp.post("/buddies/matches/<int:match_id>/end")
@login_required_api
@doc("End a match with your rating (1-5) and feedback", body=EndIn)
def end(match_id: int):
    return jsonify(match_json(followup.end_match(current_user, match_id, json_body(EndIn))))


@bp.post("/buddies/auto-match")
@login_required_api
@doc("Proposals that maximise the total score of a chapter (creates nothing), a page of them (100 by default)",
     body=AutoMatchIn, query={"page": "page number", "per_page": "at most 100"})
def auto_match():
    data = json_body(AutoMatchIn)
    proposals = matching.auto_match(current_user, data.chapter, data.kind, explain_reasons=True)
    page, per_page = page_args(default_per_page=MAX_PER_PAGE)  # the whole plan at once when it fits
    return jsonify(**list_page_json(proposals, page, per_page, proposal_json),
                   total_score=round(sum(p.score for p in proposals), 3))
