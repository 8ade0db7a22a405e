"""Access without e-mail over JSON (API.md, "Sign-in cards"): registration in person, the printed card,
signing in with its code, a new card that revokes the old one, the first password, adding an address."""
from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_login import current_user

from community.accounts import assisted, cards, services, sessions
from community.accounts.card_pdf import render_card_pdf
from community.accounts.schemas import AssistedIn, CardCodeIn, EmailIn, FirstPasswordIn
from community.accounts.serializers import user_json
from community.core.api import api_blueprint, doc, login_required_api
from community.core.time import isoformat
from community.core.validation import json_body
from community.extensions import limiter

bp = api_blueprint("accounts_cards_api", __name__)


def _card_limit() -> str:
    return current_app.config["RATELIMIT_CARD"]


def _pdf_limit() -> str:
    return current_app.config["RATELIMIT_ATTESTATION"]


def card_json(issued: cards.IssuedCard) -> dict[str, str | None]:
    """The new card as the coordinator gets it: the code, shown this once."""
    return {"code": issued.code, "number": issued.card.number, "expires_at": isoformat(issued.card.expires_at)}


def pdf_download(member, card, code: str) -> Response:
    """The card as a PDF download (never cached: it holds a code)."""
    return Response(render_card_pdf(member, card, code), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="brug-card-{card.number}.pdf"',
        "Cache-Control": "private, no-store"})


@bp.post("/users/assisted")
@login_required_api
@doc("Register a newcomer in person, without e-mail (coordinators of the chapter); returns their card", body=AssistedIn,
     status=201)
def register_assisted():
    user, issued = assisted.register_in_person(current_user, json_body(AssistedIn))
    return jsonify(user=user_json(user, current_user), card=card_json(issued)), 201


@bp.post("/users/<int:user_id>/card")
@login_required_api
@doc("Issue a new sign-in card; the member's old card stops working (coordinators of the chapter)", status=201)
def reissue_card(user_id: int):
    return jsonify(card=card_json(cards.issue_card(current_user, user_id))), 201


@bp.get("/users/<int:user_id>/card.pdf")
@login_required_api
@limiter.limit(_pdf_limit)
@doc("The printable card in the member's language (coordinators of the chapter); ?code= is the code the card "
     "was issued with, as codes are never stored in clear", query={"code": "the card's code"})
def card_pdf(user_id: int):
    return pdf_download(*cards.card_for_print(current_user, user_id, request.args.get("code")))


@bp.post("/auth/card")
@limiter.limit(_card_limit)
@doc("Sign in once with the code of a sign-in card; ten wrong codes in a row lock the card (429, then 423)",
     body=CardCodeIn, auth=False)
def sign_in_with_card():
    user = cards.sign_in_with_code(json_body(CardCodeIn).code)
    return jsonify(token=sessions.issue_token(user), has_password=assisted.has_password(user))


@bp.post("/me/password")
@login_required_api
@doc("Choose a first password after signing in with a card (409 when you already have one)", body=FirstPasswordIn)
def first_password():
    user = assisted.set_first_password(current_user, json_body(FirstPasswordIn).password)
    return jsonify(user_json(user, user))


@bp.post("/me/email")
@login_required_api
@doc("Add an e-mail address to an account that has none (409 when it has one)", body=EmailIn)
def add_email():
    user = services.add_email(current_user, json_body(EmailIn).email)
    return jsonify(user_json(user, user))
