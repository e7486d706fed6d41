#!/usr/bin/env python3
"""Helper of Benchmarks/searchable-bench.sh: "is every sampled post found by search?"

usage: searchable_check.py sample POSTS_DIR OUT.json [--sample 200] [--last 10] [--seed 1]
       searchable_check.py gazette URL SAMPLE.json [--deadline 600]
       searchable_check.py peer DB SAMPLE.json

sample:  picks --sample random posts of POSTS_DIR plus the --last files in path order (the last
         ones an ingest writes, so the most likely to lag behind an asynchronous index), and
         writes for each its slug (file name stem), its title, its day (UTC, from `date:`) and
         the query that must find it: a Chinese title as written (its CJK runs, each a phrase of
         bigrams, ANDed), any other title as one quoted phrase.
gazette: asks URL (http://127.0.0.1:PORT only) for every sampled post:
         GET /v1/articles?q=QUERY&since=DAY-1&until=DAY+2&limit=100&fields=slug (following
         next_cursor up to 10 pages); a post is found when its slug is in the results. Posts not
         found are asked again in the next round (50 ms apart) until all are found or the
         deadline passes (exit 1). Prints "found N/N in S s, R rounds, Q requests".
peer:    the peer's --fts database: each sampled title as a quoted FTS5 trigram phrase over
         articles_fts must return the post's slug. Prints the same line; exit 1 if one is missing.
The date window only keeps each answer short (a title phrase alone can match hundreds of
bodies); the match itself is the search index's.
"""
import argparse, datetime, email.utils, json, os, random, re, sqlite3, sys, time, urllib.parse
import yaml
from bench_http import KeepAliveJSON

FRONT_MATTER = re.compile(r"^\s*---\s*\n(.*?)\n---\s*\n", re.S)
HAN = re.compile(r"[\u4e00-\u9fff]")


def post_day(value):
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    elif isinstance(value, datetime.date):
        return value
    else:
        text = str(value)
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).date()


def query_for(title):
    if HAN.search(title):
        return title
    return '"' + title.replace('"', " ") + '"'


def sample(args):
    files = sorted(os.path.join(root, name) for root, _, names in os.walk(args.posts)
                   for name in names if name.endswith((".md", ".markdown")))
    if not files:
        sys.exit(f"no posts under {args.posts}")
    rnd = random.Random(args.seed)
    chosen = set(rnd.sample(range(len(files)), min(args.sample, len(files))))
    chosen.update(range(max(0, len(files) - args.last), len(files)))
    out = []
    for index in sorted(chosen):
        path = files[index]
        with open(path, encoding="utf-8") as handle:
            match = FRONT_MATTER.match(handle.read())
        if not match:
            sys.exit(f"{path}: no front matter")
        front = yaml.safe_load(match.group(1))
        title = str(front["title"])
        out.append({"slug": os.path.splitext(os.path.basename(path))[0], "title": title,
                    "day": post_day(front["date"]).isoformat(), "query": query_for(title)})
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(out, handle, ensure_ascii=False)
    print(f"sampled {len(out)} of {len(files)} posts ({args.last} of them the last in path order)")


def gazette(args):
    match = re.match(r"^http://127\.0\.0\.1:(\d+)$", args.url)
    if not match:
        sys.exit("only http://127.0.0.1:PORT is accepted")
    with open(args.sample_file, encoding="utf-8") as handle:
        posts = json.load(handle)
    client = KeepAliveJSON(int(match.group(1)))
    get = client.get

    def found(post):
        day = datetime.date.fromisoformat(post["day"])
        base = ("/v1/articles?limit=100&fields=slug&q=" + urllib.parse.quote(post["query"]) +
                f"&since={day - datetime.timedelta(days=1)}&until={day + datetime.timedelta(days=2)}")
        cursor = None
        for _ in range(10):
            page = get(base + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
            if page is None:
                return False
            if any(item.get("slug") == post["slug"] for item in page["data"]):
                return True
            cursor = page["meta"].get("next_cursor")
            if not cursor:
                return False
        return False

    start = time.monotonic()
    pending, rounds = list(posts), 0
    while pending:
        rounds += 1
        pending = [post for post in pending if not found(post)]
        if pending:
            if time.monotonic() - start > args.deadline:
                print(f"NOT searchable after {args.deadline} s: {len(pending)} of {len(posts)} sampled posts "
                      f"not found, e.g. {pending[0]['slug']} q={pending[0]['query']}", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.05)  # polling for an asynchronous index: there is no signal to wait on
    print(f"found {len(posts)}/{len(posts)} in {time.monotonic() - start:.2f} s, {rounds} rounds, {client.requests} requests")


def peer(args):
    with open(args.sample_file, encoding="utf-8") as handle:
        posts = json.load(handle)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    start = time.monotonic()
    missing = []
    for post in posts:
        phrase = '"' + post["title"].replace('"', '""') + '"'
        rows = db.execute("SELECT a.slug FROM articles_fts f JOIN articles a ON a.id = f.rowid "
                          "WHERE articles_fts MATCH ? AND a.slug = ?", (phrase, post["slug"])).fetchall()
        if not rows:
            missing.append(post["slug"])
    if missing:
        print(f"peer: {len(missing)} of {len(posts)} sampled posts not found, e.g. {missing[0]}", file=sys.stderr)
        sys.exit(1)
    print(f"found {len(posts)}/{len(posts)} in {time.monotonic() - start:.2f} s, 1 rounds, {len(posts)} queries")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("sample")
    s.add_argument("posts"); s.add_argument("out")
    s.add_argument("--sample", type=int, default=200); s.add_argument("--last", type=int, default=10)
    s.add_argument("--seed", type=int, default=1)
    g = commands.add_parser("gazette")
    g.add_argument("url"); g.add_argument("sample_file"); g.add_argument("--deadline", type=float, default=600)
    p = commands.add_parser("peer")
    p.add_argument("db"); p.add_argument("sample_file")
    args = parser.parse_args()
    {"sample": sample, "gazette": gazette, "peer": peer}[args.command](args)


if __name__ == "__main__":
    main()
