import pytest

from playground.topologies.models import Topology

from .helpers import assert_errors

pytestmark = pytest.mark.django_db


def test_get_returns_slug_title_revision_document_and_forked_from(api, created):
    response = api.get(created.path)
    assert response.status_code == 200
    body = response.json()
    assert {"slug", "title", "revision", "document", "forked_from"} <= set(body)
    assert body["slug"] == created.slug
    assert body["title"] == "Web app"
    assert body["revision"] == 1
    assert body["forked_from"] is None
    assert body["document"] == Topology.objects.get(slug=created.slug).document
    assert body["is_lesson"] is False
    assert body["url"] == f"/t/{created.slug}/"


def test_get_never_reveals_the_edit_token(api, created):
    response = api.get(created.path)
    assert created.token not in response.content.decode()
    assert "edit_token" not in response.json()


def test_an_unknown_slug_gives_404_naming_it(api):
    assert_errors(api.get("/api/topologies/no-such-thing/"), 404, "no topology", "no-such-thing")


def test_a_slug_with_characters_outside_the_alphabet_gives_json_404(api):
    assert_errors(api.get("/api/topologies/bad.slug!/"), 404)
