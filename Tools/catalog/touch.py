#!/usr/bin/env python3
"""Renders across a shape b catalog (Tools/catalog/generate.py b) on a running `parley serve`.

    touch.py cold PORT KEY WORKSPACES COUNT
        First renders of COUNT workspaces not used yet (every WORKSPACES/COUNT-th), one at a
        time: prints the latency of each first render (p50, p99, max) and of a second one.
    touch.py run PORT KEY WORKSPACES SECONDS [THREADS]
        Renders in every workspace, in a shuffled order, again and again, for SECONDS on THREADS
        connections: prints renders, failures (any answer but 200) and renders per second.

Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import random
import sys
import threading
import time

from generate import Seed

ARGS = {"name": "Ana", "ticket": "T-1", "days": 3, "hours": 24, "date": "2026-12-05", "amount": 12.5, "when": "2026-12-05T10:00:00Z",
        "minutes": 5, "video_title": "Intro", "claimant": "Acme", "videos": 2, "version": "1.2", "size": 10, "order_id": "A1",
        "mbps": 5, "email": "a@example.com", "coins": 3}


def template_key(seed: Seed, workspace: int, index: int) -> str:
    """The key generate.py gave the workspace's template `index` (workspace numbered from 1)."""
    n = (workspace - 1) * 10 + index
    return f"{seed.keys[n % len(seed.keys)]}.v{n:06d}"


class Client:
    def __init__(self, port: int, key: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def render(self, workspace: int, key: str) -> int:
        body = json.dumps({"key": key, "locale": "en", "args": ARGS})
        self.connection.request("POST", f"/v1/workspaces/ws{workspace:05d}/render", body, self.headers)
        response = self.connection.getresponse()
        response.read()
        return response.status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def cold(port: int, key: str, workspaces: int, count: int) -> None:
    seed, client = Seed(), Client(port, key)
    first, second, failed = [], [], 0
    for workspace in range(1, workspaces + 1, max(1, workspaces // count)):
        for times in (first, second):
            start = time.perf_counter()
            failed += client.render(workspace, template_key(seed, workspace, 0)) != 200
            times.append((time.perf_counter() - start) * 1000)
    print(f"first render of {len(first)} cold workspaces: p50 {percentile(first, 0.5):.1f} ms  p99 {percentile(first, 0.99):.1f} ms  "
          f"max {max(first):.1f} ms; second render p50 {percentile(second, 0.5):.2f} ms; failed {failed}")


def run(port: int, key: str, workspaces: int, seconds: float, threads: int) -> None:
    seed = Seed()
    counts = {"renders": 0, "failed": 0}
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def work(number: int) -> None:
        client, rng = Client(port, key), random.Random(number)
        renders = failed = 0
        while time.monotonic() < end:
            order = list(range(1, workspaces + 1))
            rng.shuffle(order)
            for workspace in order:
                if time.monotonic() >= end:
                    break
                try:
                    failed += client.render(workspace, template_key(seed, workspace, rng.randrange(10))) != 200
                except (OSError, http.client.HTTPException):
                    failed += 1
                    client = Client(port, key)
                renders += 1
        with lock:
            counts["renders"] += renders
            counts["failed"] += failed

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(f"{counts['renders']} renders in {seconds:.0f} s over {workspaces} workspaces ({counts['renders'] / seconds:.0f}/s), "
          f"failed {counts['failed']}")


if __name__ == "__main__":
    mode, port, key, workspaces = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    if mode == "cold":
        cold(port, key, workspaces, int(sys.argv[5]))
    else:
        run(port, key, workspaces, float(sys.argv[5]), int(sys.argv[6]) if len(sys.argv) > 6 else 4)
