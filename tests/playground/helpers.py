"""Documents and a JSON client shared by the playground tests."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from django.test import Client

# --- documents ------------------------------------------------------------------------


def make_document(title: str = "Web app", rps: float = 100, servers: int = 2) -> dict[str, Any]:
    return {
        "format": "architecture-playground",
        "version": 1,
        "title": title,
        "nodes": [
            {"id": "users", "kind": "client", "params": {"rps": rps}, "position": {"x": 0, "y": 0}},
            {"id": "web", "kind": "web_server", "params": {"servers": servers}},
            {"id": "db", "kind": "database"},
        ],
        "edges": [
            {"source": "users", "target": "web", "params": {"latency_ms": 1}},
            {"source": "web", "target": "db"},
        ],
    }


def invalid_document() -> dict[str, Any]:
    """Three problems at once: unknown kind, bad param value, dangling edge."""
    doc = make_document()
    doc["nodes"][1]["kind"] = "mainframe"
    doc["nodes"][0]["params"]["rps"] = -5
    doc["edges"].append({"source": "web", "target": "nowhere"})
    return doc


# --- talking to the API -----------------------------------------------------------------


@dataclass
class Created:
    """A topology created through the API, as the creator sees it."""

    slug: str
    token: str
    payload: dict[str, Any]
    document: dict[str, Any]

    @property
    def path(self) -> str:
        return f"/api/topologies/{self.slug}/"


class Api:
    """The Django test client with JSON in and out."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | str | None = None,
        token: str | None = None,
        **extra: Any,
    ) -> Any:
        headers = {"X-Edit-Token": token} if token is not None else {}
        data = raw if raw is not None else (b"" if body is None else json.dumps(body))
        return self.client.generic(
            method, path, data, content_type="application/json", headers=headers, **extra
        )

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get(path, **extra)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.send("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.send("PUT", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.send("DELETE", path, **kw)

    def create(self, document: dict[str, Any] | None = None) -> Created:
        document = copy.deepcopy(document or make_document())
        response = self.post("/api/topologies/", document)
        assert response.status_code == 201, response.content
        payload = response.json()
        return Created(payload["slug"], payload["edit_token"], payload, document)


def assert_errors(
    response: Any, status: int, *fragments: str, path: str | None = None
) -> list[dict[str, str]]:
    """The response is the contract's JSON error with ``status``; every fragment appears
    in some message (case-insensitive). Returns the errors."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"}
    errors = body["errors"]
    assert errors and all(set(e) == {"path", "message"} for e in errors)
    assert all(isinstance(e["path"], str) and isinstance(e["message"], str) for e in errors)
    text = " | ".join(e["message"] for e in errors).lower()
    for fragment in fragments:
        assert fragment.lower() in text, f"{fragment!r} not in {text!r}"
    if path is not None:
        assert path in [e["path"] for e in errors], errors
    return errors


def rows() -> list[tuple[Any, ...]]:
    """Every stored topology, every column: compare before/after to prove nothing changed."""
    from playground.topologies.models import Topology

    return list(Topology.objects.order_by("pk").values_list())
