"""Groups, their members, posts and comments over JSON. Thin: parse, call one service, serialise."""
from __future__ import annotations

from enum import StrEnum

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.core.pagination import page_args, page_json
from community.core.validation import json_body
from community.groups import membership, posts, services
from community.groups.constants import GroupKind, MembershipStatus
from community.groups.schemas import CommentIn, GroupIn, PostIn, PostPatch
from community.groups.serializers import comment_json, group_json, member_json, post_json
from community.search.limits import QUERY_DOC

bp = api_blueprint("groups_api", __name__)
FILTERS = {"kind": " or ".join(GroupKind), "chapter": "chapter slug", "sector": "sector slug",
           "q": f"text in name or description; {QUERY_DOC}"}


def _one(group):
    return group_json(services.group_row(current_user, group), current_user)


def _post(post):
    return post_json(posts.post_row(current_user, post), current_user)


def _choice(name: str, vocabulary: type[StrEnum], default: StrEnum | None = None) -> StrEnum | None:
    """A query argument that must be one of a vocabulary's values (422 naming it otherwise)."""
    raw = request.args.get(name) or None
    if raw is None:
        return default
    if raw not in tuple(vocabulary):
        raise ValidationFailed(fields={name: _("Choose one of: %(options)s.", options=", ".join(vocabulary))})
    return vocabulary(raw)


@bp.get("/groups")
@login_required_api
@doc("Active groups, filtered", query=FILTERS)
def list_groups():
    kind = _choice("kind", GroupKind)
    page, per_page = page_args()
    result = services.list_groups(current_user, page, per_page, kind=kind, chapter=request.args.get("chapter"),
                                  sector=request.args.get("sector"), q=request.args.get("q"))
    return jsonify(page_json(result, lambda g: group_json(g, current_user)))


@bp.post("/groups")
@login_required_api
@doc("Create a group (coordinator of the chapter, admin)", body=GroupIn, status=201)
def create_group():
    return jsonify(_one(services.create_group(current_user, json_body(GroupIn)))), 201


@bp.get("/groups/proposals")
@login_required_api
@doc("Proposed groups waiting for the caller's approval (coordinators, admin)")
def list_proposals():
    return jsonify({"items": [group_json(row, current_user) for row in services.list_proposals(current_user)]})


@bp.post("/groups/proposals")
@login_required_api
@doc("Propose a group; a coordinator approves it", body=GroupIn, status=201)
def propose_group():
    return jsonify(_one(services.propose_group(current_user, json_body(GroupIn)))), 201


@bp.post("/groups/<int:group_id>/approve")
@login_required_api
@doc("Approve a proposed group (coordinator, admin)")
def approve_group(group_id: int):
    return jsonify(_one(services.approve_proposal(current_user, group_id)))


@bp.post("/groups/<int:group_id>/reject")
@login_required_api
@doc("Turn down a proposed group (coordinator, admin)", status=204)
def reject_group(group_id: int):
    services.reject_proposal(current_user, group_id)
    return "", 204


@bp.get("/groups/<int:group_id>")
@login_required_api
@doc("One group")
def get_group(group_id: int):
    return jsonify(_one(services.get_group(current_user, group_id)))


@bp.post("/groups/<int:group_id>/join")
@login_required_api
@doc("Join an open group, or ask to join a closed one", status=201)
def join(group_id: int):
    return jsonify(status=membership.join(current_user, group_id)), 201  # a membership (or a request) is created


@bp.post("/groups/<int:group_id>/leave")
@login_required_api
@doc("Leave a group or withdraw a request")
def leave(group_id: int):
    membership.leave(current_user, group_id)
    return jsonify(status=None)


@bp.get("/groups/<int:group_id>/members")
@login_required_api
@doc("A group's members; ?status=pending lists requests (moderators, coordinators)",
     query={"status": "|".join(MembershipStatus)})
def members(group_id: int):
    status = _choice("status", MembershipStatus, MembershipStatus.MEMBER)
    page, per_page = page_args()
    _group, result = membership.list_members(current_user, group_id, page, per_page, status=status)
    return jsonify(page_json(result, member_json))


@bp.post("/groups/<int:group_id>/members/<int:user_id>/approve")
@login_required_api
@doc("Let a member into a closed group (group moderator, coordinator)")
def approve_member(group_id: int, user_id: int):
    return jsonify(member_json(membership.approve_member(current_user, group_id, user_id)))


@bp.post("/groups/<int:group_id>/members/<int:user_id>/reject")
@login_required_api
@doc("Turn down a request to join, or remove a member (group moderator, coordinator)", status=204)
def reject_member(group_id: int, user_id: int):
    membership.reject_member(current_user, group_id, user_id)
    return "", 204


@bp.route("/groups/<int:group_id>/members/<int:user_id>/moderator", methods=["POST", "DELETE"])
@login_required_api
@doc("Appoint (POST) or step back (DELETE) a group moderator (coordinator, admin)")
def moderator(group_id: int, user_id: int):
    row = membership.set_moderator(current_user, group_id, user_id, moderator=request.method == "POST")
    return jsonify(member_json(row))


@bp.get("/groups/<int:group_id>/posts")
@login_required_api
@doc("A group's posts, newest activity first")
def list_posts(group_id: int):
    page, per_page = page_args()
    _parent, result = posts.list_posts(current_user, group_id, page, per_page)
    return jsonify(page_json(result, lambda row: post_json(row, current_user)))


@bp.post("/groups/<int:group_id>/posts")
@login_required_api
@doc("Write a post (members); the body is Markdown", body=PostIn, status=201)
def create_post(group_id: int):
    return jsonify(_post(posts.create_post(current_user, group_id, json_body(PostIn)))), 201


@bp.get("/posts/<int:post_id>")
@login_required_api
@doc("One post")
def get_post(post_id: int):
    return jsonify(_post(posts.get_post(current_user, post_id)))


@bp.patch("/posts/<int:post_id>")
@login_required_api
@doc("Edit one's own post", body=PostPatch)
def edit_post(post_id: int):
    return jsonify(_post(posts.edit_post(current_user, post_id, json_body(PostPatch))))


@bp.delete("/posts/<int:post_id>")
@login_required_api
@doc("Delete one's own post, or remove any post as moderator", status=204)
def remove_post(post_id: int):
    posts.remove_post(current_user, post_id)
    return "", 204


@bp.get("/posts/<int:post_id>/comments")
@login_required_api
@doc("A post's comments, newest first")
def list_comments(post_id: int):
    page, per_page = page_args()
    _parent, result = posts.list_comments(current_user, post_id, page, per_page)
    return jsonify(page_json(result, lambda c: comment_json(c, current_user)))


@bp.post("/posts/<int:post_id>/comments")
@login_required_api
@doc("Comment on a post (members)", body=CommentIn, status=201)
def add_comment(post_id: int):
    return jsonify(comment_json(posts.add_comment(current_user, post_id, json_body(CommentIn)), current_user)), 201


@bp.delete("/comments/<int:comment_id>")
@login_required_api
@doc("Remove a comment (its author, a moderator)", status=204)
def remove_comment(comment_id: int):
    posts.remove_comment(current_user, comment_id)
    return "", 204
