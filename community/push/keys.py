"""VAPID keys: from the environment (VAPID_*), else from vapid.json in the instance folder, which
`flask push keys` writes, or the installation itself on first need. Never in the repository."""
from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import lazy_gettext as _l

from community.core.errors import DomainError

log = logging.getLogger(__name__)
KEY_FILE = "vapid.json"
DEFAULT_SUBJECT = "mailto:admin@brug.example"
KEY_READ_RETRIES = 5


class PushUnavailable(DomainError):
    """No keys are configured and the instance folder cannot keep the ones made for this installation."""

    status, code = 503, "unavailable"
    default_message = _l("Push notifications are not available: this server cannot store its push keys.")


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


def _temporary_key_file(keys: VapidKeys, subject: str | None) -> str:
    """The keys in a new file beside vapid.json, complete and on disk, readable by the owner only."""
    descriptor, temporary = tempfile.mkstemp(prefix=".vapid-", suffix=".tmp", dir=os.path.dirname(key_file_path()))
    try:  # mkstemp makes it 0600
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump({"public_key": keys.public_key, "private_key": keys.private_key, "subject": subject}, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_key_file(keys: VapidKeys) -> str:
    """Store the keys in the instance folder, replacing any (readers see the old or the new file, never a
    half-written one); answers the path."""
    path = key_file_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.replace(_temporary_key_file(keys, keys.subject), path)
    return path


def create_key_file(keys: VapidKeys, subject: str | None = None) -> bool:
    """Store the keys unless the installation has a key file already: True when these were stored.

    Linking a complete file into place is atomic and fails when one is there, so processes and threads
    that make keys at once all end up with the one that came first. Without `subject` the settings' one
    applies when the keys are read."""
    path = key_file_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = _temporary_key_file(keys, subject)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: create it exclusively, then fill it
        return _create_exclusively(path, temporary)
    finally:
        os.unlink(temporary)
    return True


def _create_exclusively(path: str, temporary: str) -> bool:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as out, open(temporary, encoding="utf-8") as written:
        out.write(written.read())
        out.flush()
        os.fsync(out.fileno())
    return True


def vapid_keys() -> VapidKeys | None:
    """The configured keys (settings first, then the instance file), or None while there are none."""
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


def installation_keys() -> VapidKeys:
    """The keys push uses: the configured ones, else the installation's own, made and stored once on
    first need (PushUnavailable, a 503, when the instance folder cannot keep them)."""
    keys = vapid_keys()
    if keys is not None:
        return keys
    try:
        if create_key_file(generate()):
            log.info("made this installation's VAPID keys in %s", key_file_path())
    except OSError as error:
        log.error("no VAPID keys configured and none can be stored in %s: %s", current_app.instance_path, error)
        raise PushUnavailable() from error
    keys = vapid_keys()  # ours, or those another process stored first
    for _attempt in range(KEY_READ_RETRIES):  # a file still being written (no hard links)
        if keys is not None:
            break
        time.sleep(0.05)
        keys = vapid_keys()
    if keys is None:
        log.error("%s cannot be read; repair it or replace it with `flask push keys --force`", key_file_path())
        raise PushUnavailable()
    return keys
