#!/usr/bin/env python3
"""Writes at a steady rate through one replica and times when another serves each write.

    write-load.py WRITER_PORT READER_PORT KEY SECONDS [RATE]

PUTs RATE texts a second (100) for SECONDS through the replica on WRITER_PORT, in turn to the
German text of every template of the seed workspace `support`, each with the version it has.
A second thread renders each written text on READER_PORT until it serves the new wording, and
records how long after the PUT's answer that was (five seconds at most per write). Prints writes,
failed writes, and the delays: p50, p99, largest, and how many were over one second.
Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import queue
import sys
import threading
import time

WORKSPACE = "support"
LOCALE = "de"


class Client:
    def __init__(self, port: int, key: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, dict]:
        self.connection.request(method, path, json.dumps(body) if body is not None else None, {**self.headers, **(headers or {})})
        response = self.connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else {})


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


def main() -> None:
    writer_port, reader_port, key, seconds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    rate = float(sys.argv[5]) if len(sys.argv) > 5 else 100.0
    writer = Client(writer_port, key)
    status, page = writer.call("GET", f"/v1/workspaces/{WORKSPACE}/templates?limit=500")
    keys = [t["key"] for t in page.get("templates", [])]
    versions: dict[str, int] = {}
    for template in keys:
        status, text = writer.call("GET", f"/v1/workspaces/{WORKSPACE}/templates/{template}/translations/{LOCALE}")
        if status == 200:
            versions[template] = text["version"]
    keys = [k for k in keys if k in versions]

    written: queue.Queue = queue.Queue()
    delays: list[float] = []

    def watch() -> None:
        reader = Client(reader_port, key)
        while True:
            item = written.get()
            if item is None:
                return
            template, wording, answered = item
            while time.monotonic() - answered < 5:
                try:
                    status, rendered = reader.call("POST", f"/v1/workspaces/{WORKSPACE}/render",
                                                   {"key": template, "locale": LOCALE, "args": {}})
                except (OSError, http.client.HTTPException):
                    # The other replica is away (paused, in the soak): this write counts as not seen in time.
                    reader = Client(reader_port, key)
                    continue
                if status == 200 and rendered.get("text", "").startswith(wording):
                    break
                time.sleep(0.002)
            delays.append(time.monotonic() - answered)

    watcher = threading.Thread(target=watch)
    watcher.start()
    writes = failed = 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        due = start + writes / rate
        if (pause := due - time.monotonic()) > 0:
            time.sleep(pause)
        template = keys[writes % len(keys)]
        wording = f"Geschrieben {writes}"
        status, answer = writer.call("PUT", f"/v1/workspaces/{WORKSPACE}/templates/{template}/translations/{LOCALE}",
                                     {"message": wording}, {"If-Match": f'"{versions[template]}"'})
        writes += 1
        if status != 200:
            failed += 1
            continue
        versions[template] = answer["translation"]["version"] if "translation" in answer else versions[template] + 1
        # One write in ten is followed to the other replica (following all would load it more than the writes).
        if writes % 10 == 0:
            written.put((template, wording, time.monotonic()))
    elapsed = time.monotonic() - start
    written.put(None)
    watcher.join()
    print(f"{writes} writes in {elapsed:.1f} s ({writes / elapsed:.0f}/s), failed {failed}; "
          f"seen on the other replica after p50 {percentile(delays, 0.5) * 1000:.1f} ms, p99 {percentile(delays, 0.99) * 1000:.1f} ms, "
          f"largest {max(delays, default=0) * 1000:.1f} ms, over 1 s: {sum(d > 1 for d in delays)} of {len(delays)}")


if __name__ == "__main__":
    main()
