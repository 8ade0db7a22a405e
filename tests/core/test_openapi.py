"""The OpenAPI document describes the API, generated from the routes."""
import importlib.util
import pathlib

import pytest

SHARED = pathlib.Path(__file__).resolve().parents[3] / "shared"


def test_openapi_document_describes_foundation_endpoints(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for path, method in [("/api/v1/auth/register", "post"), ("/api/v1/auth/token", "post"), ("/api/v1/me", "get"),
                         ("/api/v1/me", "patch"), ("/api/v1/me", "delete"), ("/api/v1/me/export", "get"),
                         ("/api/v1/users/{user_id}", "get"), ("/api/v1/users/{user_id}/block", "post"),
                         ("/api/v1/users/{user_id}/block", "delete"), ("/api/v1/reports", "post"),
                         ("/api/v1/chapters", "get"), ("/api/v1/sectors", "get"), ("/healthz", "get")]:
        assert method in paths[path], (path, method)
    register = paths["/api/v1/auth/register"]["post"]
    schema = doc["components"]["schemas"][register["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    assert {"email", "password", "name", "role", "chapter", "consent"} <= set(schema["required"])


def test_contract_coverage_tool_sees_the_foundation(client, tmp_path):
    """The shared tool, fed our document, finds every foundation endpoint described."""
    tool = SHARED / "tools" / "contract_coverage.py"
    if not tool.exists():  # the shared folder sits beside the repository in development and CI
        pytest.skip(f"{tool} is not beside the repository (a tool, not a service)")
    spec = importlib.util.spec_from_file_location("contract_coverage", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    have = module.described(client.get("/api/v1/openapi.json").get_json())
    foundation = {("POST", "/api/v1/auth/register"), ("POST", "/api/v1/auth/token"), ("GET", "/api/v1/me"),
                  ("PATCH", "/api/v1/me"), ("DELETE", "/api/v1/me"), ("GET", "/api/v1/me/export"),
                  ("GET", "/api/v1/users/{}"), ("POST", "/api/v1/users/{}/block"), ("DELETE", "/api/v1/users/{}/block"),
                  ("POST", "/api/v1/reports"), ("GET", "/api/v1/chapters"), ("GET", "/api/v1/sectors")}
    assert foundation <= have
