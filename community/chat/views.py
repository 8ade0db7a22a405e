"""Chat pages: the conversation list and a conversation that works without JavaScript. Thin."""
from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.accounts.forms import ConfirmForm
from community.chat import listing, moderation, services
from community.chat.forms import MessageForm
from community.chat.serializers import conversation_title
from community.core.errors import DomainError
from community.core.pagination import page_args
from community.core.webforms import show_errors

bp = Blueprint("chat", __name__, template_folder="templates")


@bp.app_template_global("chat_unread_count")
def chat_unread_count() -> int:
    """Unread messages of the signed-in member, for the menu (one query, only when a page asks)."""
    return listing.unread_total(current_user.id) if current_user.is_authenticated else 0


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
    conversation = services.get_conversation(current_user, conversation_id)
    before, after = _int_arg("before"), _int_arg("after")
    messages = services.history(current_user, conversation.id, before=before, after=after)
    first, last = (messages[0].id, messages[-1].id) if messages else (None, None)
    older = first is not None and services.has_messages(conversation.id, before=first)
    newer = last is not None and services.has_messages(conversation.id, after=last)
    if messages and not newer:
        services.mark_read(current_user, conversation.id, last)
    form.client_id.data = secrets.token_hex(8)
    return render_template(
        "chat/conversation.html", conversation=conversation, messages=messages, form=form, older=older,
        newer=newer, title=conversation_title(conversation, current_user.id), last_id=last or 0,
        may_send=services.may_send(current_user, conversation),
        others_read_id=services.others_read_up_to(current_user, conversation)), status


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
    try:
        services.send_message(current_user, conversation_id, form.body.data, form.client_id.data or None)
    except DomainError as error:
        show_errors(form, error)
        return _conversation_page(conversation_id, form, error.status)
    flash(_("Message sent."), "success")
    return redirect(url_for("chat.conversation", conversation_id=conversation_id) + "#latest")


@bp.post("/messages/with/<int:user_id>")
@login_required
def start(user_id: int):
    """Open (or start) the direct conversation with a member, from their profile."""
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
        return redirect(url_for("accounts.profile", user_id=user_id))
    try:
        conversation, _created = services.start_direct(current_user, user_id)
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for("accounts.profile", user_id=user_id))
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
