"""The Socket.IO namespace /chat: every client event is answered by an acknowledgement (API.md, "Chat").

Handlers parse, call one service, and emit only after the service committed.
"""
from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import Namespace, join_room
from pydantic import BaseModel

from community.accounts.models import User
from community.accounts.sessions import user_for_token
from community.chat import services
from community.chat.schemas import ConversationRef, MessageIn, ReadIn, SyncIn
from community.chat.serializers import message_json
from community.core.errors import DomainError
from community.core.validation import validate
from community.extensions import db, socketio

NAMESPACE = "/chat"


def room(conversation_id: int) -> str:
    """The room of everyone who joined a conversation, on every process."""
    return f"conversation:{conversation_id}"


def origin_allowed(origin: str | None, host: str, allowed: list[str]) -> bool:
    """Browsers always send Origin across sites; without one the caller is not a web page elsewhere.
    With no allowlist configured only the page's own host may connect."""
    if not origin:
        return True
    if allowed:
        return origin.rstrip("/") in {a.rstrip("/") for a in allowed}
    return urlsplit(origin).netloc == host


def _emit(event: str, data: dict, **kwargs: Any) -> None:
    # Through the SocketIO object: with a message queue this reaches clients on every process.
    socketio.emit(event, data, namespace=NAMESPACE, **kwargs)


def _authenticate(auth: Any) -> User | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        return user_for_token(token)
    if current_user.is_authenticated:
        return db.session.get(User, current_user.id)
    return None


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
        user = _authenticate(auth)
        if user is None or not user.is_active:
            raise ConnectionRefusedError("unauthorized")
        self.users[request.sid] = user.id
        self.joined[request.sid] = set()

    def on_disconnect(self, reason: Any = None) -> None:
        user_id = self.users.pop(request.sid, None)
        rooms = self.joined.pop(request.sid, set())
        if user_id is not None and user_id not in self.users.values():
            for conversation_id in rooms:
                _emit("presence", {"user_id": user_id, "online": False}, to=room(conversation_id))

    def _run(self, schema: type[BaseModel], data: Any, action: Callable[[User, Any], dict]) -> dict:
        user = db.session.get(User, self.users.get(request.sid, 0))
        if user is None or not user.is_active:
            return {"ok": False, "error": _("Please log in first."), "code": "unauthorized"}
        with force_locale(user.locale):
            try:
                parsed = validate(schema, data if isinstance(data, dict) else {})
                return {"ok": True, **action(user, parsed)}
            except DomainError as error:
                db.session.rollback()
                answer = {"ok": False, "error": str(error.message), "code": error.code}
                if error.fields:
                    answer["fields"] = {k: str(v) for k, v in error.fields.items()}
                return answer

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
