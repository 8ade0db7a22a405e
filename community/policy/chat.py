"""Conversations: only their participants read them; staff see a message once it is reported."""
from __future__ import annotations

from typing import Any, Callable

from community.chat.constants import MESSAGE_REPORT_TARGET
from community.policy.base import _is_coordinator, is_admin
from community.policy.groups import _group_member


def _chat_participant(user: Any, conversation: Any) -> bool:
    # Only the people in a conversation read it; staff see a message only once it is reported.
    if conversation is None:
        return False
    if conversation.is_direct:
        return user.id in (conversation.user_a_id, conversation.user_b_id)
    group = conversation.group
    return group is not None and group.is_active and _group_member(user, group)


def _chat_sends(user: Any, conversation: Any) -> bool:
    if not _chat_participant(user, conversation):
        return False
    if conversation.is_direct:
        other = conversation.other(user.id)
        return other is not None and not other.suspended  # nobody to talk to with a former member
    return True


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Chat (target: a Conversation; a User for start_direct; a Report for view_reported)
    "chat.view": _chat_participant,
    "chat.send": _chat_sends,
    "chat.start_direct": lambda user, member: member is not None and member.id != user.id
    and not member.suspended,
    "chat.view_reported": lambda user, report: report is not None and report.target_type == MESSAGE_REPORT_TARGET
    and (is_admin(user) or (_is_coordinator(user) and report.chapter_id == user.chapter_id)),
}
