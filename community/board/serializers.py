"""The board as JSON, with exactly what the viewer may see."""
from __future__ import annotations

from typing import Any

from community.accounts.serializers import public_user_json
from community.board.models import Application, Opportunity, Organisation, RecruitmentRequest
from community.core.time import isoformat
from community.policy import can, contact_visible_ids


def organisation_json(org: Organisation) -> dict[str, Any]:
    """An organisation with its commitments and verification."""
    return {
        "id": org.id, "name": org.name, "sector": org.sector, "chapter": org.chapter_slug,
        "description": org.description, "website": org.website or None, "status": org.status,
        "verified": org.is_verified, "verified_at": isoformat(org.verified_at),
        "commitments": org.commitments, "created_at": isoformat(org.created_at),
    }


def opportunity_json(opp: Opportunity, highlight: str | None = None) -> dict[str, Any]:
    """An opportunity, with a search highlight when there is one."""
    data = {
        "id": opp.id, "organisation_id": opp.organisation_id,
        "organisation": {"id": opp.organisation.id, "name": opp.organisation.name,
                         "verified": opp.organisation.is_verified},
        "title": opp.title, "description": opp.description, "type": opp.type, "sector": opp.sector,
        "chapter": opp.chapter_slug, "city": opp.city, "dutch_level": opp.dutch_level,
        "hours_per_week": opp.hours_per_week, "starts_on": isoformat(opp.starts_on),
        "ends_on": isoformat(opp.ends_on), "languages": list(opp.languages or []), "status": opp.status,
        "created_at": isoformat(opp.created_at), "simple_summary": opp.simple_summary or "",
        "checked_by_newcomers": bool(opp.checked_by_newcomers), "draft": opp.is_draft,
        "places": opp.places,
    }
    if highlight is not None:
        data["highlight"] = highlight
    return data


def application_json(app: Application, viewer: Any, contact_ids: set[int] | None = None) -> dict[str, Any]:
    """An application; the applicant's email only to those allowed (the organisation applied to)."""
    applicant = public_user_json(app.user)
    if contact_ids is None:
        contact_ids = contact_visible_ids(viewer, [app.user])
    if app.user_id in contact_ids:
        applicant["email"] = app.user.email
    return {
        "id": app.id, "opportunity_id": app.opportunity_id, "status": app.status, "message": app.message,
        "applicant": applicant, "user_id": app.user_id,
        "opportunity": {"id": app.opportunity.id, "title": app.opportunity.title,
                        "organisation": app.opportunity.organisation.name, "status": app.opportunity.status},
        "created_at": isoformat(app.created_at), "updated_at": isoformat(app.updated_at),
    }


def applications_json(apps: list[Application], viewer: Any) -> list[dict[str, Any]]:
    """Many applications with one contact-details query."""
    contact_ids = contact_visible_ids(viewer, [a.user for a in apps])
    return [application_json(a, viewer, contact_ids) for a in apps]


def recruitment_json(request: RecruitmentRequest, viewer: Any) -> dict[str, Any]:
    """A recruitment request and its shortlist (public profiles)."""
    return {
        "id": request.id, "organisation_id": request.organisation_id,
        "organisation": {"id": request.organisation.id, "name": request.organisation.name},
        "opportunity_id": request.opportunity_id, "description": request.description,
        "positions": request.positions, "status": request.status, "created_at": isoformat(request.created_at),
        "shortlist": [public_user_json(e.user) for e in request.entries]
        if can(viewer, "recruitment.view", request) else [],
    }
