"""Whatever bytes arrive, the API answers 4xx (or 2xx for a body that happens to be a
valid document), never 5xx, and a refused request never creates or changes a row."""

import copy
import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from playground.topologies.models import Topology
from simulator.document import validate

from .helpers import make_document, rows

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**18, max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
junk = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)

#: JSON text that Python parses but databases refuse, plus plain garbage.
nasty_texts = st.sampled_from(
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        "9" * 5000,
        '"\\u0000"',
        '{"a\\u0000": 1}',
        '"\\ud800"',
        '"\\udfff\\ud800"',
        "[" * 5000,
        "{" * 5000,
        "[" * 70 + "]" * 70,
        "",
        " ",
        "null",
        "true",
        "0",
        '""',
        "{",
        "}",
        '{"format": }',
        "\ufeff{}",
        "{'single': 'quotes'}",
    ]
)

nasty_values = st.sampled_from(
    [10**100, -(10**100), 1e308, -1e308, 5e-324, "", "\U0001f600" * 50, [], {}, [[[[]]]]]
)

NODE_FIELDS = ("id", "kind", "params", "position")
EDGE_FIELDS = ("source", "target", "params")


@st.composite
def damaged_documents(draw):
    """A valid document with junk put somewhere inside it (a node, an edge, a param, the
    top level) or a field removed."""
    doc = make_document()
    where = draw(st.sampled_from(["node", "edge", "param", "edge_param", "top", "remove"]))
    value = draw(junk | nasty_values)
    if where == "node":
        node = draw(st.sampled_from(doc["nodes"]))
        node[draw(st.sampled_from(NODE_FIELDS))] = value
    elif where == "edge":
        edge = draw(st.sampled_from(doc["edges"]))
        edge[draw(st.sampled_from(EDGE_FIELDS))] = value
    elif where == "param":
        node = draw(st.sampled_from(doc["nodes"]))
        node.setdefault("params", {})[draw(st.sampled_from(["rps", "servers", "role", "x"]))] = (
            value
        )
    elif where == "edge_param":
        doc["edges"][0]["params"][draw(st.sampled_from(["latency_ms", "weight"]))] = value
    elif where == "top":
        doc[draw(st.sampled_from(["format", "version", "nodes", "edges", "scenario", "title"]))] = (
            value
        )
    else:
        del doc[draw(st.sampled_from(["format", "version", "nodes", "edges"]))]
    return doc


bodies = st.one_of(
    st.binary(max_size=200),
    nasty_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    junk.map(lambda v: json.dumps(v).encode()),
    damaged_documents().map(lambda d: json.dumps(d).encode()),
)


def valid(body: bytes) -> bool:
    try:
        return not validate(json.loads(body))
    except ValueError:
        return False


@pytest.fixture
def unlimited(settings):
    settings.PLAYGROUND_CREATE_LIMIT = 0


@HYPOTHESIS
@given(body=bodies)
def test_garbled_creates_never_give_5xx_or_create_a_row(api, unlimited, body):
    before = Topology.objects.count()
    response = api.post("/api/topologies/", raw=body)
    assert response.status_code < 500, response.content
    event(f"status {response.status_code}")
    if response.status_code == 201:
        assert valid(body)
        assert Topology.objects.count() == before + 1
    else:
        assert response.status_code == 400, response.content
        assert set(response.json()) == {"errors"}
        assert Topology.objects.count() == before


def put_bodies(revision: int):
    document = st.one_of(junk, damaged_documents())
    wrapper = st.fixed_dictionaries({"revision": st.just(revision), "document": document})
    return st.one_of(
        st.binary(max_size=200),
        nasty_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
        junk.map(lambda v: json.dumps(v).encode()),
        wrapper.map(lambda w: json.dumps(w).encode()),
        st.fixed_dictionaries(
            {"revision": junk | nasty_values, "document": st.just(make_document())}
        ).map(lambda w: json.dumps(w).encode()),
    )


@HYPOTHESIS
@given(data=st.data())
def test_garbled_saves_never_give_5xx_or_change_the_row(api, created, data):
    revision = Topology.objects.get(slug=created.slug).revision
    body = data.draw(put_bodies(revision), label="body")
    before = rows()
    response = api.put(created.path, raw=body, token=created.token)
    assert response.status_code < 500, response.content
    event(f"status {response.status_code}")
    if response.status_code == 200:
        assert valid(json.dumps(json.loads(body)["document"]).encode())
        assert Topology.objects.get(slug=created.slug).revision == revision + 1
    else:
        assert response.status_code in (400, 409), response.content
        assert set(response.json()) == {"errors"}
        assert rows() == before


@HYPOTHESIS
@given(body=bodies)
def test_garbled_forks_never_give_5xx_or_create_a_bad_row(api, created, unlimited, body):
    before = rows()
    response = api.post(f"{created.path}fork/", raw=b'{"document": ' + body + b"}")
    assert response.status_code < 500, response.content
    event(f"status {response.status_code}")
    if response.status_code == 201:
        assert validate(Topology.objects.get(slug=response.json()["slug"]).document) == []
    else:
        assert response.status_code == 400, response.content
        assert rows() == before


def test_the_strategies_do_reach_the_validator():
    # Sanity: damaged documents are mostly refused by the simulator, not by JSON parsing.
    doc = make_document()
    broken = copy.deepcopy(doc)
    broken["nodes"][0]["params"]["rps"] = "lots"
    assert validate(doc) == [] and validate(broken)
