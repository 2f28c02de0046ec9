"""A Ray cluster of several nodes on this machine, started with `ray start` the way a user does,
and stopped by the ids of its own processes only (``ray stop`` would end every Ray on the machine,
another test run's too). Used by ``test_ray_cluster.py`` and ``benchmarks/ray_scaling.py``."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

RAY = str(Path(sys.executable).parent / "ray")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def token_env() -> dict[str, str]:
    """Token authentication as Ray recommends, with a token of this cluster's own."""
    return {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32), "RAY_USAGE_STATS_ENABLED": "0"}


def start_cluster(env: dict[str, str], nodes: int = 2, cpus: int = 1) -> int:
    """A head and ``nodes - 1`` more nodes of ``cpus`` CPUs each; returns the head's port."""
    port = free_port()
    node = [f"--num-cpus={cpus}", "--disable-usage-stats", "--node-ip-address=127.0.0.1"]
    head = ["start", "--head", f"--port={port}", "--include-dashboard=false",
            f"--ray-client-server-port={free_port()}", f"--dashboard-port={free_port()}", *node]  # fmt: skip
    try:
        for args in [head] + [["start", f"--address=127.0.0.1:{port}", *node]] * (nodes - 1):
            proc = subprocess.run([RAY, *args], env=env, capture_output=True, text=True, timeout=180)
            if proc.returncode != 0:
                raise RuntimeError(f"ray {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    except BaseException:
        stop_cluster(port)
        raise
    return port


def cluster_pids(port: int) -> list[int]:
    """The processes of the cluster whose head listens on ``port``, and their children."""
    mark = re.compile(rf"(--gcs[-_]address=\S+:{port}\b|--gcs_server_port={port}\b|--address=\S+:{port}\b)")
    rows = []
    for line in subprocess.run(
        ["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True
    ).stdout.splitlines():
        pid, ppid, *args = line.split(None, 2)
        rows.append((int(pid), int(ppid), args[0] if args else ""))
    ours = {pid for pid, _, args in rows if mark.search(args)}
    while True:
        more = {pid for pid, ppid, _ in rows if ppid in ours} - ours
        if not more:
            return sorted(ours - {os.getpid()})
        ours |= more


def stop_cluster(port: int, grace_s: float = 10.0) -> None:
    """End the cluster on ``port`` (SIGTERM, then SIGKILL what is left after ``grace_s``)."""
    pids = cluster_pids(port)
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    for pid in pids:
        _signal(pid, signal.SIGKILL)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"
    except OSError:
        return False
