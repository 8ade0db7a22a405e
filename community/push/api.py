"""Push over JSON: the server's public key, subscribing and unsubscribing a browser."""
from __future__ import annotations

from flask import Response, jsonify
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.validation import json_body
from community.push import services
from community.push.keys import installation_keys
from community.push.schemas import EndpointIn, SubscriptionIn

bp = api_blueprint("push_api", __name__)


@bp.get("/push/vapid-public-key")
@login_required_api
@doc("The server's VAPID public key, for pushManager.subscribe (made on first need; 503 where the server "
     "cannot store it)")
def vapid_public_key():
    return jsonify({"key": installation_keys().public_key})


@bp.post("/push/subscriptions")
@login_required_api
@doc("Subscribe this browser to push (https endpoint, P-256 key, 16-byte auth secret)", body=SubscriptionIn,
     status=201)
def subscribe():
    body = json_body(SubscriptionIn)
    subscription, created = services.subscribe(current_user, body.endpoint, body.keys.p256dh, body.keys.auth)
    return jsonify({"endpoint": subscription.endpoint}), 201 if created else 200


@bp.delete("/push/subscriptions")
@login_required_api
@doc("Unsubscribe one of the caller's browsers", body=EndpointIn, status=204)
def unsubscribe():
    services.unsubscribe(current_user, json_body(EndpointIn).endpoint)
    return Response(status=204)
