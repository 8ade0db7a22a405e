"""What events announce to other features, so that they can react without events importing them."""
from blinker import Namespace

_signals = Namespace()

# Sent by `signups.mark_attendance` once a member's attendance is set, before it is committed, with
# `signup` and `actor`: what receivers add to the session is saved with the attendance, or not at all.
attendance_marked = _signals.signal("attendance-marked")
