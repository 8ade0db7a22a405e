"""Push subscription input, as the browser's PushSubscription.toJSON() gives it."""
from __future__ import annotations

from pydantic import BaseModel, Field

from community.push.models import ENDPOINT_LIMIT


class KeysIn(BaseModel):
    """The subscriber's public key (P-256, uncompressed) and auth secret, base64url."""

    p256dh: str = Field(min_length=1, max_length=128)
    auth: str = Field(min_length=1, max_length=64)


class SubscriptionIn(BaseModel):
    """Subscribe a browser."""

    endpoint: str = Field(min_length=1, max_length=ENDPOINT_LIMIT)
    keys: KeysIn


class EndpointIn(BaseModel):
    """Unsubscribe a browser."""

    endpoint: str = Field(min_length=1, max_length=ENDPOINT_LIMIT)
