"""What accounts announce to other features, so that they can react without accounts importing them."""
from blinker import Namespace

_signals = Namespace()

# Sent when someone other than the member was shown the member's private fields (residence status,
# intake): with `viewer` and `member`. Coordination writes it to the audit log.
private_fields_viewed = _signals.signal("private-fields-viewed")

# Sent when a member's second factor was reset, with `actor` (an admin, or None from the command line)
# and `member`, before the commit. Coordination writes it to the audit log in the same transaction.
two_factor_reset = _signals.signal("two-factor-reset")
