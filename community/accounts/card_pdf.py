"""The printed sign-in card: in the newcomer's language (and Dutch beside it when that is another one),
with a QR code that opens the card sign-in page with the code filled in, the code to type, and a few
simple steps. It carries no private data: no name, no chapter, no phone number."""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from segno import make as make_qr
from weasyprint import HTML

from community.accounts.models import SignInCard, User
from community.coordination.attestation_pdf import pdf_fonts
from community.core.i18n import LANGUAGES, text_direction
from community.core.time import as_utc

DUTCH = "nl"


def card_url(code: str) -> str:
    """The address the QR code holds: the card sign-in page with the code filled in."""
    return url_for("cards.sign_in", code=code, _external=True)


def _side(locale: str, card: SignInCard, code: str) -> dict[str, str | list[str]]:
    with force_locale(locale):
        return {
            "lang": locale, "dir": text_direction(locale), "language": LANGUAGES.get(locale, locale),
            "title": _("Your sign-in card for Brug"),
            "steps": [
                _("Scan the square code with your phone's camera, or open the address below."),
                _("Type the code if it is not filled in, and press \"Sign in\"."),
                _("Choose a password that only you know."),
                _("Next time, sign in with your card number and your password."),
            ],
            "code_label": _("Your code (use it once)"),
            "number_label": _("Your card number"),
            "valid": _("Use the code before %(date)s.", date=format_date(as_utc(card.expires_at), format="long")),
            "keep": _("Keep this card for yourself. Lost it? Ask your coordinator for a new card."),
        }


def render_card_pdf(member: User, card: SignInCard, code: str) -> bytes:
    """The card as PDF bytes, made on request and never stored (the code exists only on paper)."""
    url = card_url(code)
    locales = [member.locale if member.locale in LANGUAGES else DUTCH]
    if locales[0] != DUTCH:
        locales.append(DUTCH)
    sides = [_side(locale, card, code) for locale in locales]
    qr = make_qr(url, error="m").svg_data_uri(scale=4, border=2)
    html = render_template("accounts/cards/card_pdf.html", sides=sides, fonts=pdf_fonts(), qr=qr, code=code,
                           number=card.number, url=url)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf()
