import pytest

from playground.topologies.models import Topology
from simulator.document import normalize

from .helpers import assert_errors, invalid_document, make_document

pytestmark = pytest.mark.django_db


def test_post_returns_201_with_slug_token_revision_and_links(api, document):
    response = api.post("/api/topologies/", document)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"slug", "edit_token", "revision", "url", "edit_url"}
    assert body["revision"] == 1
    assert body["url"] == f"/t/{body['slug']}/"
    assert body["edit_url"] == f"/t/{body['slug']}/edit#token={body['edit_token']}"


def test_the_slug_has_128_random_bits_and_is_url_safe(api, document):
    slugs = {api.post("/api/topologies/", document).json()["slug"] for _ in range(5)}
    assert len(slugs) == 5
    for slug in slugs:
        assert len(slug) >= 22  # 16 random bytes in URL-safe base64
        assert set(slug) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_the_stored_document_is_the_simulators_normalised_form(api, document):
    slug = api.post("/api/topologies/", document).json()["slug"]
    topology = Topology.objects.get(slug=slug)
    assert topology.document == normalize(document)
    assert topology.title == "Web app"
    assert topology.revision == 1
    assert topology.forked_from is None and not topology.is_lesson


def test_an_untitled_document_gets_the_simulators_default_title(api, document):
    del document["title"]
    slug = api.post("/api/topologies/", document).json()["slug"]
    assert api.get(f"/api/topologies/{slug}/").json()["title"] == "Untitled topology"


def test_an_invalid_document_gives_400_with_every_problem_and_stores_nothing(api):
    response = api.post("/api/topologies/", invalid_document())
    errors = assert_errors(response, 400, 'unknown kind "mainframe"', "nowhere", "at least 0")
    assert {"nodes[1].kind", "nodes[0].params.rps"} <= {e["path"] for e in errors}
    assert len(errors) >= 3
    assert Topology.objects.count() == 0


def test_malformed_json_gives_400_saying_so(api):
    response = api.post("/api/topologies/", raw=b'{"format": ')
    assert_errors(response, 400, "not valid JSON")
    assert Topology.objects.count() == 0


def test_an_empty_body_gives_400(api):
    assert_errors(api.post("/api/topologies/", raw=b""), 400, "empty")


def test_a_body_that_is_not_an_object_gives_400(api):
    assert_errors(api.post("/api/topologies/", [1, 2, 3]), 400, "JSON object")


def test_a_body_that_is_not_utf8_gives_400(api):
    assert_errors(api.post("/api/topologies/", raw=b'{"title": "\xff\xfe"}'), 400, "UTF-8")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"x": NaN}', "NaN is not a JSON number"),
        (b'{"x": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"x": 1e999}', "out of range"),
        (b'{"x": ' + b"9" * 5000 + b"}", "a number over 4,300 digits long"),
        (b'{"x": "a\\u0000b"}', "NUL"),
        (b'{"x\\u0000": 1}', "NUL"),
        (b'{"x": "\\ud800"}', "lone surrogate"),
        (b"[" * 100 + b"]" * 100, "nested more than"),
        (b"[" * 100_000, "nested more than"),
    ],
)
def test_json_that_a_database_cannot_store_gives_400(api, raw, message):
    assert_errors(api.post("/api/topologies/", raw=raw), 400, message)
    assert Topology.objects.count() == 0


def test_a_utf8_byte_order_mark_is_accepted(api, document):
    import json

    response = api.post("/api/topologies/", raw=b"\xef\xbb\xbf" + json.dumps(document).encode())
    assert response.status_code == 201


def test_the_trailing_slash_is_optional(api, document):
    assert api.post("/api/topologies", document).status_code == 201


def test_a_version_0_document_is_migrated_before_it_is_stored(api):
    old = make_document()
    old["version"] = 0
    old["links"] = old.pop("edges")
    slug = api.post("/api/topologies/", old).json()["slug"]
    stored = Topology.objects.get(slug=slug).document
    assert stored["version"] == 1 and "links" not in stored
    assert [e["target"] for e in stored["edges"]] == ["web", "db"]
