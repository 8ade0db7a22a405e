"""Group pages: directory, proposals, the group page, members. Thin: parse, call a service, render."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts.forms import ConfirmForm
from community.coordination.reference import sector_name
from community.coordination.services import list_chapters, list_sectors
from community.core.errors import DomainError
from community.core.pagination import page_args
from community.core.permissions import require
from community.core.validation import validate
from community.core.webforms import show_errors
from community.groups import forms as f
from community.groups import posts, services
from community.groups.schemas import GroupIn, PostIn

bp = Blueprint("groups", __name__, template_folder="templates")


@bp.app_template_global("recommended_groups")
def recommended_groups_global(user) -> list:
    """For the home page: the groups recommended to this member."""
    return services.recommended_groups(user) if getattr(user, "is_authenticated", False) else []


def _place_choices(form, empty: str) -> None:
    f.set_choices(form, [(c.slug, c.name) for c in list_chapters()],
                  [(s.slug, sector_name(s.slug)) for s in list_sectors()], empty)


def _confirmed() -> bool:
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
        return False
    return True


@bp.get("/groups")
@login_required
def directory():
    """All active groups with filters, and those recommended for me."""
    form = f.FilterForm(request.args)
    _place_choices(form, _("All"))
    filters = {name: request.args.get(name) or None for name in ("kind", "chapter", "sector", "q")}
    if filters["kind"] not in (None, "coffee", "expert"):
        filters["kind"] = None
    page, per_page = page_args()
    result = services.list_groups(current_user, page, per_page, **filters)
    filtering = any(filters.values()) or page > 1
    recommended = [] if filtering else services.recommended_groups(current_user)
    return render_template("groups/directory.html", form=form, groups=result, recommended=recommended,
                           filters={k: v for k, v in filters.items() if v})


def _group_form_page(proposal: bool):
    form = f.GroupForm()
    _place_choices(form, _("None"))
    if request.method == "GET" and not form.chapter.data:
        form.chapter.data = current_user.chapter_slug or ""
    if form.validate_on_submit():
        try:
            data = validate(GroupIn, {k: form.data[k] for k in ("name", "kind", "description", "chapter",
                                                                  "sector", "visibility")})
            action = services.propose_group if proposal else services.create_group
            group = action(current_user, data)
        except DomainError as error:
            show_errors(form, error)
        else:
            if proposal:
                flash(_("Thank you! A coordinator will look at your proposal."), "success")
                return redirect(url_for("groups.directory"))
            flash(_("The group is open."), "success")
            return redirect(url_for("groups.show", group_id=group.id))
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
    return render_template("groups/proposals.html", groups=services.list_proposals(current_user),
                           confirm=ConfirmForm())


@bp.post("/groups/<int:group_id>/approve")
@login_required
def approve(group_id: int):
    """Approve a proposed group."""
    if _confirmed():
        services.approve_proposal(current_user, group_id)
        flash(_("The group is approved and open."), "success")
    return redirect(url_for("groups.proposals"))


@bp.post("/groups/<int:group_id>/reject")
@login_required
def reject(group_id: int):
    """Turn down a proposed group."""
    if _confirmed():
        services.reject_proposal(current_user, group_id)
        flash(_("The proposal is turned down."), "success")
    return redirect(url_for("groups.proposals"))


@bp.get("/groups/<int:group_id>")
@login_required
def show(group_id: int):
    """The group page: about, joining, and (for those who may read them) its posts."""
    group = services.annotate(current_user, [services.get_group(current_user, group_id)])[0]
    page, per_page = page_args()
    result = None
    if current_user.can("groups.view_content", group):
        result = posts.list_posts(current_user, group.id, page, per_page)[1]
    return render_template("groups/group.html", group=group, posts=result, post_form=f.PostForm(),
                           confirm=ConfirmForm())


@bp.post("/groups/<int:group_id>/join")
@login_required
def join(group_id: int):
    """Join an open group, or ask to join a closed one."""
    if _confirmed():
        try:
            status = services.join(current_user, group_id)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(str(error.message), "error")
        else:
            flash(_("Welcome to the group!") if status == "member"
                  else _("Your request is sent. A moderator will answer soon."), "success")
    return redirect(url_for("groups.show", group_id=group_id))


@bp.post("/groups/<int:group_id>/leave")
@login_required
def leave(group_id: int):
    """Leave a group or withdraw a request."""
    if _confirmed():
        try:
            services.leave(current_user, group_id)
        except DomainError as error:
            if error.status == 404:
                raise
            flash(str(error.message), "error")
        else:
            flash(_("You left the group."), "success")
    return redirect(url_for("groups.show", group_id=group_id))


@bp.get("/groups/<int:group_id>/members")
@login_required
def members(group_id: int):
    """The member list; requests to join for moderators and coordinators."""
    page, per_page = page_args(50)
    group, result = services.list_members(current_user, group_id, page, per_page)
    pending = None
    if current_user.can("groups.approve_member", group):
        pending = services.list_members(current_user, group_id, 1, 100, status="pending")[1]
    return render_template("groups/members.html", group=group, members=result, pending=pending,
                           confirm=ConfirmForm())


@bp.post("/groups/<int:group_id>/members/<int:user_id>/<any(approve, reject, moderator, unmoderator):action>")
@login_required
def member_action(group_id: int, user_id: int, action: str):
    """Approve or turn down a request, appoint or step back a moderator."""
    if _confirmed():
        try:
            if action == "approve":
                services.approve_member(current_user, group_id, user_id)
            elif action == "reject":
                services.reject_member(current_user, group_id, user_id)
            else:
                services.set_moderator(current_user, group_id, user_id, moderator=action == "moderator")
        except DomainError as error:
            if error.status == 404:
                raise
            flash(str(error.message), "error")
        else:
            flash({"approve": _("The member is approved."), "reject": _("The member is removed from the group."),
                   "moderator": _("The member is now a moderator."),
                   "unmoderator": _("The member is no longer a moderator.")}[action], "success")
    return redirect(url_for("groups.members", group_id=group_id))


@bp.post("/groups/<int:group_id>/posts")
@login_required
def create_post(group_id: int):
    """Write a post in the group."""
    form = f.PostForm()
    if form.validate_on_submit():
        try:
            post = posts.create_post(current_user, group_id, validate(PostIn, {"title": form.title.data,
                                                                               "body": form.body.data}))
        except DomainError as error:
            if error.status in (401, 403, 404):
                raise
            show_errors(form, error)
        else:
            flash(_("Your post is published."), "success")
            return redirect(url_for("group_posts.show", post_id=post.id))
    group = services.annotate(current_user, [services.get_group(current_user, group_id)])[0]
    require(current_user, "groups.view_content", group, hide=True)
    result = posts.list_posts(current_user, group.id, 1, 20)[1]
    return render_template("groups/group.html", group=group, posts=result, post_form=form,
                           confirm=ConfirmForm()), 422
