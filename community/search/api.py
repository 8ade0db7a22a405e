"""`GET /search`: one box over every searchable kind (API.md, "Search")."""
from flask import jsonify, request
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.search.people import search_everything

bp = api_blueprint("search_api", __name__)
SCOPES = ("all", "groups", "events", "opportunities", "people")


@bp.get("/search")
@login_required_api
@doc("Search groups, events, opportunities and findable people: only what you may see",
     query={"q": "words", "scope": "all|groups|events|opportunities|people"})
def search_all():
    scope = request.args.get("scope", "all") or "all"
    if scope not in SCOPES:
        raise ValidationFailed(fields={"scope": ", ".join(SCOPES)})
    return jsonify(search_everything(current_user, request.args.get("q", ""), scope))
