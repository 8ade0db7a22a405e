"""Chat over JSON: conversations, history, reported messages. Thin: parse, call one service, serialise."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from community.chat import listing, moderation, services
from community.chat.schemas import ConversationIn
from community.chat.serializers import conversation_json, message_json
from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.core.pagination import page_args, page_json
from community.core.time import isoformat
from community.core.validation import json_body

bp = api_blueprint("chat_api", __name__)


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed(fields={name: _("Give a whole number.")}) from None


@bp.get("/conversations")
@login_required_api
@doc("The caller's conversations, most recent first, with unread counts")
def conversations():
    page, per_page = page_args()
    result = listing.list_conversations(current_user, page, per_page)
    return jsonify(page_json(result, lambda row: conversation_json(row.conversation, current_user.id,
                                                                   row.unread, row.last_message)))


@bp.post("/conversations")
@login_required_api
@doc("The direct conversation with a member (201 when new; 403 if either blocked the other)",
     body=ConversationIn, status=201, also=(200,))
def start_conversation():
    conversation, created = services.start_direct(current_user, json_body(ConversationIn).user_id)
    return jsonify(conversation_json(conversation, current_user.id)), 201 if created else 200


@bp.get("/conversations/<int:conversation_id>")
@login_required_api
@doc("One conversation of the caller")
def conversation(conversation_id: int):
    found = services.get_conversation(current_user, conversation_id)
    unread = services.unread_in(current_user, found.id, services.read_marker(current_user, found))
    return jsonify(conversation_json(found, current_user.id, unread))


@bp.get("/groups/<int:group_id>/conversation")
@login_required_api
@doc("The group's conversation (members only)")
def group_conversation(group_id: int):
    return jsonify(conversation_json(services.open_group_conversation(current_user, group_id), current_user.id))


@bp.get("/conversations/<int:conversation_id>/messages")
@login_required_api
@doc("Messages, oldest first: the newest page, or those before/after a message id",
     query={"before": "message id", "after": "message id", "limit": "at most 100 (default 50)"})
def messages(conversation_id: int):
    limit = _int_arg("limit") or services.HISTORY_LIMIT
    found = services.history(current_user, conversation_id, before=_int_arg("before"), after=_int_arg("after"),
                             limit=limit)
    return jsonify({"items": [message_json(m) for m in found], "limit": min(max(limit, 1), 100)})


@bp.get("/moderation/reports/<int:report_id>/context")
@login_required_api
@doc("A reported message with five messages before and after it (coordinators of the chapter, admin)")
def reported_context(report_id: int):
    report, message, before, after = moderation.reported_context(current_user, report_id)
    return jsonify({"report": {"id": report.id, "reason": report.reason, "status": report.status,
                               "created_at": isoformat(report.created_at)},
                    "message": message_json(message), "before": [message_json(m) for m in before],
                    "after": [message_json(m) for m in after]})
