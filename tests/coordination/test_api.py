"""The people work's endpoints are in the OpenAPI document, with their bodies, as API.md describes them."""
from __future__ import annotations

ENDPOINTS = [
    ("get", "/api/v1/intake"), ("patch", "/api/v1/intake/{user_id}"),
    ("post", "/api/v1/volunteering"), ("get", "/api/v1/volunteering"), ("get", "/api/v1/volunteering/{entry_id}"),
    ("post", "/api/v1/volunteering/{entry_id}/correct"), ("post", "/api/v1/volunteering/{entry_id}/withdraw"),
    ("post", "/api/v1/volunteering/{entry_id}/check"),
    ("post", "/api/v1/placements"), ("get", "/api/v1/placements"), ("get", "/api/v1/placements/{placement_id}"),
    ("post", "/api/v1/placements/{placement_id}/end"),
    ("post", "/api/v1/evaluations"), ("get", "/api/v1/evaluations/averages"),
    ("get", "/api/v1/me/attestation"), ("get", "/api/v1/me/attestation.pdf"),
    ("get", "/api/v1/attestations/{code}"), ("delete", "/api/v1/attestations/{code}"),
    ("get", "/api/v1/audit"),
]


def test_every_endpoint_of_the_people_work_is_documented(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    missing = [(method, path) for method, path in ENDPOINTS if method not in doc["paths"].get(path, {})]
    assert missing == []
    assert "security" not in doc["paths"]["/api/v1/attestations/{code}"]["get"]  # public
    assert doc["paths"]["/api/v1/volunteering"]["post"]["responses"].get("201")


def _body_schema(doc, path: str, method: str) -> dict:
    ref = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return doc["components"]["schemas"][ref.split("/")[-1]]


def test_bodies_are_described_with_their_required_fields(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    days = _body_schema(doc, "/api/v1/volunteering", "post")
    assert {"user_id", "organisation_id", "date", "days"} <= set(days["required"])
    assert "opportunity_id" in days["properties"]
    evaluation = _body_schema(doc, "/api/v1/evaluations", "post")
    assert {"placement_id", "application_id", "match_id", "rating", "comment"} <= set(evaluation["properties"])
    assert evaluation["required"] == ["rating"]
    update = _body_schema(doc, "/api/v1/intake/{user_id}", "patch")
    assert {"status", "notes"} <= set(update["properties"])
    placement = _body_schema(doc, "/api/v1/placements", "post")
    assert {"user_id", "organisation_id", "kind", "contact_name", "starts_on"} <= set(placement["required"])
