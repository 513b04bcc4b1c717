"""GET with an edit token says whether it may edit (``can_edit``), so an edit link with a
wrong token opens read-only at once instead of failing at the first save."""

import pytest

from playground.topologies.models import Topology

from .helpers import make_document

pytestmark = pytest.mark.django_db


def test_the_right_token_may_edit(api, created):
    body = api.get(created.path, HTTP_X_EDIT_TOKEN=created.token).json()
    assert body["can_edit"] is True


def test_a_wrong_or_empty_token_may_not(api, created):
    for token in ("wrong", ""):
        body = api.get(created.path, HTTP_X_EDIT_TOKEN=token).json()
        assert body["can_edit"] is False


def test_without_a_token_nothing_is_said(api, created):
    assert "can_edit" not in api.get(created.path).json()


def test_a_lesson_is_never_editable(api):
    Topology.load_lesson("01-single-server", make_document(title="Single server"))
    body = api.get("/api/topologies/01-single-server/", HTTP_X_EDIT_TOKEN="anything").json()
    assert body["can_edit"] is False
