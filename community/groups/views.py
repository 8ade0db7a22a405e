"""Group pages: directory, proposals, the group page, members. Thin: parse, call a service, render."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.coordination.reference import sector_name
from community.coordination.services import list_chapters, list_sectors
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt
from community.groups import forms as f
from community.groups import membership, posts, services
from community.groups.constants import KIND_LABELS, GroupKind, MembershipStatus
from community.groups.schemas import GroupIn, PostIn
from community.policy import can, require

bp = Blueprint("groups", __name__, template_folder="templates")
GROUP_FIELDS = ("name", "kind", "description", "chapter", "sector", "visibility")


@bp.app_template_global("recommended_groups")
def recommended_groups_global(user) -> list:
    """For the home page: the groups recommended to this member."""
    return services.recommended_groups(user) if getattr(user, "is_authenticated", False) else []


@bp.app_template_global("group_kind_label")
def group_kind_label(kind: str) -> str:
    """A kind of group in the reader's language."""
    return str(KIND_LABELS.get(kind, kind))


def _place_choices(form, empty: str) -> None:
    f.set_choices(form, [(c.slug, c.name) for c in list_chapters()],
                  [(s.slug, sector_name(s.slug)) for s in list_sectors()], empty)


@bp.get("/groups")
@login_required
def directory():
    """All active groups with filters, and those recommended for me."""
    form = f.FilterForm(request.args)
    _place_choices(form, _("All"))
    filters = {name: request.args.get(name) or None for name in ("kind", "chapter", "sector", "q")}
    # A page ignores a kind nobody offers (an edited address) rather than answering an error.
    filters["kind"] = GroupKind(filters["kind"]) if filters["kind"] in tuple(GroupKind) else None
    page, per_page = page_args()
    # A search too long or with too many words is said under the box.
    outcome = attempt(lambda: services.list_groups(current_user, page, per_page, **filters), form)
    result = outcome.value
    filtering = any(filters.values()) or page > 1
    recommended = [] if filtering else services.recommended_groups(current_user)
    return render_template("groups/directory.html", form=form, groups=result, recommended=recommended,
                           filters={k: v for k, v in filters.items() if v}), 422 if result is None else 200


def _group_form_page(proposal: bool):
    form = f.GroupForm()
    _place_choices(form, _("None"))
    if request.method == "GET" and not form.chapter.data:
        form.chapter.data = current_user.chapter_slug or ""
    if form.validate_on_submit():
        action = services.propose_group if proposal else services.create_group
        outcome = attempt(lambda: action(current_user, validate(GroupIn, {k: form.data[k] for k in GROUP_FIELDS})),
                          form)
        if outcome and proposal:
            flash(_("Thank you! A coordinator will look at your proposal."), "success")
            return redirect(url_for("groups.directory"))
        if outcome:
            flash(_("The group is open."), "success")
            return redirect(url_for("groups.show", group_id=outcome.value.id))
    return render_template("groups/form.html", form=form, proposal=proposal), 422 if form.errors else 200


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    """Open a new group (coordinators of the chapter, admins)."""
    require(current_user, "groups.create")
    return _group_form_page(proposal=False)


@bp.route("/groups/propose", methods=["GET", "POST"])
@login_required
def propose():
    """Propose a group to the coordinators."""
    require(current_user, "groups.propose")
    return _group_form_page(proposal=True)


@bp.get("/groups/proposals")
@login_required
def proposals():
    """Proposed groups waiting for my approval."""
    return render_template("groups/proposals.html", rows=services.list_proposals(current_user),
                           confirm=ConfirmForm())


@bp.post("/groups/<int:group_id>/approve")
@login_required
def approve(group_id: int):
    """Approve a proposed group."""
    attempt(lambda: services.approve_proposal(current_user, group_id), success=_("The group is approved and open."))
    return redirect(url_for("groups.proposals"))


@bp.post("/groups/<int:group_id>/reject")
@login_required
def reject(group_id: int):
    """Turn down a proposed group."""
    attempt(lambda: services.reject_proposal(current_user, group_id), success=_("The proposal is turned down."))
    return redirect(url_for("groups.proposals"))


def _group_page(group_id: int, post_form: f.PostForm, status: int = 200):
    row = services.get_group_row(current_user, group_id)
    page, per_page = page_args()
    result = None
    if can(current_user, "groups.view_content", row.group):
        result = posts.list_posts(current_user, group_id, page, per_page)[1]
    return render_template("groups/group.html", row=row, group=row.group, posts=result, post_form=post_form,
                           confirm=ConfirmForm()), status


@bp.get("/groups/<int:group_id>")
@login_required
def show(group_id: int):
    """The group page: about, joining, and (for those who may read them) its posts."""
    return _group_page(group_id, f.PostForm())


@bp.post("/groups/<int:group_id>/join")
@login_required
def join(group_id: int):
    """Join an open group, or ask to join a closed one."""
    outcome = attempt(lambda: membership.join(current_user, group_id))
    if outcome:
        flash(_("Welcome to the group!") if outcome.value == MembershipStatus.MEMBER
              else _("Your request is sent. A moderator will answer soon."), "success")
    return redirect(url_for("groups.show", group_id=group_id))


@bp.post("/groups/<int:group_id>/leave")
@login_required
def leave(group_id: int):
    """Leave a group or withdraw a request."""
    attempt(lambda: membership.leave(current_user, group_id), success=_("You left the group."))
    return redirect(url_for("groups.show", group_id=group_id))


@bp.get("/groups/<int:group_id>/members")
@login_required
def members(group_id: int):
    """The member list; requests to join for moderators and coordinators."""
    page, per_page = page_args(50)
    group, result = membership.list_members(current_user, group_id, page, per_page)
    pending = None
    if can(current_user, "groups.approve_member", group):
        pending = membership.list_members(current_user, group_id, 1, 100, status=MembershipStatus.PENDING)[1]
    return render_template("groups/members.html", group=group, members=result, pending=pending,
                           confirm=ConfirmForm())


@bp.post("/groups/<int:group_id>/members/<int:user_id>/<any(approve, reject, moderator, unmoderator):action>")
@login_required
def member_action(group_id: int, user_id: int, action: str):
    """Approve or turn down a request, appoint or step back a moderator."""
    calls = {
        "approve": (lambda: membership.approve_member(current_user, group_id, user_id), _("The member is approved.")),
        "reject": (lambda: membership.reject_member(current_user, group_id, user_id),
                   _("The member is removed from the group.")),
        "moderator": (lambda: membership.set_moderator(current_user, group_id, user_id, moderator=True),
                      _("The member is now a moderator.")),
        "unmoderator": (lambda: membership.set_moderator(current_user, group_id, user_id, moderator=False),
                        _("The member is no longer a moderator.")),
    }
    call, done = calls[action]
    attempt(call, success=done)
    return redirect(url_for("groups.members", group_id=group_id))


@bp.post("/groups/<int:group_id>/posts")
@login_required
def create_post(group_id: int):
    """Write a post in the group."""
    form = f.PostForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: posts.create_post(current_user, group_id, validate(PostIn, {
            "title": form.title.data, "body": form.body.data})), form, success=_("Your post is published."))
        if outcome:
            return redirect(url_for("groups_posts.show", post_id=outcome.value.id))
    return _group_page(group_id, form, 422)
