"""Post pages: a post with its comments, editing, removing and reporting."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts.forms import ReportForm
from community.accounts.schemas import ReportIn
from community.coordination.services import create_report
from community.core.pagination import page_args
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt
from community.groups import forms as f
from community.groups import posts
from community.groups.constants import ReportTarget
from community.groups.schemas import CommentIn, PostPatch
from community.policy import require

bp = Blueprint("groups_posts", __name__, template_folder="templates")


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
    if form.validate_on_submit() and attempt(
            lambda: posts.add_comment(current_user, post_id, validate(CommentIn, {"body": form.body.data})),
            form, success=_("Your answer is published.")):
        return redirect(url_for("groups_posts.show", post_id=post_id))
    return _render(post_id, form, 422)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    """Edit my post."""
    post = posts.get_post(current_user, post_id)
    require(current_user, "posts.edit", post)
    form = f.PostForm(obj=post)
    if form.validate_on_submit() and attempt(
            lambda: posts.edit_post(current_user, post_id, validate(PostPatch, {"title": form.title.data,
                                                                                "body": form.body.data})),
            form, success=_("Your post is saved.")):
        return redirect(url_for("groups_posts.show", post_id=post_id))
    return render_template("groups/edit_post.html", post=post, form=form), 422 if form.errors else 200


@bp.post("/posts/<int:post_id>/remove")
@login_required
def remove(post_id: int):
    """Delete my post, or remove one as moderator."""
    outcome = attempt(lambda: posts.remove_post(current_user, post_id), success=_("The post is removed."))
    if outcome:
        return redirect(url_for("groups.show", group_id=outcome.value.group_id))
    return redirect(url_for("groups_posts.show", post_id=post_id))


@bp.post("/comments/<int:comment_id>/remove")
@login_required
def remove_comment(comment_id: int):
    """Delete my comment, or remove one as moderator."""
    comment = posts.get_comment(current_user, comment_id)
    attempt(lambda: posts.remove_comment(current_user, comment_id), success=_("The comment is removed."))
    return redirect(url_for("groups_posts.show", post_id=comment.post_id))


@bp.post("/<any(posts, comments):kind>/<int:target_id>/report")
@login_required
def report(kind: str, target_id: int):
    """Report a post or a comment to the coordinators."""
    form = ReportForm()
    target = ReportTarget.POST if kind == "posts" else ReportTarget.COMMENT
    if target == ReportTarget.COMMENT:
        post_id = posts.get_comment(current_user, target_id).post_id
    else:
        post_id = posts.get_post(current_user, target_id).id
    if not form.validate_on_submit():  # the form is shown folded on another page: say it at the top
        flash(_("Please say what is wrong."), "error")
    else:
        attempt(lambda: _report(target, target_id, form.reason.data), form,
                success=_("Thank you. A coordinator will look at your report."))
    return redirect(url_for("groups_posts.show", post_id=post_id))


def _report(target: ReportTarget, target_id: int, reason: str) -> None:
    data = validate(ReportIn, {"target_type": target, "target_id": target_id, "reason": reason})
    create_report(current_user, data.target_type, data.target_id, data.reason)
