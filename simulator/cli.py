"""Command line: ``python -m simulator run|validate|catalog|bench`` (CONTRACT.md §3).

Exit codes: 0 ok, 1 invalid document (its problems on stderr), 2 usage or file errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from .catalog import catalog_json
from .document import validate


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _load(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory, not a document") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path} is not JSON: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path} is nested too deeply to be a topology document") from None
    except ValueError as exc:  # e.g. an integer beyond Python's 4,300 digits
        raise UsageError(f"{path} is not usable JSON: {exc}") from None


def _check(doc: Any, path: str) -> bool:
    problems = validate(doc)
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    return not problems


def cmd_validate(args: argparse.Namespace) -> int:
    doc = _load(args.document)
    if not _check(doc, args.document):
        return 1
    print(f"{args.document}: valid")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .simulate import run

    doc = _load(args.document)
    if not _check(doc, args.document):
        return 1
    summary = run(doc, args.duration, seed=args.seed, every=args.every)
    if args.format == "json":
        print(json.dumps(summary, indent=2, sort_keys=False))
    else:
        print(format_text(summary))
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    data = catalog_json()
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return 0
    for kind in data["kinds"]:
        print(f"{kind['kind']:<16} {kind['label']} — {kind['blurb']}")
        for name, p in kind["params"].items():
            print(f"    {name:<22} default {p['default']!s:<12} {p['unit']:<10} {p['help']}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import main as bench_main

    return bench_main(quick=args.quick)


def format_text(summary: dict[str, Any]) -> str:
    """A readable table of a run summary."""
    head = (f"{'node':<20}{'thru/s':>10}{'err/s':>10}{'util':>7}"
            f"{'mean ms':>10}{'p50':>9}{'p95':>9}{'p99':>9}  other")
    lines = [f"{summary['duration']:g} s simulated, seed {summary['seed']}", "", head]
    base = {"throughput_rps", "error_rps", "utilization", "latency_ms"}

    def row(name: str, m: dict[str, Any]) -> str:
        lat = m["latency_ms"]
        extra = ", ".join(f"{k}={_plain(v)}" for k, v in m.items() if k not in base)
        util = f"{m['utilization']:>7.2f}" if "utilization" in m else " " * 7  # (not end to end)
        return (f"{name:<20}{m['throughput_rps']:>10g}{m['error_rps']:>10g}"
                f"{util}{lat['mean']:>10g}{lat['p50']:>9g}"
                f"{lat['p95']:>9g}{lat['p99']:>9g}  {extra}")

    for name, m in summary["nodes"].items():
        lines.append(row(name, m))
    lines += ["", row("END TO END", summary["end_to_end"])]
    if summary.get("timeline"):
        lines += ["", *timeline_text(summary["timeline"])]
    if summary["events"]:
        lines += ["", "events:"] + [f"  t={e['t']:>8.1f} s  {e['text']}" for e in summary["events"]]
    return "\n".join(lines)


def timeline_text(samples: list[dict[str, Any]]) -> list[str]:
    """The timeline (``--every``) as a table: end-to-end figures, then each serving node's
    utilization, a sample a line."""
    serving = [n for n, m in samples[0]["nodes"].items() if "queue" in m]
    widths = [max(len(n), 5) for n in serving]
    head = (f"{'t s':>9}{'thru/s':>10}{'err/s':>10}{'p50 ms':>9}{'p99 ms':>9}  "
            + " ".join(f"{n:>{w}}" for n, w in zip(serving, widths, strict=True)))
    lines = ["timeline (end to end; utilization of each serving node):", head]
    for s in samples:
        e2e = s["end_to_end"]
        util = " ".join(f"{s['nodes'][n]['utilization']:>{w}.0%}"
                        for n, w in zip(serving, widths, strict=True))
        lines.append(f"{s['t']:>9g}{e2e['throughput_rps']:>10g}{e2e['error_rps']:>10g}"
                     f"{e2e['latency_ms']['p50']:>9g}{e2e['latency_ms']['p99']:>9g}  {util}")
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m simulator",
                    description="Simulate an architecture-playground topology document.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    run = sub.add_parser("run", help="simulate a document and print a summary")
    run.add_argument("document")
    run.add_argument("--duration", type=_ticks, default=60.0,
                     help="simulated seconds (a multiple of the 0.1 s tick)")
    run.add_argument("--seed", type=_seed, default=1, help="a whole number from 0 to 2^63 - 1")
    run.add_argument("--format", choices=("json", "text"), default="text")
    run.add_argument("--every", type=_ticks, default=None,
                     help="also print a timeline sample every S simulated seconds "
                          "(a multiple of the 0.1 s tick)")
    run.set_defaults(func=cmd_run)
    val = sub.add_parser("validate", help="list a document's problems (exit 1 if any)")
    val.add_argument("document")
    val.set_defaults(func=cmd_validate)
    cat = sub.add_parser("catalog", help="print the component catalog")
    cat.add_argument("--format", choices=("json", "text"), default="text")
    cat.set_defaults(func=cmd_catalog)
    bench = sub.add_parser("bench", help="measure speed, ratios side by side in one run")
    bench.add_argument("--quick", action="store_true", help="shorter runs (rougher figures)")
    bench.set_defaults(func=cmd_bench)
    return parser


def _ticks(text: str) -> float:
    """Seconds that are a whole number of 100 ms ticks (what the engine can simulate)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1e7:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 1e7 seconds, "
                                         f"got {text}")
    if abs(value * 10 - round(value * 10)) > 1e-9:
        raise argparse.ArgumentTypeError(f"must be a multiple of the 0.1 s tick, got {text}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"must be between 0 and {2**63 - 1}, got {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"python -m simulator: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _plain(value: object) -> str:
    """A figure for the text table: a list as its items (healthy_targets=web-1 web-2)."""
    if isinstance(value, list):
        return " ".join(map(str, value)) or "none"
    return str(value)
