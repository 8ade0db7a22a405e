"""Access without e-mail on the web: the card sign-in page (also what the QR code opens), the first
password, and the coordinators' pages to register a newcomer in person, show and print their card,
issue a new one, and see locked cards.

A card's code is never stored in clear: right after issuing it, the coordinator's own session keeps it
(a signed cookie, in the browser that saw it on screen anyway) so the card page can show and print it;
a new card replaces it."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts import assisted, cards, services
from community.accounts.api_cards import pdf_download
from community.accounts.auth import sign_in as start_session
from community.accounts.forms_cards import AssistedForm, CardCodeForm, EmailForm, FirstPasswordForm
from community.accounts.models import User
from community.accounts.schemas import AssistedIn
from community.core.errors import Unauthorized
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt
from community.extensions import db, limiter
from community.policy import require

bp = Blueprint("cards", __name__, template_folder="templates")
CODES_KEY = "card_codes"  # card id -> code, only in the issuing coordinator's session
CODES_KEPT = 5


def _card_limit() -> str:
    return current_app.config["RATELIMIT_CARD"]


def _only_posts() -> bool:
    return request.method != "POST"


def _status(form, outcome=None) -> int:
    if outcome is not None and outcome.error is not None:
        return outcome.error.status
    return 422 if form.errors else 200


def _remember(issued: cards.IssuedCard) -> None:
    codes = {k: v for k, v in session.get(CODES_KEY, {}).items()}
    codes[str(issued.card.id)] = issued.code
    session[CODES_KEY] = dict(list(codes.items())[-CODES_KEPT:])


def _remembered(card) -> str | None:
    return session.get(CODES_KEY, {}).get(str(card.id)) if card is not None else None


@bp.route("/card", methods=["GET", "POST"])
@limiter.limit(_card_limit, exempt_when=_only_posts)
def sign_in():
    """Sign in with the code of a sign-in card (the QR code opens this page with the code filled in)."""
    form = CardCodeForm(data={"code": request.args.get("code", "")} if request.method == "GET" else None)
    outcome = None
    if form.validate_on_submit():
        try:
            outcome = attempt(lambda: cards.sign_in_with_code(form.code.data), form)
        except Unauthorized as refusal:  # wrong or spent code: stay on the form, in the member's language
            form.code.errors = [str(refusal.message)]
        if outcome:
            start_session(outcome.value)
            if not assisted.has_password(outcome.value):
                return redirect(url_for("cards.first_password"))
            flash(_("You are logged in."), "success")
            return redirect(url_for("core.home"))
    return render_template("accounts/cards/sign_in.html", form=form), _status(form, outcome)


@bp.route("/card/password", methods=["GET", "POST"])
@login_required
def first_password():
    """Choose a password after the first sign-in with a card."""
    if assisted.has_password(current_user):
        return redirect(url_for("accounts.settings"))
    form = FirstPasswordForm()
    outcome = None
    if form.validate_on_submit():
        outcome = attempt(lambda: assisted.set_first_password(current_user, form.password.data), form,
                          success=_("Your password is saved. Next time, log in with your card number and this "
                                    "password."))
        if outcome:
            return redirect(url_for("core.home"))
    number = cards.current_card(current_user)
    return render_template("accounts/cards/password.html", form=form,
                           number=number.number if number else None), _status(form, outcome)


@bp.route("/settings/email", methods=["GET", "POST"])
@login_required
def add_email():
    """Add an e-mail address to an account made without one."""
    if current_user.email:
        return redirect(url_for("accounts.settings"))
    form = EmailForm()
    outcome = None
    if form.validate_on_submit():
        outcome = attempt(lambda: services.add_email(current_user, form.email.data), form,
                          success=_("Your email address is saved."))
        if outcome:
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/cards/email.html", form=form), _status(form, outcome)


@bp.route("/coordination/newcomers/new", methods=["GET", "POST"])
@login_required
def register():
    """Register a newcomer in person, without e-mail, and make their sign-in card."""
    require(current_user, "members.register_in_person")
    form = AssistedForm()
    form.chapter.choices = [(c.slug, c.name) for c in assisted.chapters_for(current_user)]
    if request.method == "GET" and current_user.chapter_slug:
        form.chapter.data = current_user.chapter_slug
    outcome = None
    if form.validate_on_submit():
        data = {"name": form.name.data, "locale": form.locale.data, "chapter": form.chapter.data,
                "phone": form.phone.data or None}
        outcome = attempt(lambda: assisted.register_in_person(current_user, validate(AssistedIn, data)), form)
        if outcome:
            member, issued = outcome.value
            _remember(issued)
            flash(_("%(name)s is registered. Print the card and give it to them.", name=member.name), "success")
            return redirect(url_for("cards.card", user_id=member.id))
    return render_template("accounts/cards/register.html", form=form), _status(form, outcome)


def _member(user_id: int) -> User:
    member = db.session.get(User, user_id)
    require(current_user, "profile.view", member, hide=True)
    require(current_user, "cards.manage", member)
    return member


@bp.get("/coordination/members/<int:user_id>/card")
@login_required
def card(user_id: int):
    """The member's sign-in card: its number and state, the code right after issuing, print and renew."""
    member = _member(user_id)
    current = cards.current_card(member)
    return render_template("accounts/cards/card.html", member=member, current=current,
                           code=_remembered(current), confirm=ConfirmForm())


@bp.post("/coordination/members/<int:user_id>/card")
@login_required
def reissue(user_id: int):
    """A new card: the old one stops working at once."""
    outcome = attempt(lambda: cards.issue_card(current_user, user_id),
                      success=_("A new card is ready. The old card no longer works."))
    if outcome:
        _remember(outcome.value)
    return redirect(url_for("cards.card", user_id=user_id))


@bp.get("/coordination/members/<int:user_id>/card.pdf")
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_ATTESTATION"])
def card_pdf(user_id: int):
    """The card to print, with the code this browser was shown when it was issued."""
    current = cards.current_card(_member(user_id))
    return pdf_download(*cards.card_for_print(current_user, user_id, _remembered(current)))


@bp.get("/coordination/cards/locked")
@login_required
def locked():
    """Cards locked after ten wrong codes: each needs a new card."""
    return render_template("accounts/cards/locked.html", cards=cards.locked_cards(current_user),
                           confirm=ConfirmForm())
