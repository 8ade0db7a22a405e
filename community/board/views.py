"""Board pages."""
from flask import Blueprint

bp = Blueprint("board", __name__, template_folder="templates")
