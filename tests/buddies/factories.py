"""Small factories for the buddies tests: profiles that score against each other, enrolments, staff."""
from __future__ import annotations

from community.buddies import services
from community.buddies.schemas import EnrollIn
from tests.factories import make_user


def newcomer(chapter: str = "gent", **fields):
    """A newcomer with a profile that scores against `local()`."""
    defaults = dict(languages=[{"code": "ar", "level": "C2"}, {"code": "nl", "level": "A2"}], dutch_level="A2",
                    sectors=["healthcare"], availability=[{"day": "tue", "part": "evening"}],
                    wants=["buddy"], city="Gent", findable=True)
    return make_user("newcomer", chapter, **{**defaults, **fields})


def local(chapter: str = "gent", capacity: int = 1, kind: str = "buddy", enrol: bool = True, **fields):
    """A local (enrolled as buddy by default)."""
    defaults = dict(languages=[{"code": "nl", "level": "C2"}, {"code": "ar", "level": "B1"}],
                    sectors=["healthcare"], availability=[{"day": "tue", "part": "evening"}],
                    wants=["buddy"], city="Gent", findable=True)
    user = make_user("local", chapter, **{**defaults, **fields})
    if enrol:
        services.enroll(user, EnrollIn(kind=kind, capacity=capacity))
    return user


def enrol(user, kind: str = "buddy", capacity: int | None = None):
    """Enrol through the service."""
    return services.enroll(user, EnrollIn(kind=kind, capacity=capacity))[0]


def staff(role: str, chapter: str = "gent"):
    """A coordinator of `chapter` or an admin."""
    return make_user(role, chapter if role == "coordinator" else None)
