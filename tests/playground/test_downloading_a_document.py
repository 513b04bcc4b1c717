import json

import pytest

from playground.topologies.models import Topology

from .helpers import assert_errors, make_document

pytestmark = pytest.mark.django_db


def test_the_json_download_is_the_stored_document_as_an_attachment(api, created):
    response = api.get(f"/t/{created.slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == Topology.objects.get(slug=created.slug).document
    assert response["Content-Disposition"] == 'attachment; filename="web-app.json"'


def test_the_file_name_keeps_a_korean_title(api):
    created = api.create(make_document(title="캐시 앞의 DB"))
    response = api.get(f"/t/{created.slug}.json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%EC%BA%90%EC%8B%9C" in disposition  # 캐시
    assert json.loads(response.content)["title"] == "캐시 앞의 DB"


def test_a_title_without_letters_falls_back_to_the_slug(api):
    created = api.create(make_document(title="!!!"))
    response = api.get(f"/t/{created.slug}.json")
    assert response["Content-Disposition"] == f'attachment; filename="{created.slug}.json"'


def test_downloading_an_unknown_slug_gives_json_404(api):
    assert_errors(api.get("/t/nope.json"), 404, "no topology")


def test_the_download_is_read_only(api, created):
    response = api.post(f"/t/{created.slug}.json", make_document())
    assert_errors(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
