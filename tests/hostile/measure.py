"""Run the hostile suite and print its table (for tests/hostile/README.md).

    /work/venv/bin/python -m tests.hostile.measure [pytest args…]

Each case records, through the `bounds` fixture, the time of the risky call and its peak memory
(a child's peak RSS, or a tracemalloc peak for in-process work); the table shows them beside the
case's expectation (its docstring's first line) and the whole test's duration.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Row:
    case: str
    outcome: str
    duration: float
    properties: dict[str, Any] = field(default_factory=dict)


class Collector:
    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        case = report.nodeid.removeprefix("tests/hostile/").replace("::test_", " · ")
        row = self.rows.setdefault(case, Row(case, "passed", 0.0))
        row.duration += report.duration
        row.properties.update(dict(report.user_properties))
        if hasattr(report, "wasxfail"):
            row.outcome = "xfail"
        elif report.failed:
            row.outcome = "FAILED"
        elif report.skipped:
            row.outcome = "skipped"


def table(rows: list[Row]) -> str:
    lines = [
        "| case | expectation | result | call s | peak MB | test s |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in rows:
        props = row.properties
        seconds = f"{props['seconds']:.2f}" if "seconds" in props else ""
        memory = ""
        if "peak_mb" in props:
            peak = props["peak_mb"]
            memory = f"{peak:.1f}" if peak < 10 else f"{peak:.0f}"
            kind = props.get("memory_kind")
            memory += f" ({kind})" if kind in ("traced", "tree") else ""
        expectation = str(props.get("expect", "")).replace("|", "\\|")
        case = row.case.replace("|", "\\|")
        lines.append(
            f"| {case} | {expectation} | {row.outcome} | {seconds} | {memory} "
            f"| {row.duration:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    collector = Collector()
    started = time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "tests/hostile", *argv], [collector])
    total = time.monotonic() - started
    print()
    print(table(list(collector.rows.values())))
    print(f"\n{len(collector.rows)} cases in {total:.0f} s (exit {int(code)})")
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
