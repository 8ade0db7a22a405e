"""Push has no pages of its own: this blueprint only lends its templates (the settings block)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("push", __name__, template_folder="templates")
