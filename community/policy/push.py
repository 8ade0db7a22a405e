"""Push subscriptions: each member manages only the browsers they subscribed."""
from __future__ import annotations

from typing import Any, Callable


def _own_subscription(user: Any, subscription: Any) -> bool:
    # Nobody else, staff included: a subscription is an address of the member's own device.
    return subscription is not None and subscription.user_id == user.id


RULES: dict[str, Callable[[Any, Any], bool]] = {
    # Push (target: a PushSubscription)
    "push.manage": _own_subscription,
}
