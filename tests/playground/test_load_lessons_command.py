import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from playground.topologies.models import Topology

from .helpers import invalid_document, make_document

pytestmark = pytest.mark.django_db


def write_lesson(directory, stem, title, **lesson):
    doc = make_document(title=title)
    doc["lesson"] = {"text": f"About {title}", **lesson}
    (directory / f"{stem}.json").write_text(json.dumps(doc), encoding="utf-8")
    return doc


def load(directory):
    out = StringIO()
    call_command("load_lessons", "--dir", str(directory), stdout=out)
    return out.getvalue()


def test_every_file_becomes_a_read_only_lesson_named_by_its_stem(tmp_path):
    write_lesson(tmp_path, "01-single-server", "Single server")
    write_lesson(tmp_path, "02-separate-db", "Separate DB")
    output = load(tmp_path)
    lessons = Topology.objects.filter(is_lesson=True).order_by("slug")
    assert [(t.slug, t.title) for t in lessons] == [
        ("01-single-server", "Single server"),
        ("02-separate-db", "Separate DB"),
    ]
    assert all(t.edit_token_hash == "" and t.revision == 1 for t in lessons)
    assert "2 lessons: 2 created" in output


def test_reloading_unchanged_files_changes_nothing(tmp_path):
    write_lesson(tmp_path, "01-single-server", "Single server")
    load(tmp_path)
    before = list(Topology.objects.values_list())
    output = load(tmp_path)
    assert list(Topology.objects.values_list()) == before
    assert "1 unchanged" in output


def test_reloading_a_changed_file_updates_the_same_lesson_in_place(tmp_path):
    write_lesson(tmp_path, "01-single-server", "Single server")
    load(tmp_path)
    first_pk = Topology.objects.get(slug="01-single-server").pk
    write_lesson(tmp_path, "01-single-server", "Single server, revised", question="Why?")
    output = load(tmp_path)
    lesson = Topology.objects.get(slug="01-single-server")
    assert Topology.objects.count() == 1
    assert lesson.pk == first_pk
    assert (lesson.title, lesson.revision, lesson.is_lesson) == ("Single server, revised", 2, True)
    assert lesson.document["lesson"]["question"] == "Why?"
    assert "1 updated" in output


def test_an_invalid_lesson_file_loads_nothing_and_names_the_problem(tmp_path):
    write_lesson(tmp_path, "01-good", "Good")
    (tmp_path / "02-bad.json").write_text(json.dumps(invalid_document()), encoding="utf-8")
    with pytest.raises(CommandError, match=r"(?s)02-bad\.json.*nodes\[1\]\.kind: unknown kind"):
        load(tmp_path)
    assert Topology.objects.count() == 0


def test_a_file_that_is_not_json_is_reported(tmp_path):
    (tmp_path / "01-broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="01-broken.json: cannot read JSON"):
        load(tmp_path)


def test_a_file_name_that_is_not_a_slug_is_reported(tmp_path):
    write_lesson(tmp_path, "01 single server", "Spaces")
    with pytest.raises(CommandError, match="must be a slug"):
        load(tmp_path)


def test_a_lesson_never_takes_over_a_saved_topology(tmp_path, api):
    created = api.create()
    write_lesson(tmp_path, created.slug, "Impostor")
    with pytest.raises(CommandError, match="taken by a saved topology"):
        load(tmp_path)
    assert not Topology.objects.get(slug=created.slug).is_lesson


def test_a_missing_directory_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no lesson directory"):
        load(tmp_path / "nope")


def test_the_projects_own_lessons_load_without_error():
    directory = settings.PLAYGROUND_LESSONS_DIR
    files = sorted(directory.glob("*.json"))
    if not files:
        pytest.skip(f"no lesson files in {directory} yet")
    call_command("load_lessons", stdout=StringIO())
    assert set(Topology.objects.filter(is_lesson=True).values_list("slug", flat=True)) == {
        f.stem for f in files
    }
    call_command("load_lessons", stdout=StringIO())  # and again: idempotent
    assert Topology.objects.filter(is_lesson=True).count() == len(files)
