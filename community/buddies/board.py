"""The coordinator's matching board: suggestions for any member of the chapter, auto-match with
approval, the chapter's matches and the ones that need attention."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.buddies import followup, matching, services
from community.buddies import forms as f
from community.buddies.models import KINDS, Match
from community.coordination.models import Chapter
from community.coordination.services import list_chapters
from community.core.errors import DomainError
from community.core.pagination import paginate
from community.core.permissions import BUDDY_SEEKER_ROLES, can

bp = Blueprint("board", __name__, url_prefix="/board")


def _chapter(slug: str | None) -> Chapter:
    # A coordinator works in their own chapter; an admin picks one (the first by default).
    chapters = [c for c in list_chapters() if can(current_user, "buddies.automatch", c.id)]
    if not chapters:
        abort(403)
    chosen = next((c for c in chapters if c.slug == slug), None)
    if slug and chosen is None:
        abort(404)
    return chosen or next((c for c in chapters if c.id == current_user.chapter_id), chapters[0])


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
        try:
            member, suggestions = matching.suggestions(current_user, member_id)
        except DomainError as error:
            flash(str(error.message), "error")
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
        confirm=f.ConfirmForm()), status


@bp.get("")
@login_required
def page():
    """The matching board of a chapter."""
    if not current_user.can("buddies.coordinate"):
        abort(403)
    return _render(_chapter(request.args.get("chapter")))


@bp.post("/auto-match")
@login_required
def auto_match():
    """Compute the best proposals and show them for approval (nothing is created yet)."""
    form = f.AutoMatchForm()
    if not current_user.can("buddies.coordinate") or not form.validate_on_submit():
        abort(400 if current_user.can("buddies.coordinate") else 403)
    chapter = _chapter(form.chapter.data)
    proposals = matching.auto_match(current_user, chapter.slug, form.kind.data or None, explain_reasons=True)
    if not proposals:
        flash(_("Nobody is waiting who can be matched right now."), "warning")
    else:
        flash(_("%(n)s proposals: tick the ones to send, then confirm.", n=len(proposals)), "success")
    return _render(chapter, proposals)


@bp.post("/approve")
@login_required
def approve():
    """Create the ticked proposals as matches; both sides are then asked."""
    form = f.ApproveForm()
    if not current_user.can("buddies.coordinate") or not form.validate_on_submit():
        flash(_("Tick at least one proposal."), "error")
        return redirect(url_for("buddies.board.page", chapter=request.args.get("chapter")))
    pairs = []
    for value in form.proposals.data:
        parts = value.split(":")
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() and parts[2] in KINDS:
            pairs.append((int(parts[0]), int(parts[1]), parts[2]))
    created, problems = matching.approve_proposals(current_user, pairs)
    flash(_("%(n)s matches proposed; both sides are asked now.", n=len(created)), "success")
    for problem in problems:
        flash(problem, "warning")
    return redirect(url_for("buddies.board.page", chapter=request.args.get("chapter")))


@bp.post("/propose/<int:newcomer_id>/<int:local_id>")
@login_required
def propose(newcomer_id: int, local_id: int):
    """Propose one suggested pair."""
    form = f.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        match = services.propose_match(current_user, newcomer_id, local_id, form.kind.data or None)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Proposed: %(a)s and %(b)s are asked now.", a=match.newcomer.name, b=match.local.name), "success")
    return redirect(url_for("buddies.board.page", member=newcomer_id, chapter=request.args.get("chapter")))

