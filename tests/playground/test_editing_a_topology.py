import pytest

from playground.topologies.models import Topology
from simulator.document import normalize

from .helpers import assert_errors, invalid_document, make_document, rows

pytestmark = pytest.mark.django_db


def test_put_with_the_token_and_current_revision_saves_the_next_revision(api, created):
    edited = make_document(title="Bigger", servers=8)
    response = api.put(created.path, {"revision": 1, "document": edited}, token=created.token)
    assert response.status_code == 200
    body = response.json()
    assert {"slug", "title", "revision", "document", "forked_from"} <= set(body)
    assert body["revision"] == 2
    assert body["title"] == "Bigger"
    assert body["document"] == normalize(edited)
    stored = Topology.objects.get(slug=created.slug)
    assert stored.revision == 2 and stored.document == normalize(edited)
    assert api.get(created.path).json() == body


def test_every_save_adds_one_to_the_revision(api, created):
    for revision in range(1, 5):
        doc = make_document(rps=revision * 10)
        response = api.put(
            created.path, {"revision": revision, "document": doc}, token=created.token
        )
        assert response.json()["revision"] == revision + 1


def test_put_without_a_token_gives_403_saying_it_is_missing(api, created):
    before = rows()
    response = api.put(created.path, {"revision": 1, "document": make_document(title="x")})
    assert_errors(response, 403, "missing edit token", "X-Edit-Token")
    assert rows() == before


def test_put_with_a_wrong_token_gives_403_saying_it_is_wrong(api, created):
    before = rows()
    response = api.put(
        created.path, {"revision": 1, "document": make_document(title="x")}, token="not-it"
    )
    assert_errors(response, 403, "wrong edit token")
    assert rows() == before


def test_another_topologys_token_does_not_open_this_one(api, created):
    other = api.create()
    response = api.put(
        created.path, {"revision": 1, "document": make_document()}, token=other.token
    )
    assert_errors(response, 403, "wrong edit token")


def test_an_empty_token_header_counts_as_missing(api, created):
    response = api.put(created.path, {"revision": 1, "document": make_document()}, token="")
    assert_errors(response, 403, "missing")


def test_put_with_a_stale_revision_gives_409_naming_the_current_one(api, created):
    api.put(
        created.path, {"revision": 1, "document": make_document(title="v2")}, token=created.token
    )
    before = rows()
    response = api.put(
        created.path, {"revision": 1, "document": make_document(title="late")}, token=created.token
    )
    assert_errors(response, 409, "current revision is 2", "you edited revision 1", path="revision")
    assert rows() == before


def test_a_revision_from_the_future_is_also_stale(api, created):
    response = api.put(
        created.path, {"revision": 7, "document": make_document()}, token=created.token
    )
    assert_errors(response, 409, "current revision is 1")


def test_put_with_an_invalid_document_gives_400_with_every_problem_and_changes_nothing(
    api, created
):
    before = rows()
    response = api.put(
        created.path, {"revision": 1, "document": invalid_document()}, token=created.token
    )
    errors = assert_errors(response, 400, 'unknown kind "mainframe"', "at least 0")
    assert "nodes[1].kind" in {e["path"] for e in errors}
    assert rows() == before


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({"document": {}}, "revision", "missing"),
        ({"revision": 1}, "document", "missing"),
        ({"revision": "1", "document": {}}, "revision", "positive whole number"),
        ({"revision": 1.0, "document": {}}, "revision", "positive whole number"),
        ({"revision": True, "document": {}}, "revision", "positive whole number"),
        ({"revision": 0, "document": {}}, "revision", "positive whole number"),
        ({"revision": 10**40, "document": {}}, "revision", "positive whole number"),
    ],
)
def test_put_body_must_carry_a_revision_and_a_document(api, created, body, path, message):
    before = rows()
    assert_errors(api.put(created.path, body, token=created.token), 400, message, path=path)
    assert rows() == before


def test_put_body_must_be_an_object(api, created):
    response = api.put(created.path, [1, make_document()], token=created.token)
    assert_errors(response, 400, '"revision"')


def test_put_malformed_json_gives_400(api, created):
    assert_errors(api.put(created.path, raw=b"{revision: 1}", token=created.token), 400, "JSON")


def test_put_to_an_unknown_slug_gives_404(api, created):
    response = api.put(
        "/api/topologies/nope/", {"revision": 1, "document": make_document()}, token=created.token
    )
    assert_errors(response, 404, "no topology")


def test_the_token_is_checked_before_the_body_is_read(api, created):
    # Without the token, nobody learns anything about the body (not even that it is junk).
    assert_errors(api.put(created.path, raw=b"junk"), 403, "missing")
