#!/usr/bin/env python3
"""One-character queries (#11): the 20 commonest CJK characters of a Gazette database, timed
over HTTP and checked against a brute-force scan.

usage: Benchmarks/onechar-bench.py --db DB [--gazette PATH | --url http://127.0.0.1:PORT]
         [--chars 20] [--repeat 20] [--server-cpu 1] [--csv FILE (default /tmp/gazette-bench/onechar.csv)]

Server: without --url, starts `GAZETTE serve --db DB` on 127.0.0.1 (port 0) with a config of
its own, `response_cache: false`, `access_log: false`, `loops: 1`, pinned to --server-cpu
(this client to the other CPU), and stops it on exit. With --url the server is yours: turn its
response cache off, or the timings are cache hits.
Characters: every Han/kana/Hangul character (the index's CJK ranges) of every title and
body_text in DB, counted by occurrences; the --chars commonest.
Timing: per character one warm-up, then --repeat times `GET /v1/articles?q=<char>&limit=20`
(keep-alive, one connection, sequential); p50/p99 per character and over all requests.
Goal: overall p99 < 30 ms at 100,000 articles.
Checks, against a scan of every row (a match: the character in title or body_text):
  - `total` equals the number of matching rows;
  - the default order for `q` is relevance (API.md: `sort` defaults to `relevance` when `q` is
    given): the 20 ids must equal the brute-force top 20 under the documented score
    (Sources/GazetteStore/SearchRanking.swift: BM25, k1 = 1.2, b = 0, one phrase so no IDF,
    title weight 5, body 1: 5*sat(hits in title) + sat(hits in body_text),
    sat(h) = h*2.2/(h+1.2); best first, ties: higher id first);
  - one more request with `sort=-published_at`: the 20 ids must equal the scan's newest
    first (published_at DESC with undated last, then id DESC), the instr(title||body_text)
    brute force.
Exits 1 when a check fails or a request errs.
"""
import argparse, atexit, collections, http.client, json, os, re, select, signal, sqlite3, subprocess, sys
import tempfile, time, urllib.parse

CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f\u3040-\u309f\u30a0-\u30ff"
                 "\u31f0-\u31ff\uff66-\uff9f\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uffa0-\uffdc\u3005\u3007]")


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def saturated(hits):
    return 0.0 if hits == 0 else hits * (1.2 + 1) / (hits + 1.2)


def start_server(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    gazette = args.gazette or os.path.join(root, ".build", "release", "gazette")
    if not os.access(gazette, os.X_OK):
        sys.exit(f"no gazette binary at {gazette} (pass --gazette PATH)")
    work = tempfile.mkdtemp(prefix="onechar-bench-")
    config = os.path.join(work, "gazette.yaml")
    with open(config, "w") as handle:
        handle.write("response_cache: false\naccess_log: false\nloops: 1\n")
    command = [gazette, "serve", "--db", args.db, "--config", config, "--host", "127.0.0.1", "--port", "0"]
    if args.server_cpu is not None:
        command = ["taskset", "-c", str(args.server_cpu)] + command
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log)

    def stop(*_):
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    atexit.register(stop)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    ready, _, _ = select.select([server.stdout], [], [], 120)
    line = server.stdout.readline().decode() if ready else ""
    match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
    if not match:
        stop()
        sys.exit(f"gazette serve did not start within 120 s; log: {log.name}")
    print(f"server: {' '.join(command)} (pid {server.pid}, port {match.group(1)})")
    return int(match.group(1)), server.pid


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--gazette"); parser.add_argument("--url")
    parser.add_argument("--chars", type=int, default=20); parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--server-cpu", type=int, default=1 if os.cpu_count() and os.cpu_count() > 1 else None)
    parser.add_argument("--csv", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "gazette-bench", "onechar.csv"))
    args = parser.parse_args()
    if not os.path.exists(args.db):
        sys.exit(f"no database at {args.db}")
    deadline = time.monotonic() + 3600  # the whole run; each request also has a 30 s socket timeout

    if args.url:
        match = re.match(r"^http://127\.0\.0\.1:(\d+)$", args.url)
        if not match:
            sys.exit("only http://127.0.0.1:PORT is accepted")
        port, server_pid = int(match.group(1)), None
    else:
        port, server_pid = start_server(args)
        if args.server_cpu is not None:
            others = set(range(os.cpu_count())) - {args.server_cpu}
            if others:
                os.sched_setaffinity(0, others)

    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    started = time.monotonic()
    counts = collections.Counter()
    rows = 0
    for title, body in db.execute("SELECT title, body_text FROM articles"):
        counts.update(CJK.findall(title))
        counts.update(CJK.findall(body))
        rows += 1
    chars = [c for c, _ in counts.most_common(args.chars)]
    print(f"{rows} articles; the {len(chars)} commonest CJK characters (counted in {time.monotonic() - started:.0f} s): "
          + " ".join(f"{c}({counts[c]})" for c in chars), flush=True)

    # Brute force: every row, every character.
    started = time.monotonic()
    matches = {c: [] for c in chars}  # (score, id, published_at)
    for aid, title, body, published in db.execute("SELECT id, title, body_text, published_at FROM articles"):
        for c in chars:
            in_title, in_body = title.count(c), body.count(c)
            if in_title or in_body:
                score = 5.0 * saturated(0) + 5.0 * saturated(in_title) + 1.0 * saturated(0) + 1.0 * saturated(in_body)
                matches[c].append((score, aid, published))
    expected = {}
    for c, found in matches.items():
        relevance = [aid for _, aid, _ in sorted(found, key=lambda m: (-m[0], -m[1]))[:20]]
        newest = [aid for _, aid, _ in sorted(found, key=lambda m: (m[2] is None, -(m[2] or 0), -m[1]))[:20]]
        expected[c] = (len(found), relevance, newest)
    print(f"brute-force scan: {time.monotonic() - started:.0f} s", flush=True)

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(target):
        begin = time.perf_counter()
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - begin
        if response.status != 200:
            raise RuntimeError(f"{target}: HTTP {response.status} after {elapsed * 1000:.0f} ms: {body[:200]!r}")
        return elapsed, json.loads(body)

    rows_out, everything, failures = [], [], 0
    print(f"\n{'char':4s} {'matches':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}  {'total':5s} {'relevance':9s} {'date order':10s}")
    for c in chars:
        if time.monotonic() > deadline:
            sys.exit("out of time")
        target = "/v1/articles?q=" + urllib.parse.quote(c) + "&limit=20"
        try:
            get(target)
            times, page = [], None
            for _ in range(args.repeat):
                elapsed, page = get(target)
                times.append(elapsed)
            _, by_date = get(target + "&sort=-published_at")
        except (RuntimeError, OSError, http.client.HTTPException) as error:
            print(f"{c}: {error}", file=sys.stderr)
            failures += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        everything += times
        total, relevance, newest = expected[c]
        got_total = page["meta"]["total"]
        got_relevance = [item["id"] for item in page["data"]]
        got_newest = [item["id"] for item in by_date["data"]]
        ok_total = got_total == total and by_date["meta"]["total"] == total
        ok_relevance = got_relevance == relevance
        ok_newest = got_newest == newest
        if not (ok_total and ok_relevance and ok_newest):
            failures += 1
            if not ok_total:
                print(f"  {c}: total {got_total} (date order {by_date['meta']['total']}), scan {total}", file=sys.stderr)
            if not ok_relevance:
                same_set = set(got_relevance) <= {aid for _, aid, _ in matches[c]}
                print(f"  {c}: relevance ids {got_relevance[:5]}…, scan {relevance[:5]}… "
                      f"(all returned ids match the character: {same_set})", file=sys.stderr)
            if not ok_newest:
                print(f"  {c}: date-order ids {got_newest[:5]}…, scan {newest[:5]}…", file=sys.stderr)
        p50, p99, worst = percentile(times, .5) * 1000, percentile(times, .99) * 1000, max(times) * 1000
        verdict = lambda ok: "same" if ok else "DIFFERENT"
        print(f"{c:4s} {total:8d} {p50:8.2f} {p99:8.2f} {worst:8.2f}  {verdict(ok_total):5s} {verdict(ok_relevance):9s} "
              f"{verdict(ok_newest):10s}", flush=True)
        rows_out.append((c, total, p50, p99, worst, ok_total, ok_relevance, ok_newest))

    overall_p50, overall_p99 = percentile(everything, .5) * 1000, percentile(everything, .99) * 1000
    print(f"\noverall: {len(everything)} requests, p50 {overall_p50:.2f} ms, p99 {overall_p99:.2f} ms "
          f"-> goal p99 < 30 ms {'met' if overall_p99 < 30 else 'NOT met'}; "
          f"{len(rows_out) - sum(1 for r in rows_out if not all(r[5:]))}/{len(chars)} characters identical to the scan")
    if server_pid:
        with open(f"/proc/{server_pid}/status") as status:
            memory = {line.split(":")[0]: line.split()[1] for line in status if line.startswith(("VmHWM", "VmRSS"))}
        print(f"server memory: VmHWM {int(memory['VmHWM']) // 1024} MiB, VmRSS {int(memory['VmRSS']) // 1024} MiB")
    if args.csv:
        os.makedirs(os.path.dirname(os.path.abspath(args.csv)), exist_ok=True)
        with open(args.csv, "w", encoding="utf-8") as handle:
            handle.write("char,matches,p50_ms,p99_ms,max_ms,total_same,relevance_same,date_order_same\n")
            for c, total, p50, p99, worst, a, b, d in rows_out:
                handle.write(f"{c},{total},{p50:.3f},{p99:.3f},{worst:.3f},{a},{b},{d}\n")
            handle.write(f"ALL,,{overall_p50:.3f},{overall_p99:.3f},{max(everything, default=0) * 1000:.3f},,,\n")
        print(f"csv: {args.csv}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
