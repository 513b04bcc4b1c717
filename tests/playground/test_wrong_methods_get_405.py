import pytest

from .helpers import assert_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/catalog/", "GET, HEAD, OPTIONS"),
        ("POST", "/api/catalog/", "GET, HEAD, OPTIONS"),
        ("GET", "/api/topologies/", "POST, OPTIONS"),
        ("PUT", "/api/topologies/", "POST, OPTIONS"),
        ("POST", "/api/topologies/{slug}/", "GET, PUT, DELETE, HEAD, OPTIONS"),
        ("PATCH", "/api/topologies/{slug}/", "GET, PUT, DELETE, HEAD, OPTIONS"),
        ("GET", "/api/topologies/{slug}/fork/", "POST, OPTIONS"),
        ("DELETE", "/t/{slug}.json", "GET, HEAD, OPTIONS"),
    ],
)
def test_a_wrong_method_gives_json_405_with_an_allow_header(api, created, method, path, allowed):
    response = api.send(method, path.format(slug=created.slug), {})
    assert_errors(response, 405, f"method {method} is not allowed here", allowed)
    assert response["Allow"] == allowed
