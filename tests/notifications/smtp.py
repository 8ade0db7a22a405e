"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, parsed."""
from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Iterator

from aiosmtpd.controller import Controller


class Inbox:
    """Messages received, in order (thread-safe)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        with self.lock:
            self.messages.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(app) -> Iterator[Inbox]:
    """Point the app's mail at a fresh SMTP server for the block."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USERNAME=None)
    try:
        yield inbox
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER=None)
