"""No HTML and no traceback ever comes back from /api/, whatever goes wrong and
whatever DEBUG says."""

import pytest
from django.test import Client

from .helpers import assert_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_api_route_gives_json_404(api, debug):
    assert_errors(api.get("/api/no/such/route/"), 404, "no API route at /api/no/such/route/")
    assert_errors(api.post("/api/topologies/x/y/z/", {}), 404)


def test_an_unexpected_exception_gives_json_500_without_a_traceback(debug, monkeypatch):
    from playground.topologies import views

    def explode():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "catalog_json", explode)
    response = Client(raise_request_exception=False).get("/api/catalog/")
    assert_errors(response, 500, "internal server error")
    text = response.content.decode()
    assert "secret internals" not in text and "Traceback" not in text


def test_an_oversized_body_rejected_by_django_itself_is_json(api, debug, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5
    assert_errors(api.post("/api/topologies/", {"x": 1}), 413)


def test_the_missing_slash_on_a_write_does_not_become_a_debug_page(api, debug, document):
    assert api.post("/api/topologies", document).status_code == 201


def test_pages_keep_their_html_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
