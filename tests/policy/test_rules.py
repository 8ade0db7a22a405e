"""The policy's table and the code agree: every action the code asks about has a rule, and every rule
is asked somewhere (a rule nobody asks is a rule nobody enforces)."""
from __future__ import annotations

import re
from pathlib import Path

from community.policy import RULES

PACKAGE = Path(__file__).resolve().parents[2] / "community"
# can(user, "x.y", …), require(user, "x.y", …), and can("x.y", …) in templates.
ASKED = re.compile(r"""\b(?:can|require)\(\s*(?:[\w.\[\]]+\s*,\s*)?["']([a-z_]+\.[a-z_]+)["']""")


def _asked() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")]:
        if "policy" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for action in ASKED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(action, set()).add(str(path.relative_to(PACKAGE)))
    return found


def test_every_action_the_code_asks_about_has_a_rule():
    unknown = {action: sorted(places) for action, places in _asked().items() if action not in RULES}
    assert unknown == {}


def test_every_rule_is_asked_somewhere():
    assert sorted(set(RULES) - set(_asked())) == []
