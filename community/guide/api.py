"""The local guide and referrals over JSON. Thin: parse, call one service, serialise."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import get_locale
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.pagination import page_args, page_json, paginate
from community.core.validation import json_body
from community.guide import referrals, services
from community.guide.constants import Domain
from community.guide.schemas import GuideIn, GuidePatch, ReferralIn, TranslationIn
from community.guide.serializers import guide_json, referral_json
from community.policy import can
from community.search.limits import QUERY_DOC

bp = api_blueprint("guide_api", __name__)
PAGE = {"page": "page number", "per_page": "at most 100"}
FILTERS = {"chapter": "chapter slug (default: the caller's)", "domain": " or ".join(Domain),
           "q": f"words in any of the seven languages; {QUERY_DOC}"}


def _locale() -> str:
    return str(get_locale() or "nl")


def _entry(entry):
    return guide_json(services.localize(entry, _locale()), current_user)


@bp.get("/guide")
@login_required_api
@doc("The local guide of a chapter, in the caller's language (translation_status says when not)", query=FILTERS)
def list_guide():
    page, per_page = page_args()
    found, _chapter = services.list_entries(current_user, _locale(), page, per_page, request.args.get("chapter"),
                                            request.args.get("domain"), request.args.get("q"))
    return jsonify(page_json(found, lambda shown: guide_json(shown, current_user)))


@bp.get("/guide/<int:entry_id>")
@login_required_api
@doc("One guide entry, in the caller's language")
def get_guide_entry(entry_id: int):
    return jsonify(_entry(services.get_entry(current_user, entry_id)))


@bp.post("/guide")
@login_required_api
@doc("Add an entry to a chapter's guide (coordinator of the chapter, admin)", body=GuideIn, status=201)
def create_guide_entry():
    return jsonify(_entry(services.create_entry(current_user, json_body(GuideIn)))), 201


@bp.patch("/guide/<int:entry_id>")
@login_required_api
@doc("Change an entry; a change to its text marks every translation outdated", body=GuidePatch)
def update_guide_entry(entry_id: int):
    return jsonify(_entry(services.update_entry(current_user, entry_id, json_body(GuidePatch))))


@bp.put("/guide/<int:entry_id>/translations/<locale>")
@login_required_api
@doc("Write an entry's translation into a locale (current until the source changes): 201 when it is new",
     body=TranslationIn, also=(201,))
def put_guide_translation(entry_id: int, locale: str):
    translation, created = services.write_translation(current_user, entry_id, locale, json_body(TranslationIn))
    return jsonify({"entry_id": translation.entry_id, "locale": translation.locale, "name": translation.name,
                    "description": translation.description, "simple_summary": translation.simple_summary,
                    "status": translation.status}), 201 if created else 200


@bp.post("/intake/<int:user_id>/referrals")
@login_required_api
@doc("Refer a newcomer from their intake to a guide entry, with a follow-up day (coordinator)",
     body=ReferralIn, status=201)
def create_referral(user_id: int):
    referral = referrals.create_referral(current_user, user_id, json_body(ReferralIn))
    return jsonify(referral_json(referral, services.localize(referral.entry, _locale()), with_note=True)), 201


@bp.get("/intake/<int:user_id>/referrals")
@login_required_api
@doc("A newcomer's referrals, with the coordinators' notes (coordinator)", query=PAGE)
def list_referrals(user_id: int):
    member = referrals.member_by_id(user_id)
    page, per_page = page_args()
    found = paginate(referrals.referrals_query(current_user, member), page, per_page)
    with_note = can(current_user, "referrals.create", member)
    return jsonify(page_json(found, lambda r: referral_json(r, services.localize(r.entry, _locale()), with_note)))


@bp.post("/referrals/<int:referral_id>/followed-up")
@login_required_api
@doc("Mark a referral followed up (coordinator of the member's chapter); it leaves the follow-up list. "
     "Marking it again changes nothing")
def mark_followed_up(referral_id: int):
    referral = referrals.mark_followed_up(current_user, referral_id)
    return jsonify(referral_json(referral, services.localize(referral.entry, _locale()), with_note=True))


@bp.get("/me/referrals")
@login_required_api
@doc("The services a coordinator put me in touch with", query=PAGE)
def my_referrals():
    page, per_page = page_args()
    found = paginate(referrals.my_referrals_query(current_user), page, per_page)
    return jsonify(page_json(found, lambda r: referral_json(r, services.localize(r.entry, _locale()), False)))
