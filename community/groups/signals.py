"""What groups announce, for features built on them (chat listens; groups import none of them)."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent after the commit when a member left a group or was removed from it: `user_id`, `group_id`.
member_left = _signals.signal("group-member-left")
