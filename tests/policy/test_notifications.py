"""Every role over notifications (community/policy/notifications.py): only the owner reads or marks one,
staff and admins included."""
import pytest

from community.accounts.models import AnonymousUser
from community.notifications.constants import Kind
from community.notifications.services import notify
from community.policy import can
from tests.factories import make_user

ROLES = ["newcomer", "local", "employer", "coordinator", "admin", "visitor", "suspended"]


@pytest.fixture
def cast(app):
    return {
        "newcomer": make_user("newcomer", "gent"),
        "local": make_user("local", "gent"),
        "employer": make_user("employer", "gent"),
        "coordinator": make_user("coordinator", "gent"),
        "admin": make_user("admin", None),
        "visitor": AnonymousUser(),
        "suspended": make_user("newcomer", "gent", suspended=True),
    }


@pytest.mark.parametrize("action", ["notifications.read", "notifications.mark"])
@pytest.mark.parametrize("owner", ["newcomer", "coordinator"])
def test_only_the_owner(cast, action, owner):
    notification = notify(cast[owner], Kind.DIRECT_MESSAGE, {"name": "Els"}, "/chat")
    for role in ROLES:
        assert can(cast[role], action, notification) == (role == owner), (role, action)
    assert not can(cast[owner], action, None)
