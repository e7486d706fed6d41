"""Checks Gazette's webhooks with a client nobody here wrote: Python's `standardwebhooks`.

Starts a receiver on 127.0.0.1 that verifies every delivery with standardwebhooks.Webhook,
then a Gazette server (`gazette serve`, a fresh database, a config file with a webhook to the
receiver), makes a few writes over HTTP, and waits until each became one verified delivery,
in order. Exit status 0 when all is well, 1 otherwise.

usage: python3 Scripts/webhooks_check.py GAZETTE_BINARY
"""

import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.request

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TOKEN = "webhooks-check-token"

deliveries = []  # (webhook-id, payload) of each verified delivery
failures = []
arrived = threading.Condition()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            payload = Webhook(SECRET).verify(body, headers)
            # A verifier that accepted anything would prove nothing: a changed body must fail.
            try:
                Webhook(SECRET).verify(body + b" ", headers)
                failures.append("a tampered body verified")
            except WebhookVerificationError:
                pass
            if headers.get("content-type") != "application/json":
                failures.append(f"Content-Type is {headers.get('content-type')}")
            with arrived:
                deliveries.append((headers["webhook-id"], payload))
                arrived.notify_all()
            self.send_response(204)
        except WebhookVerificationError as error:
            with arrived:
                failures.append(f"delivery did not verify: {error}")
                arrived.notify_all()
            self.send_response(400)
        self.end_headers()

    def log_message(self, *args):
        pass


def request(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {TOKEN}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def main():
    binary = sys.argv[1]
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    folder = tempfile.mkdtemp(prefix="gazette-webhooks-")
    config = os.path.join(folder, "gazette.yaml")
    with open(config, "w") as file:
        file.write(
            "webhooks:\n"
            f"  - url: http://127.0.0.1:{receiver.server_address[1]}/hooks/gazette\n"
            f"    secret: {SECRET}\n"
            "allow_private_webhook_targets: true\n"
            "webhook_poll_interval_ms: 100\n"
            f"write_token: {TOKEN}\n")
    server = subprocess.Popen(
        [binary, "serve", "--db", os.path.join(folder, "gazette.sqlite"), "--port", "0", "--config", config],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            print(f"webhooks-check: the server did not start: {line!r}")
            return 1
        port = int(match.group(1))
        a = request(port, "POST", "/v1/articles", {"title": "First", "slug": "first", "body_markdown": "One."})
        b = request(port, "POST", "/v1/articles", {"title": "Second", "slug": "second", "body_markdown": "Two."})
        request(port, "PUT", "/v1/articles/first", {"title": "First, again", "body_markdown": "One, again."})
        request(port, "DELETE", f"/v1/articles/{b['id']}")
        expected = [
            ("article.upserted", a["id"], "First"),
            ("article.upserted", b["id"], "Second"),
            ("article.upserted", a["id"], "First, again"),
            ("article.deleted", b["id"], None),
        ]
        with arrived:
            arrived.wait_for(lambda: len(deliveries) + len(failures) >= len(expected), timeout=60)
        seen = [
            (p["type"], p["data"]["id"], (p["data"]["article"] or {}).get("title"))
            for _, p in deliveries
        ]
        if seen != expected:
            failures.append(f"deliveries {seen}, expected {expected}")
        if len({webhook_id for webhook_id, _ in deliveries}) != len(deliveries):
            failures.append("two deliveries share a webhook-id")
    finally:
        server.terminate()
        server.wait(timeout=30)
        receiver.shutdown()
    for failure in failures:
        print(f"webhooks-check: {failure}")
    if failures:
        return 1
    print(f"webhooks-check: {len(deliveries)} deliveries, each verified by standardwebhooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
