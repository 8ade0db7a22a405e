"""Outgoing mail: SMTP when MAIL_SERVER is set, else `.eml` files in MAIL_OUTBOX_DIR (development)."""
from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def send_mail(to: str | None, subject: str, body: str,
              attachments: list[tuple[str, str, bytes]] | None = None, html: str | None = None,
              headers: dict[str, str] | None = None) -> EmailMessage | None:
    """Send a plain-text mail (with an HTML alternative when given); attachments are (filename, mime
    type, bytes); `headers` are extra headers (List-Unsubscribe, ...). A member without an address
    (registered in person, see accounts/cards.py) gets nothing here: None; the app and push tell them."""
    if not to:
        return None
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@brug>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, mimetype, data in attachments or []:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USERNAME"):
                smtp.starttls()
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    else:
        outbox = Path(config["MAIL_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
    return message


def outbox_messages() -> list[EmailMessage]:
    """The mails written to the outbox folder (development and tests), oldest first."""
    from email import policy
    from email.parser import BytesParser

    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.exists():
        return []
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]
