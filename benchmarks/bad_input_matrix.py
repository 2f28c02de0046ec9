"""The bad-input matrix as numbers: ``cases N, tracebacks T, wrong exit codes W``.

Runs every case of ``tests/cli/bad_input_cases.py`` in process (Typer's CliRunner), as the test
suite does, and prints one line per failing case, then the summary line.

    .venv/bin/python benchmarks/bad_input_matrix.py [--verbose] [--kind KIND] [--match TEXT]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cli"))

from bad_input_cases import ALL  # noqa: E402
from bad_input_support import build_lib, run_case  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="Print the output of failing cases.")
    parser.add_argument("--kind", help="Only cases of this class (e.g. 'damaged journal').")
    parser.add_argument("--match", help="Only cases whose command line contains this text.")
    args = parser.parse_args(argv)
    cases = [
        c for c in ALL if (not args.kind or c.kind == args.kind) and (not args.match or args.match in c.id)
    ]
    started = time.monotonic()
    tracebacks = wrong = unnamed = skipped = 0
    timings: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory(prefix="fitcli-bad-input-") as tmp:
        lib = build_lib(Path(tmp) / "lib")
        for i, case in enumerate(cases):
            t = Path(tmp) / f"case{i}"
            t.mkdir()
            began = time.monotonic()
            r = run_case(case, lib, t)
            timings.append((time.monotonic() - began, case.id))
            if r.skipped:
                skipped += 1
                continue
            problems = []
            if r.traceback:
                tracebacks += 1
                problems.append("traceback")
            if r.code != case.code:
                wrong += 1
                problems.append(f"exit {r.code}, want {case.code}")
            if not r.named:
                unnamed += 1
                problems.append(f"message does not name {', '.join(case.names)}")
            if problems:
                print(f"[{case.kind}] fitcli {case.id}: {'; '.join(problems)}")
                if args.verbose:
                    print("    " + (r.output.strip() + "\n" + "\n".join(r.extra)).replace("\n", "\n    "))
    took = time.monotonic() - started
    if args.verbose:
        for seconds, case_id in sorted(timings, reverse=True)[:10]:
            print(f"slowest: {seconds:5.1f} s  fitcli {case_id}")
    print(
        f"cases {len(cases) - skipped}, tracebacks {tracebacks}, wrong exit codes {wrong}, "
        f"messages not naming the input {unnamed}, skipped {skipped} ({took:.0f} s)"
    )
    return 1 if tracebacks or wrong or unnamed else 0


if __name__ == "__main__":
    sys.exit(main())
