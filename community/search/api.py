"""`GET /search`: one box over every searchable kind, answering only what the caller may see."""
from flask import jsonify, request
from flask_login import current_user

from community.core.api import api_blueprint, doc, login_required_api
from community.core.errors import ValidationFailed
from community.search.everything import scopes, search_everything
from community.search.limits import QUERY_DOC

bp = api_blueprint("search_api", __name__)


@bp.get("/search")
@login_required_api
@doc("Search groups, events, opportunities, findable people and the local guide: only what you may see",
     query={"q": QUERY_DOC, "scope": "all|groups|events|opportunities|people|guide"})
def search_all():
    scope = request.args.get("scope", "all") or "all"
    offered = ("all", *scopes())
    if scope not in offered:
        raise ValidationFailed(fields={"scope": ", ".join(offered)})
    return jsonify(search_everything(current_user, request.args.get("q", ""), scope))
