"""How the demo data plugs into the app: the `seed-demo` command."""
from __future__ import annotations

from flask import Flask

from community.demo.cli import seed_demo_command


def init_app(app: Flask) -> None:
    """Register the demo command."""
    app.cli.add_command(seed_demo_command)
