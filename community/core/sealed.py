"""Secrets the app must read back (a TOTP seed cannot be hashed) are stored sealed: AES-GCM with a key
derived from the app's SECRET_KEY, so a copy of the database alone does not give away anyone's second
factor. A key rotation keeps working through Flask's SECRET_KEY_FALLBACKS (the old keys still open what
they sealed; the next write seals with the new key)."""
from __future__ import annotations

import base64
import os
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PREFIX = "g1:"  # marks a sealed value; a value without it is from before sealing and is read as it is
NONCE_BYTES = 12


class SealError(RuntimeError):
    """A sealed value that none of the app's keys opens (SECRET_KEY changed without a fallback)."""


def _key(secret: str | bytes, purpose: str) -> bytes:
    material = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"brug sealed {purpose}".encode()).derive(material)


def _secrets() -> list[str | bytes]:
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


def seal(value: str, purpose: str) -> str:
    """`value` encrypted and authenticated for `purpose` (a sealed value of one purpose never opens as
    another's)."""
    nonce = os.urandom(NONCE_BYTES)
    box = AESGCM(_key(_secrets()[0], purpose)).encrypt(nonce, value.encode(), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + box).decode()


def unseal(stored: str, purpose: str) -> str:
    """The value `seal` stored; an unsealed legacy value comes back unchanged."""
    if not stored.startswith(PREFIX):
        return stored
    raw = base64.urlsafe_b64decode(stored[len(PREFIX):])
    nonce, box = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for secret in _secrets():
        try:
            return AESGCM(_key(secret, purpose)).decrypt(nonce, box, purpose.encode()).decode()
        except InvalidTag:
            continue
    raise SealError("no configured SECRET_KEY opens this value; add the old key to SECRET_KEY_FALLBACKS")


class Sealed(sa.types.TypeDecorator):
    """A string column whose value is sealed on the way in and opened on the way out."""

    impl = sa.String(255)
    cache_ok = True

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else seal(str(value), self.purpose)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else unseal(value, self.purpose)
