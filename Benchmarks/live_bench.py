#!/usr/bin/env python3
"""Writer and poller of Benchmarks/live-bench.sh: drops posts into a watched folder at a fixed
rate and measures, per post, the time from its rename into the folder until it is visible.

usage: live_bench.py URL WATCH_DIR STAGING_DIR --count 1000 --rate 50 --out FILE.csv [--deadline 60]

Writer (a thread): the STAGING_DIR posts (made by gen_corpus.py), in path order, one every
1/rate s. Each is rewritten on the way: its `date:` becomes the moment it is written (UTC, to
the second: new news is new) and its title gets one unique word, `<marker>n<index>`
(e.g. `lbq7kx0042`); it is written as WATCH_DIR/.NAME.tmp (a name the watcher ignores) and
then os.rename'd to WATCH_DIR/live-<marker>-NNNNNNN.md: the slug is the file's stem. The
clock of a post starts right after its rename returns.

Poller (the main thread), rounds 20 ms apart until every post is seen twice or the deadline:
  (a) list:   GET /v1/articles?sort=published_at&since=T&limit=100&fields=slug, T = the date of
              the oldest written post not yet seen in the list (up to 3 pages by next_cursor);
  (b) search: GET /v1/articles?q=<marker>&sort=published_at&since=T&limit=100&fields=slug, the
              run's marker as a prefix query (the last word of q is also a prefix), which finds
              each post through its own unique title word in the search index.
A post is seen when its slug is in an answer; its latency is (time the answer arrived) - (its
rename), so it is an upper bound by at most one round (the mean round time is printed).
Afterwards every post is checked once more by its exact unique word (q=<marker>n<index>).
Prints p50/p99/max per measure, writes per-post rows to --out; exit 1 if a post was never seen.
"""
import argparse, datetime, os, random, re, string, sys, threading, time, urllib.parse
from bench_http import KeepAliveJSON


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url"); parser.add_argument("watch"); parser.add_argument("staging")
    parser.add_argument("--count", type=int, default=1000); parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--out", required=True); parser.add_argument("--deadline", type=float, default=60,
                                                                     help="seconds after the last write")
    args = parser.parse_args()
    match = re.match(r"^http://127\.0\.0\.1:(\d+)$", args.url)
    if not match:
        sys.exit("only http://127.0.0.1:PORT is accepted")
    port = int(match.group(1))
    files = sorted(os.path.join(root, name) for root, _, names in os.walk(args.staging)
                   for name in names if name.endswith(".md"))[:args.count]
    if len(files) < args.count:
        sys.exit(f"only {len(files)} staged posts in {args.staging}")
    marker = "lb" + "".join(random.choice(string.ascii_lowercase) for _ in range(4))
    posts = []  # per post: slug, word, date (str), renamed (monotonic), listed, searched
    lock = threading.Lock()
    writer_done = threading.Event()

    def write_all():
        start = time.monotonic()
        for index, path in enumerate(files):
            delay = start + index / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # the writer's pace is the thing being simulated
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            word = f"{marker}n{index:04d}"
            date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            text = re.sub(r"^date: .*$", f"date: {date}", text, count=1, flags=re.M)
            text, titled = re.subn(r"^(title: '.*)'$", lambda m: f"{m.group(1)} {word}'", text, count=1, flags=re.M)
            if not titled:
                sys.exit(f"{path}: no single-quoted title line")
            slug = f"live-{marker}-{index:07d}"
            temporary = os.path.join(args.watch, f".{slug}.tmp")
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.rename(temporary, os.path.join(args.watch, slug + ".md"))
            renamed = time.monotonic()
            with lock:
                posts.append({"slug": slug, "word": word, "date": date, "renamed": renamed,
                              "listed": None, "searched": None})
        writer_done.set()

    get = KeepAliveJSON(port).get

    def poll(key, base):
        with lock:
            pending = [post for post in posts if post[key] is None]
        if not pending:
            return
        since = min(post["date"] for post in pending)
        by_slug = {post["slug"]: post for post in pending}
        target = base + "&since=" + urllib.parse.quote(since)
        for _ in range(3):
            page = get(target)
            if page is None:
                return
            arrived = time.monotonic()
            for item in page["data"]:
                post = by_slug.pop(item.get("slug"), None)
                if post is not None:
                    post[key] = arrived - post["renamed"]
            cursor = page["meta"].get("next_cursor")
            if not cursor or not by_slug:
                return
            target = base + "&since=" + urllib.parse.quote(since) + "&cursor=" + urllib.parse.quote(cursor)

    writer = threading.Thread(target=write_all, daemon=True)
    writer.start()
    list_base = "/v1/articles?sort=published_at&limit=100&fields=slug"
    search_base = "/v1/articles?q=" + marker + "&sort=published_at&limit=100&fields=slug"
    rounds, first_round, deadline = 0, time.monotonic(), None
    hard_deadline = first_round + args.count / args.rate + args.deadline
    while True:
        poll("listed", list_base)
        poll("searched", search_base)
        rounds += 1
        with lock:
            done = writer_done.is_set() and all(p["listed"] is not None and p["searched"] is not None for p in posts)
        if done:
            break
        if writer_done.is_set():
            deadline = deadline or time.monotonic() + args.deadline
            if time.monotonic() > deadline:
                break
        elif not writer.is_alive() or time.monotonic() > hard_deadline:
            sys.exit("the writer stopped or fell behind: see above")
        time.sleep(0.02)  # polling interval: there is no event to wait on over plain HTTP reads
    round_ms = (time.monotonic() - first_round) / rounds * 1000
    writer.join(timeout=5)

    exact_missing = []
    for post in posts:
        page = get("/v1/articles?limit=5&fields=slug&q=" + post["word"])
        if page is None or post["slug"] not in {item.get("slug") for item in page["data"]}:
            exact_missing.append(post["slug"])

    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("slug,list_s,search_s\n")
        for post in posts:
            handle.write(f"{post['slug']},{post['listed'] if post['listed'] is not None else ''},"
                         f"{post['searched'] if post['searched'] is not None else ''}\n")
    print(f"marker {marker}: {len(posts)} posts written at {args.rate:g}/s; poll round {round_ms:.1f} ms on average")
    failed = False
    for key, label in (("listed", "visible in the list"), ("searched", "found by search")):
        values = [p[key] for p in posts if p[key] is not None]
        missing = len(posts) - len(values)
        failed |= missing > 0
        print(f"RESULT {key} n={len(values)} missing={missing} p50_ms={percentile(values, .5) * 1000:.1f} "
              f"p99_ms={percentile(values, .99) * 1000:.1f} max_ms={max(values, default=float('nan')) * 1000:.1f}  # {label}")
    print(f"exact-word check: {len(posts) - len(exact_missing)}/{len(posts)} found by their own title word"
          + (f", missing e.g. {exact_missing[0]}" if exact_missing else ""))
    sys.exit(1 if failed or exact_missing else 0)


if __name__ == "__main__":
    main()
