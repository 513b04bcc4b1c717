"""``python -m simulator``: the CONTRACT's commands, output and exit codes; never a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
LESSON = ROOT / "simulator/lessons/01-single-server.json"


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_run_prints_the_contract_summary_as_json():
    out = cli("run", LESSON, "--duration", 20, "--seed", 3, "--format", "json", "--every", 10)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["duration"] == 20 and summary["seed"] == 3
    web = summary["nodes"]["server"]
    assert {"throughput_rps", "error_rps", "utilization", "latency_ms", "queue"} <= set(web)
    assert set(web["latency_ms"]) == {"mean", "p50", "p95", "p99"}
    assert [s["t"] for s in summary["timeline"]] == [10.0, 20.0]
    assert set(summary["end_to_end"]) == {"throughput_rps", "error_rps", "latency_ms"}


def test_run_as_text_is_a_readable_table():
    out = cli("run", LESSON, "--duration", 10, "--format", "text")
    assert out.returncode == 0
    assert "END TO END" in out.stdout and "server" in out.stdout


def test_run_as_text_with_every_prints_the_timeline_as_a_table():
    # (--every was dropped silently in text: only JSON had the timeline.)
    out = cli("run", LESSON, "--duration", 20, "--every", 10, "--format", "text")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    start = lines.index("timeline (end to end; utilization of each serving node):")
    head, *rows = lines[start + 1:start + 4]
    assert head.split() == ["t", "s", "thru/s", "err/s", "p50", "ms", "p99", "ms", "server"]
    assert [r.split()[0] for r in rows] == ["10", "20"]
    assert all(r.split()[-1].endswith("%") for r in rows)


def test_a_duration_of_zero_is_refused_saying_what_is_allowed():
    out = cli("run", LESSON, "--duration", 0)
    assert out.returncode == 2
    assert "must be more than 0 and at most 1e7 seconds, got 0" in out.stderr


def test_validate_lists_problems_and_exits_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "architecture-playground", "version": 1,
                               "nodes": [{"id": "w", "kind": "web_server",
                                          "params": {"servers": 0}}], "edges": []}))
    out = cli("validate", bad)
    assert out.returncode == 1
    assert "nodes[0].params.servers" in out.stderr and "Traceback" not in out.stderr
    assert cli("validate", LESSON).returncode == 0


def test_run_of_an_invalid_document_exits_1_with_the_same_problems(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "architecture-playground", "version": 1,
                               "nodes": [], "edges": [{"source": "a", "target": "b"}]}))
    run, val = cli("run", bad, "--duration", 5), cli("validate", bad)
    assert run.returncode == 1 and run.stderr == val.stderr


@pytest.mark.parametrize("args", [
    ("run", "missing.json"),
    ("run", "README.md"),
    ("run", "simulator"),
    ("run", "simulator/lessons/01-single-server.json", "--duration", "-4"),
    ("run", "simulator/lessons/01-single-server.json", "--format", "yaml"),
    ("run", "simulator/lessons/01-single-server.json", "--seed", "-1"),
    ("run", "simulator/lessons/01-single-server.json", "--duration", "0.15"),
    ("run", "simulator/lessons/01-single-server.json", "--duration", "1", "--every", "0.25"),
    ("explode",),
    (),
])
def test_usage_and_file_errors_exit_2_with_a_message_and_no_traceback(args):
    out = cli(*args)
    assert out.returncode == 2
    assert "error" in out.stderr and "Traceback" not in out.stderr


def test_the_timeline_ends_at_the_end_of_the_run_with_a_shorter_last_sample():
    def stamps(every):
        out = cli("run", LESSON, "--duration", 10, "--format", "json", "--every", every)
        assert out.returncode == 0, out.stderr
        return [s["t"] for s in json.loads(out.stdout)["timeline"]]

    assert stamps(3) == [3.0, 6.0, 9.0, 10.0]
    assert stamps(100) == [10.0]  # (not an empty timeline)


def test_a_deeply_nested_file_is_refused_in_a_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    for command in ("run", "validate"):
        out = cli(command, deep)
        assert out.returncode == 2
        assert out.stderr.strip() == (f"python -m simulator: error: {deep} is nested too "
                                      "deeply to be a topology document")


def test_a_seed_too_large_says_the_largest_one():
    out = cli("run", LESSON, "--seed", "9" * 23)
    assert out.returncode == 2
    assert f"must be between 0 and {2**63 - 1}" in out.stderr


def test_catalog_json_is_the_api_catalog():
    out = cli("catalog", "--format", "json")
    kinds = {k["kind"]: k for k in json.loads(out.stdout)["kinds"]}
    assert {"client", "dns", "load_balancer", "web_server", "cache", "database"} <= set(kinds)
    servers = kinds["web_server"]["params"]["servers"]
    assert {"type", "default", "unit", "min", "max", "help"} <= set(servers)
    assert kinds["web_server"]["connects_to"] == ["cache", "database"]


def test_run_as_text_lists_a_balancers_healthy_targets_plainly():
    # (healthy_targets=['web-1', 'web-2']: Python's list in a table for people.)
    lesson = LESSON.with_name("04-load-balancer.json")
    out = cli("run", lesson, "--duration", 5, "--format", "text")
    assert out.returncode == 0, out.stderr
    assert "healthy_targets=web-1 web-2 web-3" in out.stdout and "['" not in out.stdout
