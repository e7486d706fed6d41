#!/usr/bin/env python3
"""Client of Benchmarks/stream-bench.sh: many concurrent /v1/stream clients and a burst of posts.

usage: stream_bench.py PORT TOKEN SERVER_PID [--streams N] [--burst N] [--wrk-seconds S]

1. wrk on /v1/articles with no stream open (the baseline read throughput);
2. opens N streams (plain asyncio sockets, no library), waits until every one has its head and
   its first `retry:` block, and reads the server's resident memory (VmRSS);
3. wrk on /v1/articles again with the N streams open;
4. posts B articles one after another over HTTP (a thread, keep-alive) and records when each
   POST's answer came back (after its commit); every stream records when it received each
   event. The delivery latency of a change is the time from its POST answer to its receipt by
   the LAST of the N streams; p50/p99/max over the B changes are printed, with the RSS after the
   burst and the number of events each stream got (all must get all B).

Bounded: every phase has a deadline; the script exits non-zero if a phase misses it.
"""
import argparse
import asyncio
import http.client
import json
import os
import re
import subprocess
import threading
import time

ID_RE = re.compile(rb'data: \{"id":(\d+),')


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(port: int, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", "-c32", f"-d{seconds}s", f"http://127.0.0.1:{port}/v1/articles?limit=20"],
        capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else float("nan")


class Stream:
    def __init__(self):
        self.ready = False
        self.received: dict[int, float] = {}


async def open_stream(port: int, stream: Stream, expected: int, done: asyncio.Event, counter: list):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    writer.write(b"GET /v1/stream HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(f"stream refused: {head[:80]!r}")
    buffer = b""
    while b"retry:" not in buffer:
        buffer += await reader.read(65536)
    stream.ready = True
    counter[0] += 1
    while len(stream.received) < expected:
        chunk = await reader.read(65536)
        if not chunk:
            break
        now = time.monotonic()
        for match in ID_RE.finditer(chunk):
            stream.received.setdefault(int(match.group(1)), now)
    counter[1] += 1
    if counter[1] == counter[2]:
        done.set()
    writer.close()


def poster(port: int, token: str, burst: int, committed: dict, run: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for index in range(burst):
        body = (f"---\ntitle: Bench {run} {index}\ncategories: [Bench]\nauthor: bench\n"
                f"date: 2024-05-01T08:00:00Z\n---\nBurst article {index} of run {run}.\n").encode()
        connection.request("POST", "/v1/articles", body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "text/markdown; charset=utf-8"})
        response = connection.getresponse()
        answer = response.read()
        at = time.monotonic()
        if response.status != 201:
            raise RuntimeError(f"POST answered {response.status}: {answer[:200]!r}")
        committed[json.loads(answer)["id"]] = at


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("token")
    parser.add_argument("pid", type=int)
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()

    print(f"RSS idle, no stream: {rss_mib(args.pid):.1f} MiB")
    baseline = wrk(args.port, args.wrk_seconds)
    print(f"/v1/articles?limit=20 without streams: {baseline:,.0f} req/s (wrk -t1 -c32)")

    streams = [Stream() for _ in range(args.streams)]
    done = asyncio.Event()
    counter = [0, 0, args.streams]  # ready, finished, total
    started = time.monotonic()
    tasks = []
    for index, stream in enumerate(streams):
        tasks.append(asyncio.create_task(open_stream(args.port, stream, args.burst, done, counter)))
        if index % 200 == 199:
            await asyncio.sleep(0)  # let the opened ones read their heads
    deadline = time.monotonic() + 120
    while counter[0] < args.streams:
        failed = [task for task in tasks if task.done() and task.exception()]
        if failed:
            raise failed[0].exception()
        if time.monotonic() > deadline:
            raise SystemExit(f"only {counter[0]} of {args.streams} streams opened in 120 s")
        await asyncio.sleep(0.1)
    print(f"{args.streams} streams open in {time.monotonic() - started:.1f} s; "
          f"server RSS {rss_mib(args.pid):.1f} MiB")

    loop = asyncio.get_running_loop()
    with_streams = await loop.run_in_executor(None, wrk, args.port, args.wrk_seconds)
    print(f"/v1/articles?limit=20 with {args.streams} idle streams: {with_streams:,.0f} req/s "
          f"({with_streams / baseline:.2f}x)")

    committed: dict[int, float] = {}
    run = f"{time.time():.0f}"
    thread = threading.Thread(target=poster, args=(args.port, args.token, args.burst, committed, run))
    burst_started = time.monotonic()
    server_cpu, client_cpu = cpu_seconds(args.pid), cpu_seconds(os.getpid())
    thread.start()
    try:
        await asyncio.wait_for(done.wait(), timeout=300)
    except asyncio.TimeoutError:
        short = sum(1 for stream in streams if len(stream.received) < args.burst)
        raise SystemExit(f"{short} streams missed events after 300 s")
    thread.join(timeout=60)
    elapsed = time.monotonic() - burst_started
    latencies = []
    for article, at in committed.items():
        last = max(stream.received[article] for stream in streams)
        latencies.append((last - at) * 1000)
    complete = sum(1 for stream in streams if len(stream.received) >= args.burst)
    print(f"burst of {args.burst} posts: every event reached {complete} of {args.streams} streams in "
          f"{elapsed:.1f} s; {args.burst * args.streams:,} events delivered")
    print(f"delivery latency (POST answered → last stream received), ms: p50 {percentile(latencies, 0.5):.0f}, "
          f"p99 {percentile(latencies, 0.99):.0f}, max {max(latencies):.0f}")
    print(f"CPU during the burst: server {cpu_seconds(args.pid) - server_cpu:.1f} s, "
          f"this client {cpu_seconds(os.getpid()) - client_cpu:.1f} s (2 cores shared)")
    print(f"server RSS after the burst: {rss_mib(args.pid):.1f} MiB")
    for task in tasks:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
