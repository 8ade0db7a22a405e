"""The Socket.IO namespace /chat: every client event (join, send, typing, read, sync) is answered by an
acknowledgement, `{"ok": true, …}` or `{"ok": false, "error", "code"}`.

Handlers parse, call one service, and emit only after the service committed.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_socketio import Namespace, join_room
from pydantic import BaseModel
from sqlalchemy.orm import lazyload

from community.accounts.models import User
from community.accounts.sockets import origin_allowed, socket_member
from community.chat import services
from community.chat.rooms import NAMESPACE, room
from community.chat.schemas import ConversationRef, MessageIn, ReadIn, SyncIn
from community.chat.serializers import message_json
from community.core.db import is_lock_timeout
from community.core.errors import BUSY_MESSAGE, HTTP_CODES, DomainError, ValidationFailed
from community.core.numbers import OUT_OF_RANGE, has_huge_number
from community.core.realtime import join_credential_rooms
from community.core.validation import validate
from community.extensions import db, socketio

log = logging.getLogger(__name__)


def _emit(event: str, data: dict, **kwargs: Any) -> None:
    # Through the SocketIO object: with a message queue this reaches clients on every process.
    socketio.emit(event, data, namespace=NAMESPACE, **kwargs)


class ChatNamespace(Namespace):
    """Join, send, typing, read and sync, each acknowledged; presence on join and leave."""

    def __init__(self, namespace: str = NAMESPACE) -> None:
        super().__init__(namespace)
        self.users: dict[str, int] = {}  # sid -> member, for the connections of this process
        self.joined: dict[str, set[int]] = {}

    def on_connect(self, auth: Any = None) -> None:
        origin = request.headers.get("Origin")
        if not origin_allowed(origin, request.host, current_app.config["SOCKETIO_ALLOWED_ORIGINS"]):
            raise ConnectionRefusedError("origin not allowed")
        user, credential = socket_member(auth)
        if user is None:
            raise ConnectionRefusedError("unauthorized")
        # Ending the credential, or suspending or erasing the member, closes this socket at once.
        join_credential_rooms(user.id, credential)
        self.users[request.sid] = user.id
        self.joined[request.sid] = set()

    def evict_here(self, user_id: int, conversation_id: int) -> None:
        """Take the member's sockets on this process out of the conversation's room (core/realtime.py
        asks, here and on every other process, when the member left the conversation's group)."""
        for sid, member in list(self.users.items()):
            if member == user_id and conversation_id in self.joined.get(sid, set()):
                self.leave_room(sid, room(conversation_id))
                self.joined[sid].discard(conversation_id)

    def on_disconnect(self, reason: Any = None) -> None:
        user_id = self.users.pop(request.sid, None)
        rooms = self.joined.pop(request.sid, set())
        if user_id is not None and user_id not in self.users.values():
            for conversation_id in rooms:
                _emit("presence", {"user_id": user_id, "online": False}, to=room(conversation_id))

    def _run(self, schema: type[BaseModel], data: Any, action: Callable[[User, Any], dict]) -> dict:
        # Every event loads its member (a suspension counts at once); never their sectors, which no event uses.
        user = db.session.get(User, self.users.get(request.sid, 0), options=[lazyload(User.sectors)])
        if user is None or not user.is_active:
            return {"ok": False, "error": _("Please log in first."), "code": "unauthorized"}
        with force_locale(user.locale):
            try:
                data = data if isinstance(data, dict) else {}
                if has_huge_number(data):  # refused here: the database driver cannot take it
                    raise ValidationFailed(fields={key: OUT_OF_RANGE for key, value in data.items()
                                                   if has_huge_number(value)})
                parsed = validate(schema, data)
                return {"ok": True, **action(user, parsed)}
            except DomainError as error:
                db.session.rollback()
                answer = {"ok": False, "error": str(error.message), "code": error.code}
                if error.fields:
                    answer["fields"] = {k: str(v) for k, v in error.fields.items()}
                return answer
            except sa.exc.OperationalError as error:
                db.session.rollback()
                if not is_lock_timeout(error):
                    log.exception("Database error in chat event from %s", request.sid)
                    return {"ok": False, "error": str(HTTP_CODES[500][1]), "code": HTTP_CODES[500][0]}
                # nothing kept; the client sends again (same client_id)
                return {"ok": False, "error": str(BUSY_MESSAGE), "code": "unavailable"}
            except Exception:  # noqa: BLE001 - every event is acknowledged, a failure included
                db.session.rollback()
                log.exception("Unexpected error in chat event from %s", request.sid)
                return {"ok": False, "error": str(HTTP_CODES[500][1]), "code": HTTP_CODES[500][0]}

    def on_join(self, data: Any = None) -> dict:
        return self._run(ConversationRef, data, self._join)

    def _join(self, user: User, data: ConversationRef) -> dict:
        conversation = services.get_conversation(user, data.conversation_id)
        join_room(room(conversation.id))
        self.joined.setdefault(request.sid, set()).add(conversation.id)
        _emit("presence", {"user_id": user.id, "online": True}, to=room(conversation.id), skip_sid=request.sid)
        return {"conversation_id": conversation.id, "last_read_id": services.read_marker(user, conversation),
                "others_read_id": services.others_read_up_to(user, conversation)}

    def on_send(self, data: Any = None) -> dict:
        return self._run(MessageIn, data, self._send)

    def _send(self, user: User, data: MessageIn) -> dict:
        message, created = services.send_message(user, data.conversation_id, data.body, data.client_id)
        payload = message_json(message)
        if created:  # stored and committed; a resend is answered but never delivered again
            _emit("message", payload, to=room(message.conversation_id))
        return {"message": payload}

    def on_typing(self, data: Any = None) -> dict:
        return self._run(ConversationRef, data, self._typing)

    def _typing(self, user: User, data: ConversationRef) -> dict:
        conversation = services.get_conversation(user, data.conversation_id)
        _emit("typing", {"conversation_id": conversation.id, "user_id": user.id, "name": user.name},
                  to=room(conversation.id), skip_sid=request.sid)
        return {}

    def on_read(self, data: Any = None) -> dict:
        return self._run(ReadIn, data, self._read)

    def _read(self, user: User, data: ReadIn) -> dict:
        unread = services.mark_read(user, data.conversation_id, data.message_id)
        _emit("read", {"conversation_id": data.conversation_id, "user_id": user.id,
                           "message_id": data.message_id}, to=room(data.conversation_id), skip_sid=request.sid)
        return {"unread": unread}

    def on_sync(self, data: Any = None) -> dict:
        return self._run(SyncIn, data, self._sync)

    def _sync(self, user: User, data: SyncIn) -> dict:
        found = services.sync(user, data.conversation_id, data.after_id)
        return {"messages": [message_json(m) for m in found], "more": len(found) >= services.SYNC_LIMIT}
