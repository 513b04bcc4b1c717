import pytest

from playground.topologies.errors import EditForbidden
from playground.topologies.models import Topology

from .helpers import assert_errors, make_document, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    doc = make_document(title="Single server")
    doc["lesson"] = {"text": "One box does everything.", "question": "What if it dies?"}
    topology, _ = Topology.load_lesson("01-single-server", doc)
    return topology


def test_a_lesson_is_readable_at_its_readable_slug(api, lesson):
    body = api.get("/api/topologies/01-single-server/").json()
    assert body["slug"] == "01-single-server"
    assert body["is_lesson"] is True
    assert body["document"]["lesson"]["question"] == "What if it dies?"


@pytest.mark.parametrize("token", [None, "", "anything", "a" * 43])
def test_put_on_a_lesson_gives_403_saying_fork_to_edit(api, lesson, token):
    before = rows()
    response = api.put(
        "/api/topologies/01-single-server/",
        {"revision": 1, "document": make_document()},
        token=token,
    )
    assert_errors(response, 403, "lessons are read-only; fork to edit")
    assert rows() == before


@pytest.mark.parametrize("token", [None, "anything"])
def test_delete_on_a_lesson_gives_403_saying_fork_to_edit(api, lesson, token):
    response = api.delete("/api/topologies/01-single-server/", token=token)
    assert_errors(response, 403, "lessons are read-only; fork to edit")
    assert Topology.objects.filter(slug="01-single-server").exists()


def test_a_lesson_has_no_token_that_could_open_it(lesson):
    assert lesson.edit_token_hash == ""
    assert not lesson.check_token("")


def test_the_model_refuses_to_save_a_lesson_revision(lesson):
    with pytest.raises(EditForbidden):
        lesson.save_revision(make_document(), 1)


def test_make_my_copy_forks_a_lesson_into_an_editable_topology(api, lesson):
    fork = api.post("/api/topologies/01-single-server/fork/").json()
    body = api.get(f"/api/topologies/{fork['slug']}/").json()
    assert body["forked_from"] == "01-single-server"
    assert body["is_lesson"] is False
    assert body["document"]["lesson"]["text"] == "One box does everything."
    response = api.put(
        f"/api/topologies/{fork['slug']}/",
        {"revision": 1, "document": make_document(title="My copy")},
        token=fork["edit_token"],
    )
    assert response.status_code == 200


def test_the_lesson_list_is_in_chapter_order(api, lesson):
    Topology.load_lesson("00-intro", make_document(title="Intro"))
    api.create()  # saved topologies are not lessons
    body = api.get("/api/lessons/").json()
    assert [item["slug"] for item in body["lessons"]] == ["00-intro", "01-single-server"]
    assert body["lessons"][1]["document"]["lesson"]["question"] == "What if it dies?"
