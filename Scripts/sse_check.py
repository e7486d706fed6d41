"""Reads Gazette's /v1/stream with httpx-sse, a Server-Sent Events client nobody here wrote.

usage: python3 Scripts/sse_check.py BASE_URL WRITE_TOKEN

Opens the stream, posts an article over HTTP and sees it announced; disconnects; while
disconnected posts a second article and deletes the first; resumes with Last-Event-ID and
sees exactly those two changes, in order, then a third one live. Exits non-zero on any
difference. Every read has a 10 s timeout, so it cannot hang.
"""

import json
import sys
import uuid

import httpx
from httpx_sse import connect_sse

BASE, TOKEN = sys.argv[1], sys.argv[2]
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RUN = uuid.uuid4().hex[:8]


def post(client: httpx.Client, title: str) -> int:
    body = (
        f"---\ntitle: {title}\ncategories: [SSE]\nauthor: sse-check\ndate: 2024-05-01T08:00:00Z\n---\n"
        f"A body for {title}, posted by the httpx-sse check.\n"
    )
    reply = client.post(
        f"{BASE}/v1/articles", content=body.encode(),
        headers={**AUTH, "Content-Type": "text/markdown; charset=utf-8"})
    assert reply.status_code == 201, (reply.status_code, reply.text)
    return reply.json()["id"]


def events(source):
    """The events of a stream that carry data (httpx-sse also yields a retry-only block)."""
    for sse in source.iter_sse():
        if sse.data:
            yield sse


def main() -> None:
    with httpx.Client(timeout=10) as writer, httpx.Client(timeout=10) as reader:
        # 1. Live: open the stream, then post; the post is announced.
        with connect_sse(reader, "GET", f"{BASE}/v1/stream") as source:
            assert source.response.status_code == 200, source.response.status_code
            stream = source.iter_sse()
            first = next(stream)  # the retry: block, sent as the stream opens
            assert first.retry is not None and first.retry > 0, first
            a = post(writer, f"SSE check A {RUN}")
            sse = next(e for e in stream if e.data)
            data = json.loads(sse.data)
            assert sse.event == "upserted" and data["id"] == a, (sse.event, data)
            assert data["article"]["title"] == f"SSE check A {RUN}", data
            assert sse.id, "an event without id cannot be resumed"
            last_event_id = sse.id
        print(f"sse-check: live upsert of {a} seen, id {last_event_id}; disconnected")

        # 2. While disconnected: another article, and the first one deleted.
        b = post(writer, f"SSE check B {RUN}")
        reply = writer.delete(f"{BASE}/v1/articles/{a}", headers=AUTH)
        assert reply.status_code == 204, reply.status_code

        # 3. Resume with Last-Event-ID: exactly the missed changes, in order, then live.
        with connect_sse(reader, "GET", f"{BASE}/v1/stream", headers={"Last-Event-ID": last_event_id}) as source:
            assert source.response.status_code == 200, source.response.status_code
            stream = events(source)
            missed = [next(stream), next(stream)]
            seen = [(e.event, json.loads(e.data)["id"]) for e in missed]
            assert seen == [("upserted", b), ("deleted", a)], seen
            assert json.loads(missed[1].data)["article"] is None
            c = post(writer, f"SSE check C {RUN}")
            live = next(stream)
            assert (live.event, json.loads(live.data)["id"]) == ("upserted", c), live
            ids = [e.id for e in missed] + [live.id]
            assert len(set(ids)) == 3, ids
        print(f"sse-check: resumed after {last_event_id}: {seen} replayed once, then {c} live")


if __name__ == "__main__":
    main()
    print("sse-check: ok")
