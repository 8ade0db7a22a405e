"""Chat pages: the conversation list and a conversation that works without JavaScript. Thin."""
from __future__ import annotations

import secrets

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.chat import listing, moderation, services
from community.chat.forms import MessageForm
from community.chat.page import conversation_page
from community.chat.serializers import conversation_title
from community.core.pagination import page_args
from community.core.webforms import attempt

bp = Blueprint("chat", __name__, template_folder="templates")


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() else None


@bp.get("/messages")
@login_required
def inbox():
    """My conversations with unread badges."""
    page, per_page = page_args()
    return render_template("chat/inbox.html", conversations=listing.list_conversations(current_user, page, per_page))


def _conversation_page(conversation_id: int, form: MessageForm, status: int = 200):
    page = conversation_page(current_user, conversation_id, before=_int_arg("before"), after=_int_arg("after"))
    form.client_id.data = secrets.token_hex(8)
    return render_template(
        "chat/conversation.html", conversation=page.conversation, messages=page.messages, form=form,
        older=page.older, newer=page.newer, title=conversation_title(page.conversation, current_user.id),
        last_id=page.messages[-1].id if page.messages else 0, may_send=page.may_send,
        others_read_id=page.others_read_id), status


@bp.get("/messages/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    """A conversation: the newest messages, older/newer links, and the form to write."""
    return _conversation_page(conversation_id, MessageForm())


@bp.post("/messages/<int:conversation_id>")
@login_required
def send(conversation_id: int):
    """Send a message with the plain form (the page's script uses the socket instead)."""
    form = MessageForm()
    if not form.validate_on_submit():
        return _conversation_page(conversation_id, form, 422)
    outcome = attempt(lambda: services.send_message(current_user, conversation_id, form.body.data,
                                                    form.client_id.data or None), form, success=_("Message sent."))
    if not outcome:
        return _conversation_page(conversation_id, form, outcome.error.status)
    return redirect(url_for("chat.conversation", conversation_id=conversation_id) + "#latest")


@bp.post("/messages/with/<int:user_id>")
@login_required
def start(user_id: int):
    """Open (or start) the direct conversation with a member, from their profile."""
    outcome = attempt(lambda: services.start_direct(current_user, user_id))
    if not outcome:
        return redirect(url_for("accounts.profile", user_id=user_id))
    conversation, _created = outcome.value
    return redirect(url_for("chat.conversation", conversation_id=conversation.id))


@bp.get("/groups/<int:group_id>/chat")
@login_required
def group_chat(group_id: int):
    """The group's conversation."""
    conversation = services.open_group_conversation(current_user, group_id)
    return redirect(url_for("chat.conversation", conversation_id=conversation.id))


@bp.get("/moderation/reports/<int:report_id>/message")
@login_required
def reported(report_id: int):
    """A reported message with the five messages before and after it, for the chapter's moderators."""
    report, message, before, after = moderation.reported_context(current_user, report_id)
    return render_template("chat/reported.html", report=report, message=message, before=before, after=after)
