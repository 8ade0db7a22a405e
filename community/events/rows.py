"""What the services answer about events beyond the rows themselves: counts and a member's own place.

Small frozen objects holding the model and the extra facts, so nothing is stuck on an ORM row (a row
is shared by every reader of the session) and serializers and templates read one typed shape.
"""
from __future__ import annotations

from dataclasses import dataclass

from community.events.constants import SignupStatus
from community.events.models import Event, Signup


@dataclass(frozen=True)
class EventRow:
    """An event as one member sees it: seats taken, people waiting, and their own place."""

    event: Event
    confirmed_count: int = 0
    waitlist_count: int = 0
    my_status: SignupStatus | None = None
    my_position: int | None = None  # 1 for the first on the waitlist; None with a seat or no place

    @property
    def id(self) -> int:
        return self.event.id

    @property
    def has_seat(self) -> bool:
        return self.my_status == SignupStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.my_status == SignupStatus.WAITLISTED

    @property
    def is_full(self) -> bool:
        """No seat left: a new sign-up goes on the waitlist."""
        return self.event.capacity is not None and self.confirmed_count >= self.event.capacity


@dataclass(frozen=True)
class SignupResult:
    """The answer to a sign-up: the seat or waitlist place taken, and the place in the queue."""

    signup: Signup
    position: int | None = None  # on the waitlist only

    @property
    def status(self) -> SignupStatus:
        return SignupStatus(self.signup.status)

    @property
    def has_seat(self) -> bool:
        return self.signup.has_seat
