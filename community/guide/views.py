"""The guide's pages: the index of a chapter by domain, an entry, the coordinators' forms for entries and
translations, referrals from a newcomer's coordination file, and the follow-ups due. Plain GET pages
and forms: they work without JavaScript (and can be cached by a service worker once read)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.core.i18n import LANGUAGES
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt, form_errors_text
from community.guide import referrals, services
from community.guide.constants import DOMAIN_LABELS, STATUS_NOTES, Domain, TranslationStatus
from community.guide.forms import EntryForm, FilterForm, ReferralForm, TranslationForm
from community.guide.models import GuideEntry
from community.guide.schemas import GuideIn, GuidePatch, ReferralIn, TranslationIn
from community.policy import can, require

bp = Blueprint("guide", __name__, template_folder="templates", url_prefix="/guide")
LABELS = {"domain_labels": DOMAIN_LABELS, "status_notes": STATUS_NOTES, "languages": LANGUAGES,
          "TranslationStatus": TranslationStatus}


def _locale() -> str:
    return str(get_locale() or "nl")


@bp.get("")
@login_required
def index():
    """A chapter's guide: cards by domain, a domain filter and a search box (any of the seven languages)."""
    form = FilterForm(request.args)
    form.fill_choices()
    page, per_page = page_args(default_per_page=50)
    status = 200
    if not form.validate():
        status, found, chapter = 422, None, None
    else:
        outcome = attempt(lambda: services.list_entries(current_user, _locale(), page, per_page,
                                                        request.args.get("chapter"), form.domain.data,
                                                        form.q.data), form, quiet=True)
        if outcome:
            found, chapter = outcome.value
        else:
            found, chapter, status = None, None, outcome.error.status
            for name, message in outcome.error.fields.items():
                field = getattr(form, name, form.q)
                field.errors = [*field.errors, str(message)] if isinstance(field.errors, list) else [str(message)]
    groups: dict[str, list] = {}
    for shown in (found.items if found else []):
        groups.setdefault(shown.entry.domain, []).append(shown)
    return render_template("guide/index.html", form=form, found=found, chapter=chapter,
                           groups=groups if not form.q.data else {}, domains=list(Domain), **LABELS), status


@bp.get("/<int:entry_id>")
@login_required
def entry(entry_id: int):
    """One entry, "in simple words" first, with a read-aloud button where the browser has a voice."""
    found = services.get_entry(current_user, entry_id)
    return render_template("guide/entry.html", shown=services.localize(found, _locale()), **LABELS)


def _entry_form_page(found: GuideEntry | None):
    form = EntryForm(obj=found) if found is not None and request.method == "GET" else EntryForm()
    form.fill_choices()
    if request.method == "GET":
        if found is not None:
            form.languages_spoken.data = found.languages
        else:
            form.source_locale.data = _locale()
    if form.validate_on_submit():
        if found is None:
            chapter = request.args.get("chapter") or current_user.chapter_slug or ""
            outcome = attempt(lambda: services.create_entry(
                current_user, validate(GuideIn, {**form.values(), "chapter": chapter})), form,
                success=_("The entry is in the guide."))
        else:
            outcome = attempt(lambda: services.update_entry(
                current_user, found.id, validate(GuidePatch, form.values())), form, success=_("The entry is saved."))
        if outcome:
            return redirect(url_for("guide.entry", entry_id=outcome.value.id))
    return render_template("guide/form.html", form=form, found=found, **LABELS), 422 if form.errors else 200


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Add an entry to the guide of my chapter (coordinators; admins name the chapter with ?chapter=)."""
    chapter = services.chapter_for_new_entry(current_user, request.args.get("chapter"))
    require(current_user, "guide.create", chapter.id if chapter else None)
    return _entry_form_page(None)


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit(entry_id: int):
    """Change an entry (its chapter's coordinators); translations become outdated when the text changes."""
    found = services.get_entry(current_user, entry_id)
    require(current_user, "guide.edit", found)
    return _entry_form_page(found)


@bp.route("/<int:entry_id>/translations/<locale>", methods=["GET", "POST"])
@login_required
def translate(entry_id: int, locale: str):
    """Write an entry's translation into one language, beside its source text."""
    found = services.get_entry(current_user, entry_id)
    require(current_user, "guide.translate", found)
    if locale not in LANGUAGES or locale == found.source_locale:
        abort(404)
    existing = next((t for t in found.translations if t.locale == locale), None)
    form = TranslationForm(obj=existing) if request.method == "GET" else TranslationForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: services.put_translation(current_user, entry_id, locale, validate(TranslationIn, {
            "name": form.name.data or "", "description": form.description.data or "",
            "simple_summary": form.simple_summary.data or ""})), form, success=_("The translation is saved."))
        if outcome:
            return redirect(url_for("guide.entry", entry_id=entry_id, lang=locale))
    return render_template("guide/translate.html", form=form, found=found, locale=locale, existing=existing,
                           **LABELS), 422 if form.errors else 200


# Referrals ------------------------------------------------------------------------------------------
@bp.post("/referrals/<int:user_id>")
@login_required
def refer(user_id: int):
    """Refer a newcomer to an entry, from their coordination file."""
    member = referrals.member_by_id(user_id)
    require(current_user, "referrals.create", member, hide=True)
    form = ReferralForm()
    form.guide_entry_id.choices = [(str(e.id), e.name) for e in referrals.entries_for_referral(member)]
    back = url_for("coordination.member", user_id=user_id) + "#referrals"
    if form.validate_on_submit():
        attempt(lambda: referrals.create_referral(current_user, user_id, validate(ReferralIn, {
            "guide_entry_id": form.guide_entry_id.data, "note": form.note.data or "",
            "follow_up_on": form.follow_up_on.data})), success=_("The referral is saved."))
    else:
        flash(form_errors_text(form), "error")
    # The form lives on the coordination file: back there, with any refusal as the message at the top.
    return redirect(back)


@bp.post("/referrals/<int:referral_id>/done")
@login_required
def followed_up(referral_id: int):
    """The coordinator followed a referral up."""
    form = ConfirmForm()
    if form.validate_on_submit():
        referral = referrals.mark_followed_up(current_user, referral_id)
        flash(_("Marked as followed up."), "success")
        if request.form.get("next") == "list":
            return redirect(url_for("guide.follow_ups"))
        return redirect(url_for("coordination.member", user_id=referral.user_id) + "#referrals")
    abort(400)


@bp.get("/follow-ups")
@login_required
def follow_ups():
    """Referrals whose follow-up day has come, the oldest first (coordinators)."""
    rows = referrals.follow_ups_due(current_user)
    return render_template("guide/follow_ups.html", rows=rows, confirm=ConfirmForm(), **LABELS)


def member_referrals(member: Any) -> dict[str, Any]:
    """For the block on a newcomer's coordination file: their referrals and the form (template global)."""
    if not can(current_user, "referrals.view", member) or member.id == current_user.id:
        return {"visible": False}
    rows = referrals.referrals_of(current_user, member)
    form = None
    if can(current_user, "referrals.create", member):
        form = ReferralForm()
        entries = referrals.entries_for_referral(member)
        form.guide_entry_id.choices = [(str(e.id), f"{DOMAIN_LABELS.get(e.domain, e.domain)}: {e.name}")
                                       for e in entries]
    return {"visible": True, "rows": [(r, services.localize(r.entry, _locale())) for r in rows], "form": form,
            "confirm": ConfirmForm()}


def my_referrals(user: Any) -> dict[str, Any]:
    """For the member's home block: whom we put them in touch with."""
    return {"referrals": [services.localize(r.entry, _locale()) for r in referrals.my_referrals(user)][:10]}
