"""What the guide leaves waiting for coordinators: referrals whose follow-up day has come."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from community.core.registry import Queue
from community.guide.referrals import follow_ups_query
from community.policy import can

FOLLOW_UPS = Queue("referral_follow_ups", _l("Referrals to follow up"), "guide.follow_ups", follow_ups_query,
                   order=40, visible=lambda user: can(user, "referrals.follow_up"))
