#!/usr/bin/env python3
"""Helper of Benchmarks/growth-bench.sh: the request paths each endpoint class is measured with.

usage: growth_prepare.py queries DB OUT_DIR [--per-class 10] [--seed 7]
       growth_prepare.py targets URL OUT_DIR --posts N [--articles 200] [--seed 7]

queries: search query paths drawn from DB (the smallest size's database, so that the same
         queries are asked at every size: the posts of a smaller size are a prefix of a
         larger one's, same generator and seed). One file per class, one path per line:
           search_common2  common 2-character Chinese words (frequent bigrams of a sample)
           search_rare4    4-character strings from random Chinese articles
           search_english  English words (5+ letters) from random English articles
           search_onechar  the commonest CJK characters of the sample
           search_date     a common 2-character word with sort=-published_at
         All `limit=20`, relevance order (the default for q) except search_date.
targets: asks the server at URL (127.0.0.1 only) and writes:
           article        /v1/articles/{id} of --articles random posts (ids looked up by slug)
           list_big_p1, list_small_p1    the first page of the biggest and the smallest
                          category of /v1/categories?flat=true (limit=20)
           list_big_p500, list_small_p500 page 500 of them: next_cursor followed 499 times
                          (only when the category has more than 9,980 articles)
           offset         /v1/articles?offset=9980&limit=20
           categories, tags, changes (/v1/changes, from the start)
         and prints "name=value" lines (chosen categories and their counts) for the CSV.
"""
import argparse, collections, http.client, json, os, random, re, sys, urllib.parse

HAN = re.compile(r"[\u4e00-\u9fff]+")


def write(out, name, paths):
    with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
        handle.write("\n".join(paths) + "\n")


def queries(args):
    import sqlite3
    rnd = random.Random(args.seed)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    ids = [row[0] for row in db.execute("SELECT id FROM articles")]
    sample_ids = rnd.sample(ids, min(3000, len(ids)))
    rows = [db.execute("SELECT title, body_text FROM articles WHERE id = ?", (i,)).fetchone() for i in sample_ids]
    chinese = [r for r in rows if HAN.search(r[1])]
    english = [r for r in rows if not HAN.search(r[1])]
    bigrams, chars = collections.Counter(), collections.Counter()
    for title, text in chinese:
        seen = set()
        for run in HAN.findall(title + "。" + text):
            chars.update(run)
            seen.update(run[i:i + 2] for i in range(len(run) - 1))
        bigrams.update(seen)
    common = [w for w, _ in bigrams.most_common(50)]
    rnd.shuffle(common)
    rare = []
    while len(rare) < args.per_class:
        _, text = rnd.choice(chinese)
        runs = [r for r in HAN.findall(text) if len(r) >= 4]
        if runs:
            run = rnd.choice(runs)
            start = rnd.randrange(len(run) - 3)
            rare.append(run[start:start + 4])
    words = []
    while len(words) < args.per_class:
        _, text = rnd.choice(english)
        candidates = re.findall(r"[A-Za-z]{5,}", text)
        if candidates:
            word = rnd.choice(candidates).lower()
            if word not in words:
                words.append(word)
    onechar = [c for c, _ in chars.most_common(args.per_class)]

    def path(q, extra=""):
        return "/v1/articles?q=" + urllib.parse.quote(q) + "&limit=20" + extra

    write(args.out, "search_common2", [path(q) for q in common[:args.per_class]])
    write(args.out, "search_rare4", [path(q) for q in rare])
    write(args.out, "search_english", [path(q) for q in words])
    write(args.out, "search_onechar", [path(q) for q in onechar])
    write(args.out, "search_date", [path(q, "&sort=-published_at") for q in common[:args.per_class]])
    print(f"queries: common {' '.join(common[:args.per_class])} | rare {' '.join(rare)} | english {' '.join(words)} "
          f"| onechar {' '.join(onechar)}")


def targets(args):
    match = re.match(r"^http://127\.0\.0\.1:(\d+)$", args.url)
    if not match:
        sys.exit("only http://127.0.0.1:PORT is accepted")
    connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=60)

    def get(target):
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"{target}: HTTP {response.status} {body[:200]!r}")
        return json.loads(body)

    rnd = random.Random(args.seed)
    article_paths = []
    for index in rnd.sample(range(args.posts), min(args.articles, args.posts)):
        article = get(f"/v1/articles/post-{index:07d}")
        article_paths.append(f"/v1/articles/{article['id']}")
    write(args.out, "article", article_paths)

    categories = get("/v1/categories?flat=true")["data"]
    by_count = sorted(categories, key=lambda c: (c["count"], c["path"]))
    chosen = {"big": by_count[-1], "small": by_count[0]}
    for label, category in chosen.items():
        name = " › ".join(category["path"])
        base = "/v1/articles?category=" + urllib.parse.quote(name) + "&limit=20"
        write(args.out, f"list_{label}_p1", [base])
        print(f"list_{label}={name.replace(',', ' ')} ({category['count']} articles)")
        if category["count"] > 499 * 20:
            cursor = None
            for _ in range(499):
                page = get(base + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
                cursor = page["meta"]["next_cursor"]
                if not cursor:
                    sys.exit(f"{name}: next_cursor ended before page 500")
            write(args.out, f"list_{label}_p500", [base + "&cursor=" + urllib.parse.quote(cursor)])
        elif os.path.exists(os.path.join(args.out, f"list_{label}_p500")):
            os.remove(os.path.join(args.out, f"list_{label}_p500"))
    write(args.out, "offset", ["/v1/articles?offset=9980&limit=20"])
    write(args.out, "categories", ["/v1/categories"])
    write(args.out, "tags", ["/v1/tags"])
    write(args.out, "changes", ["/v1/changes"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("queries")
    q.add_argument("db"); q.add_argument("out")
    q.add_argument("--per-class", type=int, default=10); q.add_argument("--seed", type=int, default=7)
    t = commands.add_parser("targets")
    t.add_argument("url"); t.add_argument("out"); t.add_argument("--posts", type=int, required=True)
    t.add_argument("--articles", type=int, default=200); t.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    {"queries": queries, "targets": targets}[args.command](args)


if __name__ == "__main__":
    main()
