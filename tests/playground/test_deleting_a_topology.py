import pytest

from playground.topologies.models import Topology

from .helpers import assert_errors, rows

pytestmark = pytest.mark.django_db


def test_delete_with_the_token_gives_204_and_the_topology_is_gone(api, created):
    response = api.delete(created.path, token=created.token)
    assert response.status_code == 204
    assert response.content == b""
    assert not Topology.objects.filter(slug=created.slug).exists()
    assert_errors(api.get(created.path), 404)


def test_delete_without_a_token_gives_403_and_keeps_it(api, created):
    before = rows()
    assert_errors(api.delete(created.path), 403, "missing edit token")
    assert rows() == before


def test_delete_with_a_wrong_token_gives_403_and_keeps_it(api, created):
    before = rows()
    assert_errors(api.delete(created.path, token=created.token + "x"), 403, "wrong edit token")
    assert rows() == before


def test_delete_of_an_unknown_slug_gives_404(api, created):
    assert_errors(api.delete("/api/topologies/nope/", token=created.token), 404, "no topology")


def test_forks_outlive_the_topology_they_came_from(api, created):
    fork = api.post(f"{created.path}fork/").json()
    api.delete(created.path, token=created.token)
    body = api.get(f"/api/topologies/{fork['slug']}/").json()
    assert body["forked_from"] is None
