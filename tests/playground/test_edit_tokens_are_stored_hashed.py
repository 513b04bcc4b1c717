import hashlib

import pytest
from django.db import connection

from playground.topologies.models import Topology

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_nowhere_in_the_database(api, created):
    table = Topology._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        dump = repr(cursor.fetchall())
    assert created.slug in dump
    assert created.token not in dump


def test_the_stored_value_is_the_tokens_sha256(api, created):
    stored = Topology.objects.get(slug=created.slug).edit_token_hash
    assert stored == hashlib.sha256(created.token.encode()).hexdigest()


def test_the_token_has_256_random_bits(created):
    assert len(created.token) >= 43


def test_check_token_accepts_the_token_and_nothing_else(created):
    topology = Topology.objects.get(slug=created.slug)
    assert topology.check_token(created.token)
    assert not topology.check_token(created.token[:-1])
    assert not topology.check_token("")
    assert not topology.check_token(None)
    assert not topology.check_token(topology.edit_token_hash)


def test_check_token_compares_in_constant_time(created, monkeypatch):
    import hmac

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    Topology.objects.get(slug=created.slug).check_token("guess")
    assert calls
