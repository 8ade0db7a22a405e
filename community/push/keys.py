"""VAPID keys: from the environment (VAPID_*), or from the file `flask push keys` writes into the
instance folder. Never in the repository."""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app

KEY_FILE = "vapid.json"
DEFAULT_SUBJECT = "mailto:admin@brug.example"


@dataclass(frozen=True)
class VapidKeys:
    """The server's key pair, base64url without padding (the form browsers and pywebpush take)."""

    public_key: str
    private_key: str
    subject: str


def b64url(raw: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding (ValueError when it is not)."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValueError("not base64url") from error


def generate(subject: str = DEFAULT_SUBJECT) -> VapidKeys:
    """A new P-256 key pair for VAPID."""
    private = ec.generate_private_key(ec.SECP256R1())
    raw_private = private.private_numbers().private_value.to_bytes(32, "big")
    public = private.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
    return VapidKeys(b64url(public), b64url(raw_private), subject)


def key_file_path() -> str:
    """Where `flask push keys` keeps the keys of this installation."""
    return os.path.join(current_app.instance_path, KEY_FILE)


def write_key_file(keys: VapidKeys) -> str:
    """Store the keys in the instance folder, readable by the owner only; answers the path."""
    path = key_file_path()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump({"public_key": keys.public_key, "private_key": keys.private_key, "subject": keys.subject}, out)
    return path


def vapid_keys() -> VapidKeys | None:
    """The configured keys (settings first, then the instance file), or None: push is then off."""
    config = current_app.config
    subject = config.get("VAPID_SUBJECT") or DEFAULT_SUBJECT
    if config.get("VAPID_PUBLIC_KEY") and config.get("VAPID_PRIVATE_KEY"):
        return VapidKeys(config["VAPID_PUBLIC_KEY"], config["VAPID_PRIVATE_KEY"], subject)
    try:
        with open(key_file_path(), encoding="utf-8") as stored:
            data = json.load(stored)
        return VapidKeys(data["public_key"], data["private_key"], data.get("subject") or subject)
    except (OSError, ValueError, KeyError):
        return None
