import pytest

from playground.topologies.models import Topology

from .helpers import assert_errors, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_of_three(settings):
    settings.PLAYGROUND_CREATE_LIMIT = 3
    settings.PLAYGROUND_CREATE_WINDOW_S = 600


def test_the_default_is_120_per_10_minutes_enough_for_a_class_behind_one_address(settings):
    from django.conf import settings as live

    assert (live.PLAYGROUND_CREATE_LIMIT, live.PLAYGROUND_CREATE_WINDOW_S) == (120, 600)


def test_refused_documents_do_not_use_up_the_allowance(api, limit_of_three):
    for _ in range(5):
        assert api.post("/api/topologies/", {"format": "nope"}).status_code == 400
        assert api.post("/api/topologies/", raw=b"{not json").status_code == 400
    source = api.post("/api/topologies/", make_document()).json()["slug"]
    assert api.post(f"/api/topologies/{source}/fork/", {"document": {"nodes": 3}}
                    ).status_code == 400
    assert api.post(f"/api/topologies/{source}/fork/").status_code == 201
    assert api.post("/api/topologies/", make_document()).status_code == 201
    assert_errors(api.post("/api/topologies/", make_document()), 429)
    assert Topology.objects.count() == 3


def test_creating_past_the_limit_gives_429_with_retry_after(api, limit_of_three):
    for _ in range(3):
        assert api.post("/api/topologies/", make_document()).status_code == 201
    response = api.post("/api/topologies/", make_document())
    assert_errors(response, 429, "too many topologies created from your address", "try again in")
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 600
    assert f"{retry_after} second" in response.json()["errors"][0]["message"]
    assert Topology.objects.count() == 3


def test_forks_count_towards_the_same_limit(api, limit_of_three):
    source = api.post("/api/topologies/", make_document()).json()["slug"]
    assert api.post(f"/api/topologies/{source}/fork/").status_code == 201
    assert api.post(f"/api/topologies/{source}/fork/").status_code == 201
    assert_errors(api.post(f"/api/topologies/{source}/fork/"), 429, "try again in")
    assert_errors(api.post("/api/topologies/", make_document()), 429)


def test_each_client_address_has_its_own_allowance(api, limit_of_three):
    for _ in range(3):
        api.post("/api/topologies/", make_document(), REMOTE_ADDR="10.0.0.1")
    assert api.post("/api/topologies/", make_document(), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert api.post("/api/topologies/", make_document(), REMOTE_ADDR="10.0.0.2").status_code == 201


def test_reading_and_editing_are_not_limited(api, limit_of_three):
    created = api.create()
    for _ in range(2):
        api.post("/api/topologies/", make_document())
    for revision in range(1, 6):
        response = api.put(
            created.path, {"revision": revision, "document": make_document()}, token=created.token
        )
        assert response.status_code == 200
        assert api.get(created.path).status_code == 200


def test_the_window_resets_the_count(api, limit_of_three, monkeypatch):
    import time

    now = 1_000_000.0
    monkeypatch.setattr(time, "time", lambda: now)
    for _ in range(3):
        api.post("/api/topologies/", make_document())
    assert api.post("/api/topologies/", make_document()).status_code == 429
    now += 600
    assert api.post("/api/topologies/", make_document()).status_code == 201


def test_a_limit_of_zero_turns_the_limit_off(api, settings):
    settings.PLAYGROUND_CREATE_LIMIT = 0
    for _ in range(5):
        assert api.post("/api/topologies/", make_document()).status_code == 201


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(api, limit_of_three, settings):
    def create(forwarded_for):
        return api.post(
            "/api/topologies/",
            make_document(),
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    # No trusted proxy: a client cannot dodge the limit by inventing X-Forwarded-For.
    for i in range(3):
        assert create(f"1.2.3.{i}").status_code == 201
    assert create("1.2.3.99").status_code == 429

    settings.PLAYGROUND_TRUSTED_PROXIES = 1
    # Behind one proxy: the proxy's entry (rightmost) is the client; spoofed left parts
    # are ignored.
    for i in range(3):
        assert create(f"spoof-{i}, 203.0.113.7").status_code == 201
    assert create("spoof-x, 203.0.113.7").status_code == 429
    assert create("203.0.113.8").status_code == 201


def test_refused_attempts_have_a_wider_limit_of_their_own(api, limit_of_three, settings):
    settings.PLAYGROUND_ATTEMPT_LIMIT = 5
    for _ in range(5):
        assert api.post("/api/topologies/", {"format": "nope"}).status_code == 400
    assert_errors(api.post("/api/topologies/", {"format": "nope"}), 429, "try again in")
    assert_errors(api.post("/api/topologies/", make_document()), 429)
