"""Subscribing browsers to push, and sending a notification to every browser of a member."""
from __future__ import annotations

import ipaddress
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import gettext as _
from pywebpush import WebPushException, webpush

from community.core.db import lock
from community.core.errors import NotFound, ValidationFailed
from community.core.registry import Delivery
from community.core.time import isoformat, utcnow
from community.extensions import db
from community.policy import can
from community.push.keys import PushUnavailable, b64url_decode, installation_keys
from community.push.models import PushSubscription

log = logging.getLogger(__name__)
GONE = frozenset({404, 410})  # the push service says the subscription no longer exists
PUSH_TTL = 24 * 3600  # seconds the push service keeps a message for a phone that is off
PUSH_TIMEOUT = 10  # seconds; a slow push service must not hold up the action that notified


def _loopback_allowed() -> bool:
    return bool(current_app.testing or current_app.config.get("PUSH_ALLOW_LOOPBACK"))


def _endpoint_error(endpoint: str) -> str | None:
    parts = urlsplit(endpoint)
    if not parts.hostname:
        return _("Give the push service's https address.")
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and _loopback_allowed() and _is_loopback(parts.hostname):
        return None  # a test's push service on this machine
    return _("Give the push service's https address.")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _p256dh_error(text: str) -> str | None:
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(text))
    except ValueError:
        return _("Give the browser's P-256 public key (base64url).")
    return None


def _auth_error(text: str) -> str | None:
    try:
        if len(b64url_decode(text)) == 16:
            return None
    except ValueError:
        pass
    return _("Give the browser's 16-byte auth secret (base64url).")


def check_subscription(endpoint: str, p256dh: str, auth: str) -> None:
    """422 unless the endpoint is https (loopback http in tests) and the keys are well formed."""
    errors = {"endpoint": _endpoint_error(endpoint), "keys.p256dh": _p256dh_error(p256dh),
              "keys.auth": _auth_error(auth)}
    fields = {name: message for name, message in errors.items() if message}
    if fields:
        raise ValidationFailed(fields=fields)


def subscribe(user: Any, endpoint: str, p256dh: str, auth: str) -> tuple[PushSubscription, bool]:
    """Subscribe this browser for the member; (subscription, created).

    An endpoint is a browser's own unguessable address: whoever subscribes with it holds that browser,
    so a browser that changed accounts now belongs to the new one (its old member no longer gets pushes
    there, which is what a shared phone wants)."""
    check_subscription(endpoint, p256dh, auth)
    try:
        return _store(user, endpoint, p256dh, auth)
    except sa.exc.IntegrityError:
        # The same browser subscribed twice at once (PostgreSQL locks no row that is not there yet):
        # the unique endpoint let one in; this one now updates it.
        db.session.rollback()
        return _store(user, endpoint, p256dh, auth)


def _store(user: Any, endpoint: str, p256dh: str, auth: str) -> tuple[PushSubscription, bool]:
    found = lock(sa.select(PushSubscription).where(PushSubscription.endpoint == endpoint)).first()
    created = found is None or found.user_id != user.id
    if found is None:
        found = PushSubscription(user_id=user.id, endpoint=endpoint, p256dh=p256dh, auth=auth)
        db.session.add(found)
    else:  # updated in place: the row exists, so racing subscribers wait for its lock
        if found.user_id != user.id:
            found.user_id, found.created_at = user.id, utcnow()
        found.p256dh, found.auth, found.last_error = p256dh, auth, None
    db.session.commit()
    return found, created


def unsubscribe(user: Any, endpoint: str) -> None:
    """Stop pushes to this browser; only its member may (404 to anyone else, as if it did not exist)."""
    found = db.session.scalar(sa.select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if not can(user, "push.manage", found):
        raise NotFound()
    db.session.delete(found)
    db.session.commit()


def subscriptions_of(user_id: int) -> list[PushSubscription]:
    """The member's subscribed browsers."""
    return list(db.session.scalars(sa.select(PushSubscription).where(PushSubscription.user_id == user_id)
                                   .order_by(PushSubscription.id)))


def export_section(user: Any) -> dict[str, Any]:
    """The member's subscribed browsers, for their export (the right of access)."""
    return {"push_subscriptions": [{"endpoint": s.endpoint, "created_at": isoformat(s.created_at),
                                    "last_error": s.last_error} for s in subscriptions_of(user.id)]}


def payload(delivery: Delivery) -> str:
    """What the browser receives: a short title, where to go, the kind and language; never private data."""
    return json.dumps({"title": delivery.title, "url": delivery.url, "kind": delivery.kind,
                       "lang": delivery.locale}, ensure_ascii=False)


def deliver(delivery: Delivery) -> None:
    """The "push" channel: send to every browser of the member; forget the ones gone; never raise."""
    try:
        _deliver(delivery, subscriptions_of(delivery.user_id))
    except Exception:  # a push failure must never fail the action that caused the notification
        log.exception("web push for notification %s failed", delivery.notification_id)
        db.session.rollback()


def deliver_many(deliveries: list[Delivery]) -> None:
    """The same for many notifications at once (notify_many): one query for every member's browsers."""
    browsers: dict[int, list[PushSubscription]] = {}
    try:
        for subscription in db.session.scalars(sa.select(PushSubscription).where(PushSubscription.user_id.in_(
                {d.user_id for d in deliveries})).order_by(PushSubscription.id)):
            browsers.setdefault(subscription.user_id, []).append(subscription)
    except Exception:
        log.exception("web push for %s notifications failed", len(deliveries))
        db.session.rollback()
        return
    for delivery in deliveries:
        if not browsers.get(delivery.user_id):
            continue
        try:
            browsers[delivery.user_id] = _deliver(delivery, browsers[delivery.user_id])
        except Exception:
            log.exception("web push for notification %s failed", delivery.notification_id)
            db.session.rollback()


def _deliver(delivery: Delivery, subscriptions: list[PushSubscription]) -> list[PushSubscription]:
    """Send to these browsers of the member; the ones still there afterwards."""
    if not subscriptions:
        return subscriptions
    try:
        keys = installation_keys()
    except PushUnavailable:
        log.warning("web push is off: no usable VAPID keys (see the error logged before)")
        return subscriptions
    data = payload(delivery)
    changed, kept = False, []
    for subscription in subscriptions:
        outcome = _send(subscription, data, keys.private_key, keys.subject)
        if outcome == "gone":
            db.session.delete(subscription)
            changed = True
            continue
        kept.append(subscription)
        if outcome != subscription.last_error:
            subscription.last_error = outcome
            changed = True
    if changed:
        db.session.commit()
    return kept


def _send(subscription: PushSubscription, data: str, private_key: str, subject: str) -> str | None:
    """None when sent, "gone" when the push service forgot the subscription, else a short error."""
    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(info, data=data, vapid_private_key=private_key, vapid_claims={"sub": subject},
                content_encoding="aes128gcm", ttl=PUSH_TTL, timeout=PUSH_TIMEOUT)
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            return "gone"
        log.warning("push service refused subscription %s: %s", subscription.id, status)
        return f"HTTP {status}" if status else str(error.message)[:300]
    except Exception as error:  # network trouble: logged, kept for the next notification
        log.warning("push to subscription %s failed: %s", subscription.id, error)
        return str(error)[:300] or type(error).__name__
    return None
