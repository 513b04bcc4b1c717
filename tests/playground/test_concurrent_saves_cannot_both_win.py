"""Optimistic concurrency: saves name the revision they edited, and the write is a
conditional UPDATE ... WHERE revision = n, so two saves of the same revision can
never both succeed, however they interleave."""

import threading

import pytest
from django.db import connections
from django.test import Client

from playground.topologies.errors import StaleRevision
from playground.topologies.models import Topology

from .helpers import Api, assert_errors, make_document


@pytest.mark.django_db
def test_two_puts_of_the_same_revision_give_one_200_and_one_409(api, created):
    first = api.put(
        created.path, {"revision": 1, "document": make_document(title="first")}, token=created.token
    )
    second = api.put(
        created.path,
        {"revision": 1, "document": make_document(title="second")},
        token=created.token,
    )
    assert first.status_code == 200
    assert_errors(second, 409, "current revision is 2")
    stored = Topology.objects.get(slug=created.slug)
    assert (stored.title, stored.revision) == ("first", 2)
    assert stored.document["title"] == "first"


@pytest.mark.django_db
def test_a_stale_in_memory_copy_cannot_overwrite_a_newer_save(created):
    # Both copies were read at revision 1 before either saved: the one that saves second
    # must fail even though its own `revision` attribute still says 1.
    mine = Topology.objects.get(slug=created.slug)
    theirs = Topology.objects.get(slug=created.slug)
    theirs.save_revision(make_document(title="theirs"), 1)
    with pytest.raises(StaleRevision) as stale:
        mine.save_revision(make_document(title="mine"), mine.revision)
    assert stale.value.current == 2
    assert Topology.objects.get(slug=created.slug).title == "theirs"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_puts_of_one_revision_have_exactly_one_winner():
    created = Api(Client()).create()
    contenders = 6
    start = threading.Barrier(contenders)
    results: dict[str, int] = {}

    def save(name: str) -> None:
        try:
            start.wait()
            response = Api(Client()).put(
                created.path,
                {"revision": 1, "document": make_document(title=name)},
                token=created.token,
            )
            results[name] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(f"writer-{i}",)) for i in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results.values()) == [200] + [409] * (contenders - 1), results
    winner = next(name for name, status in results.items() if status == 200)
    stored = Topology.objects.get(slug=created.slug)
    assert stored.revision == 2
    assert stored.title == winner and stored.document["title"] == winner
