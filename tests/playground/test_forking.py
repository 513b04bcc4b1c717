import pytest

from playground.topologies.models import Topology, hash_token

from .helpers import assert_errors, invalid_document, make_document, rows

pytestmark = pytest.mark.django_db


def test_fork_gives_201_in_creates_shape_with_a_new_slug_and_token(api, created):
    response = api.post(f"{created.path}fork/")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"slug", "edit_token", "revision", "url", "edit_url"}
    assert body["slug"] != created.slug
    assert body["edit_token"] != created.token
    assert body["revision"] == 1
    assert body["url"] == f"/t/{body['slug']}/"
    assert body["edit_url"] == f"/t/{body['slug']}/edit#token={body['edit_token']}"


def test_the_fork_records_where_it_came_from_and_copies_the_document(api, created):
    fork = api.post(f"{created.path}fork/").json()
    body = api.get(f"/api/topologies/{fork['slug']}/").json()
    assert body["forked_from"] == created.slug
    assert body["document"] == api.get(created.path).json()["document"]
    assert body["title"] == "Web app"
    assert Topology.objects.get(slug=fork["slug"]).forked_from.slug == created.slug


def test_forking_needs_no_token(api, created):
    assert api.post(f"{created.path}fork/").status_code == 201


def test_each_token_opens_only_its_own_topology(api, created):
    fork = api.post(f"{created.path}fork/").json()
    doc = {"revision": 1, "document": make_document(title="x")}
    assert_errors(api.put(created.path, doc, token=fork["edit_token"]), 403, "wrong")
    assert_errors(
        api.put(f"/api/topologies/{fork['slug']}/", doc, token=created.token), 403, "wrong"
    )
    response = api.put(f"/api/topologies/{fork['slug']}/", doc, token=fork["edit_token"])
    assert response.status_code == 200


def test_the_forks_token_is_stored_hashed_too(api, created):
    fork = api.post(f"{created.path}fork/").json()
    stored = Topology.objects.get(slug=fork["slug"])
    assert stored.edit_token_hash == hash_token(fork["edit_token"])


def test_editing_the_fork_leaves_the_original_alone(api, created):
    fork = api.post(f"{created.path}fork/").json()
    api.put(
        f"/api/topologies/{fork['slug']}/",
        {"revision": 1, "document": make_document(title="mine now")},
        token=fork["edit_token"],
    )
    assert api.get(created.path).json()["title"] == "Web app"
    assert api.get(created.path).json()["revision"] == 1


def test_a_fork_may_carry_the_forkers_own_document(api, created):
    mine = make_document(title="my unsaved edits", servers=9)
    fork = api.post(f"{created.path}fork/", {"document": mine}).json()
    body = api.get(f"/api/topologies/{fork['slug']}/").json()
    assert body["title"] == "my unsaved edits"
    assert body["forked_from"] == created.slug


def test_a_fork_with_an_invalid_document_gives_400_and_stores_nothing(api, created):
    before = rows()
    response = api.post(f"{created.path}fork/", {"document": invalid_document()})
    assert_errors(response, 400, 'unknown kind "mainframe"')
    assert rows() == before


def test_a_fork_body_that_is_not_an_object_gives_400(api, created):
    before = rows()
    assert_errors(api.post(f"{created.path}fork/", [1]), 400, '"document"')
    assert_errors(api.post(f"{created.path}fork/", raw=b"{nope"), 400, "JSON")
    assert rows() == before


def test_forking_an_unknown_slug_gives_404(api):
    assert_errors(api.post("/api/topologies/nope/fork/"), 404, "no topology")
