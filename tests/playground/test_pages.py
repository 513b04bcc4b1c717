import pytest
from django.test import Client

from playground.topologies.models import Topology

from .helpers import make_document

pytestmark = pytest.mark.django_db


def template_names(response):
    return [t.name for t in response.templates]


def test_the_home_page_renders_index_html_with_the_lessons(client):
    Topology.load_lesson("01-single-server", make_document(title="Single server"))
    response = client.get("/")
    assert response.status_code == 200
    assert template_names(response)[:2] == ["index.html", "base.html"]
    assert [t.slug for t in response.context["lessons"]] == ["01-single-server"]
    assert b'<main id="app">' in response.content


def test_the_share_link_renders_the_editor_with_the_slug(client, created):
    response = client.get(f"/t/{created.slug}/")
    assert response.status_code == 200
    assert template_names(response)[:2] == ["editor.html", "base.html"]
    assert response.context["slug"] == created.slug
    assert response.context["edit_link"] is False
    assert created.slug.encode() in response.content
    assert created.token.encode() not in response.content


def test_the_edit_link_renders_the_same_editor(client, created):
    response = client.get(f"/t/{created.slug}/edit")
    assert response.status_code == 200
    assert template_names(response)[0] == "editor.html"
    assert response.context["slug"] == created.slug
    assert response.context["edit_link"] is True


def test_an_unknown_slug_gives_the_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/t/no-such-topology/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert response["Content-Type"].startswith("text/html")


def test_a_lesson_page_opens(client):
    Topology.load_lesson("01-single-server", make_document(title="Single server"))
    response = client.get("/t/01-single-server/")
    assert response.status_code == 200
    assert response.context["topology"].is_lesson


def test_the_javascript_translation_catalog_is_served(client):
    response = client.get("/jsi18n/")
    assert response.status_code == 200
    assert "gettext" in response.content.decode()


def test_set_language_switches_the_page_to_korean(settings):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert b'<html lang="ko">' in client.get("/").content


def test_the_browser_language_is_honoured(client):
    response = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert b'<html lang="ko">' in response.content
