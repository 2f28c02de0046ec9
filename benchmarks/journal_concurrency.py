"""Many processes writing one journal: every `fitcli log` must be stored (issue 14 target: 200 of 200).

Starts WORKERS threads, each running CALLS `fitcli log` processes one after the other on one fresh
journal, then counts: confirmed (exit 0), present (sessions in the journal), refused (other exits,
with their first error line). Every confirmed session id must be present.

    python benchmarks/journal_concurrency.py [--workers 8] [--calls 25] [--wait 30] [--keep DIR]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb


def fitcli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fitcli", *args], capture_output=True, text=True, env=env, check=False
    )


def worker(db: Path, calls: int, wait: float, env: dict[str, str]) -> list[tuple[int, str]]:
    """(exit code, session id prefix or first error line) of each call."""
    results = []
    for _ in range(calls):
        r = fitcli("log", "-a", "walking", "-t", "10", "--db", str(db), "--wait", f"{wait:g}", env=env)
        found = re.search(r"session\s+([0-9a-f]{8})", r.stdout)
        detail = found.group(1) if r.returncode == 0 and found else (r.stderr.strip().splitlines() or [""])[0]
        results.append((r.returncode, detail))
    return results


def run(folder: Path, workers: int, calls: int, wait: float) -> dict[str, object]:
    db = folder / "journal.duckdb"
    env = {**os.environ, "FITCLI_HOME": str(folder / "home")}
    made = fitcli("profile", "set", "--name", "ana", "--weight", "60", "--db", str(db), env=env)
    if made.returncode != 0:
        raise SystemExit(made.stderr)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        runs = list(pool.map(lambda _: worker(db, calls, wait, env), range(workers)))
    wall = time.perf_counter() - t0
    results = [r for rs in runs for r in rs]
    confirmed = [detail for code, detail in results if code == 0]
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM sessions").fetchall()]
    missing = [c for c in confirmed if not any(i.startswith(c) for i in ids)]
    refused = collections.Counter(detail for code, detail in results if code != 0)
    return {
        "processes": len(results),
        "confirmed": len(confirmed),
        "present": len(ids),
        "refused": sum(refused.values()),
        "confirmed_but_missing": missing,
        "refusals": dict(refused),
        "wall_s": round(wall, 1),
        "per_write_s": round(wall / max(1, len(results)) * workers, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--calls", type=int, default=25)
    parser.add_argument("--wait", type=float, default=30.0, help="--wait of each fitcli log")
    parser.add_argument("--keep", type=Path, help="Write the journal here instead of a temp folder.")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = run(args.keep, args.workers, args.calls, args.wait)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = run(Path(tmp), args.workers, args.calls, args.wait)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
