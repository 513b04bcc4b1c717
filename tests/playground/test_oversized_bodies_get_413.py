import json

import pytest
from django.http import HttpRequest

from playground.topologies.api import read_body
from playground.topologies.errors import PayloadTooLarge
from playground.topologies.models import Topology

from .helpers import assert_errors, make_document, rows

pytestmark = pytest.mark.django_db

LIMIT = 1_000_000


def padded(size: int) -> bytes:
    """A valid-looking document padded to exactly ``size`` bytes of JSON."""
    doc = make_document()
    doc["lesson"] = {"text": ""}
    base = len(json.dumps(doc).encode())
    doc["lesson"]["text"] = "x" * (size - base)
    body = json.dumps(doc).encode()
    assert len(body) == size
    return body


def test_the_limit_is_one_megabyte(settings):
    assert settings.PLAYGROUND_MAX_BODY_BYTES == LIMIT


def test_a_create_body_over_1_mb_gives_413(api):
    response = api.post("/api/topologies/", raw=padded(LIMIT + 1))
    assert_errors(response, 413, "larger than the limit of 1,000,000 bytes")
    assert Topology.objects.count() == 0


def test_a_much_bigger_body_also_gives_413(api):
    assert_errors(api.post("/api/topologies/", raw=b" " * (5 * LIMIT)), 413)


def test_a_body_of_exactly_1_mb_is_read(api):
    # Read and judged by the validator (which counts its own serialisation), not refused.
    response = api.post("/api/topologies/", raw=padded(LIMIT))
    assert response.status_code in (201, 400)


def test_a_put_body_over_1_mb_gives_413_and_changes_nothing(api, created):
    before = rows()
    body = json.dumps({"revision": 1, "document": {"pad": "x" * LIMIT}}).encode()
    response = api.put(created.path, raw=body, token=created.token)
    assert_errors(response, 413, "1,000,000 bytes")
    assert rows() == before


def test_a_fork_body_over_1_mb_gives_413(api, created):
    before = rows()
    response = api.post(f"{created.path}fork/", raw=b'{"document": "' + b"x" * LIMIT + b'"}')
    assert_errors(response, 413)
    assert rows() == before


def test_a_declared_content_length_over_the_limit_is_refused_before_reading(api):
    response = api.post("/api/topologies/", raw=b"{}", CONTENT_LENGTH=str(LIMIT + 1))
    assert_errors(response, 413)


def test_djangos_own_size_check_also_becomes_413_json(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10  # Django refuses before our own check would
    response = api.post("/api/topologies/", make_document())
    assert_errors(response, 413)


def test_the_actual_body_is_measured_even_without_a_content_length(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None  # as if Django did not check
    request = HttpRequest()
    request._body = b"x" * (LIMIT + 1)
    with pytest.raises(PayloadTooLarge):
        read_body(request)
