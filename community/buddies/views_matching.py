"""The coordinator's matching board: suggestions for any member of the chapter, auto-match with
approval, the chapter's matches and the ones that need attention."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.buddies import followup, matching, services
from community.buddies import forms as f
from community.buddies.constants import KINDS, BuddyKind
from community.buddies.models import Match
from community.coordination.models import Chapter
from community.coordination.services import list_chapters
from community.core.pagination import paginate
from community.core.webforms import attempt, form_errors_text
from community.policy import BUDDY_SEEKER_ROLES, can, require

bp = Blueprint("buddies_matching", __name__, template_folder="templates", url_prefix="/buddies/board")


def _chapter(slug: str | None) -> Chapter:
    # A coordinator works in their own chapter; an admin picks one (the first by default).
    chapters = [c for c in list_chapters() if can(current_user, "buddies.automatch", c.id)]
    if not chapters:
        abort(403)
    chosen = next((c for c in chapters if c.slug == slug), None)
    if slug and chosen is None:
        abort(404)
    return chosen or next((c for c in chapters if c.id == current_user.chapter_id), chapters[0])


def _back():
    return redirect(url_for("buddies_matching.page", chapter=request.args.get("chapter")))


def _render(chapter: Chapter, proposals=None, status: int = 200):
    """The board page of a chapter, optionally with auto-match proposals to approve."""
    form = f.BoardForm(request.args)
    form.chapter.choices = [(c.slug, c.name) for c in list_chapters() if can(current_user, "buddies.automatch", c.id)]
    form.chapter.data = chapter.slug
    members = matching.enrolled_members(chapter.id, BUDDY_SEEKER_ROLES)
    form.member.choices = [("", _("Choose a newcomer"))] + [(str(m.id), m.name) for m in members]
    member, suggestions = None, []
    member_id = request.args.get("member", type=int)
    if member_id:
        member, suggestions = matching.suggestions(current_user, member_id)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    pagination = paginate(services.matches_query(current_user).where(Match.chapter_id == chapter.id), page, 20)
    approve = f.ApproveForm()
    if proposals is not None:
        approve.proposals.choices = [(f"{p.newcomer.id}:{p.local.id}:{p.kind}", "") for p in proposals]
        approve.proposals.data = [value for value, _label in approve.proposals.choices]
    return render_template(
        "buddies/board.html", chapter=chapter, form=form, member=member, suggestions=suggestions[:10],
        pagination=pagination, attention=followup.needs_attention(current_user, chapter.id),
        automatch=f.AutoMatchForm(chapter=chapter.slug), proposals=proposals, approve=approve,
        propose=f.ProposeForm()), status


@bp.get("")
@login_required
def page():
    """The matching board of a chapter."""
    require(current_user, "buddies.coordinate")
    return _render(_chapter(request.args.get("chapter")))


@bp.post("/auto-match")
@login_required
def auto_match():
    """Compute the best proposals and show them for approval (nothing is created yet)."""
    require(current_user, "buddies.coordinate")
    form = f.AutoMatchForm()
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return _back()
    chapter = _chapter(form.chapter.data)
    outcome = attempt(lambda: matching.auto_match(current_user, chapter.slug,
                                                  BuddyKind(form.kind.data) if form.kind.data else None,
                                                  explain_reasons=True))
    if not outcome:
        return _render(chapter, status=outcome.error.status)
    proposals = outcome.value
    if not proposals:
        flash(_("Nobody is waiting who can be matched right now."), "warning")
    else:
        flash(_("%(n)s proposals: tick the ones to send, then confirm.", n=len(proposals)), "success")
    return _render(chapter, proposals)


def _pairs(values: list[str]) -> list[tuple[int, int, BuddyKind]]:
    """The ticked proposals ("newcomer:local:kind"); anything else was not offered and is skipped."""
    pairs = []
    for value in values:
        parts = value.split(":")
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() and parts[2] in KINDS:
            pairs.append((int(parts[0]), int(parts[1]), BuddyKind(parts[2])))
    return pairs


@bp.post("/approve")
@login_required
def approve():
    """Create the ticked proposals as matches; both sides are then asked."""
    require(current_user, "buddies.coordinate")
    form = f.ApproveForm()
    if not form.validate_on_submit():
        flash(_("Tick at least one proposal."), "error")
        return _back()
    created, problems = matching.approve_proposals(current_user, _pairs(form.proposals.data))
    flash(_("%(n)s matches proposed; both sides are asked now.", n=len(created)), "success")
    for problem in problems:
        flash(problem, "warning")
    return _back()


@bp.post("/propose/<int:newcomer_id>/<int:local_id>")
@login_required
def propose(newcomer_id: int, local_id: int):
    """Propose one suggested pair."""
    form = f.ProposeForm()
    back = redirect(url_for("buddies_matching.page", member=newcomer_id, chapter=request.args.get("chapter")))
    if not form.validate_on_submit():
        flash(form_errors_text(form), "error")
        return back
    outcome = attempt(lambda: services.propose_match(current_user, newcomer_id, local_id,
                                                     BuddyKind(form.kind.data) if form.kind.data else None))
    if outcome:
        match = outcome.value
        flash(_("Proposed: %(a)s and %(b)s are asked now.", a=match.newcomer.name, b=match.local.name), "success")
    return back
