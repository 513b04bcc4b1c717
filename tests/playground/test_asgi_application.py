"""The ASGI app Daphne serves: HTTP goes to Django, websockets come later."""

import json

import pytest
from channels.routing import ProtocolTypeRouter
from channels.testing import HttpCommunicator

from playground.asgi import application
from simulator.catalog import catalog_json

HOST = [(b"host", b"testserver")]


def test_the_application_routes_http_and_has_room_for_websockets():
    assert isinstance(application, ProtocolTypeRouter)
    assert "http" in application.application_mapping


async def test_the_catalog_is_served_over_asgi():
    communicator = HttpCommunicator(application, "GET", "/api/catalog/", headers=HOST)
    response = await communicator.get_response()
    assert response["status"] == 200
    assert json.loads(response["body"]) == catalog_json()


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
async def test_an_oversized_body_over_asgi_gets_413_json(declare_length):
    body = b" " * 1_000_001
    headers = [*HOST, (b"content-type", b"application/json")]
    if declare_length:
        headers.append((b"content-length", str(len(body)).encode()))
    communicator = HttpCommunicator(application, "POST", "/api/topologies/", body, headers)
    response = await communicator.get_response()
    assert response["status"] == 413
    assert json.loads(response["body"])["errors"][0]["message"].startswith(
        "request body is larger than the limit"
    )


async def test_a_disallowed_host_still_gets_a_json_error():
    headers = [(b"host", b"evil.example")]
    response = await HttpCommunicator(
        application, "GET", "/api/catalog/", headers=headers
    ).get_response()
    assert response["status"] == 400
    assert json.loads(response["body"])["errors"][0]["message"] == "bad request"


def test_serving_keeps_full_garbage_collections_rare():
    import gc

    assert gc.get_threshold()[0] >= 10_000  # set by playground.asgi, imported above
    assert gc.get_freeze_count() > 0
