#!/usr/bin/env python3
"""Idle keep-alive clients for connections-bench.sh (loopback only, bounded in time).

idle PORT N PID: opens N connections, sends one request on each and reads its answer (so every
    connection is adopted and has served a request), reads the server's RSS from /proc/PID, then
    closes them. Prints: "idle N=... rss_before_kib=... rss_with_kib=... per_connection_bytes=...".
exhaust PORT N: for a server started with a low descriptor limit: opens N connections and sends a
    request on each, waits (at most 20 s) for the answers the server can give, then closes each
    client as soon as it is answered (freeing a descriptor for one that waits) until all are
    answered (at most 60 s). Prints how many were answered while short, and in all.
"""
import asyncio, re, sys, time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"


async def one_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    if match:
        await reader.readexactly(int(match.group(1)))
    return int(head.split(b" ", 2)[1])


async def connect(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(REQUEST)
    await writer.drain()
    return reader, writer


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def idle(port, count, pid):
    before = rss_kib(pid)
    conns, failures = [], 0
    for start in range(0, count, 500):
        batch = await asyncio.gather(*(connect(port) for _ in range(start, min(count, start + 500))),
                                     return_exceptions=True)
        for item in batch:
            if isinstance(item, Exception):
                failures += 1
            else:
                conns.append(item)
    statuses = await asyncio.wait_for(asyncio.gather(*(one_response(r) for r, _ in conns),
                                                     return_exceptions=True), 60)
    bad = failures + sum(1 for s in statuses if s != 200)
    await asyncio.sleep(1)  # let the server settle (the loop frees per-request scratch)
    with_conns = rss_kib(pid)
    per = (with_conns - before) * 1024 / max(1, len(conns))
    print(f"idle N={len(conns)} errors={bad} rss_before_kib={before} rss_with_kib={with_conns} "
          f"per_connection_bytes={per:.0f}")
    for _, writer in conns:
        writer.close()


async def exhaust(port, count):
    conns = []
    for _ in range(count):
        try:
            conns.append(await asyncio.wait_for(connect(port), 5))
        except Exception:
            pass
    pending = {asyncio.ensure_future(one_response(r)): w for r, w in conns}
    done, _ = await asyncio.wait(pending, timeout=20)
    first = sum(1 for t in done if not t.exception() and t.result() == 200)
    print(f"exhaust opened={len(conns)} answered_while_short={first} (the rest wait in the backlog)")
    # Each answered client closes, freeing a descriptor in the server for one that waits.
    answered, started = first, time.monotonic()
    while True:
        for task in done:
            pending.pop(task).close()
        if not pending or time.monotonic() - started > 60:
            break
        done, _ = await asyncio.wait(pending, timeout=60 - (time.monotonic() - started),
                                     return_when=asyncio.FIRST_COMPLETED)
        answered += sum(1 for t in done if not t.exception() and t.result() == 200)
    print(f"exhaust answered={answered} of {len(conns)} unanswered={len(pending)} "
          f"seconds_after_first_close={time.monotonic() - started:.1f}")
    for writer in pending.values():
        writer.close()
    return 0 if not pending and answered == len(conns) else 1


if __name__ == "__main__":
    mode, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "idle":
        asyncio.run(idle(port, count, int(sys.argv[4])))
    else:
        sys.exit(asyncio.run(exhaust(port, count)))
