"""Forking needs no body; clients that send an empty form instead of nothing are fine too."""

from django.test import Client


def test_a_fork_posted_as_an_empty_form_is_created(created, db):
    response = Client().post(f"/api/topologies/{created.slug}/fork/")
    assert response.status_code == 201
    assert response.json()["slug"] != created.slug


def test_a_session_posted_as_an_empty_form_is_created(created, db):
    response = Client().post(f"/api/topologies/{created.slug}/sessions/")
    assert response.status_code == 201
