"""Post pages: a post with its comments, editing, removing and reporting."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts.forms import ConfirmForm, ReportForm
from community.accounts.schemas import ReportIn
from community.coordination.services import create_report
from community.core.errors import DomainError
from community.core.pagination import page_args
from community.core.permissions import require
from community.core.validation import validate
from community.core.webforms import show_errors
from community.groups import forms as f
from community.groups import posts
from community.groups.schemas import CommentIn, PostPatch

bp = Blueprint("group_posts", __name__, template_folder="templates")


def _render(post_id: int, comment_form: f.CommentForm, status: int = 200):
    page, per_page = page_args()
    post, result = posts.list_comments(current_user, post_id, page, per_page)
    return render_template("groups/post.html", post=post, group=post.group, comments=result,
                           comment_form=comment_form, confirm=ConfirmForm(), report_form=ReportForm()), status


@bp.get("/posts/<int:post_id>")
@login_required
def show(post_id: int):
    """A post and its comments."""
    return _render(post_id, f.CommentForm())


@bp.post("/posts/<int:post_id>/comments")
@login_required
def comment(post_id: int):
    """Answer a post."""
    form = f.CommentForm()
    if form.validate_on_submit():
        try:
            posts.add_comment(current_user, post_id, validate(CommentIn, {"body": form.body.data}))
        except DomainError as error:
            if error.status in (401, 403, 404):
                raise
            show_errors(form, error)
        else:
            flash(_("Your answer is published."), "success")
            return redirect(url_for("group_posts.show", post_id=post_id))
    return _render(post_id, form, 422)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    """Edit my post."""
    post = posts.get_post(current_user, post_id)
    require(current_user, "posts.edit", post)
    form = f.PostForm(obj=post)
    if form.validate_on_submit():
        try:
            posts.edit_post(current_user, post_id, validate(PostPatch, {"title": form.title.data,
                                                                        "body": form.body.data}))
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(_("Your post is saved."), "success")
            return redirect(url_for("group_posts.show", post_id=post_id))
    return render_template("groups/edit_post.html", post=post, form=form), 422 if form.errors else 200


@bp.post("/posts/<int:post_id>/remove")
@login_required
def remove(post_id: int):
    """Delete my post, or remove one as moderator."""
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
        return redirect(url_for("group_posts.show", post_id=post_id))
    post = posts.remove_post(current_user, post_id)
    flash(_("The post is removed."), "success")
    return redirect(url_for("groups.show", group_id=post.group_id))


@bp.post("/comments/<int:comment_id>/remove")
@login_required
def remove_comment(comment_id: int):
    """Delete my comment, or remove one as moderator."""
    comment = posts.get_comment(current_user, comment_id)
    if ConfirmForm().validate_on_submit():
        posts.remove_comment(current_user, comment_id)
        flash(_("The comment is removed."), "success")
    else:
        flash(_("This form has expired. Please try again."), "error")
    return redirect(url_for("group_posts.show", post_id=comment.post_id))


@bp.post("/<any(posts, comments):kind>/<int:target_id>/report")
@login_required
def report(kind: str, target_id: int):
    """Report a post or a comment to the coordinators."""
    form = ReportForm()
    target_type = kind[:-1]
    if target_type == "comment":
        post_id = posts.get_comment(current_user, target_id).post_id
    else:
        post_id = posts.get_post(current_user, target_id).id
    if form.validate_on_submit():
        data = validate(ReportIn, {"target_type": target_type, "target_id": target_id, "reason": form.reason.data})
        create_report(current_user, data.target_type, data.target_id, data.reason)
        flash(_("Thank you. A coordinator will look at your report."), "success")
    else:
        flash(_("Please say what is wrong."), "error")
    return redirect(url_for("group_posts.show", post_id=post_id))
