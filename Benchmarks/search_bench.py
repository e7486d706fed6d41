#!/usr/bin/env python3
"""Search benchmark: Gazette's `q` over HTTP against a LIKE scan of the same queries.

usage: search_bench.py DB URL [--queries 20] [--repeat 5] [--seed 7]

DB is the Gazette database the server at URL (http://127.0.0.1:PORT) serves. Draws three query
classes from the articles themselves: common two-character Chinese words, rare four-character
Chinese strings, and English words. For each query it times `GET /v1/articles?q=…&limit=20`
(--repeat times, keep-alive, one connection) and, side by side, a LIKE scan of the same text in
SQLite (title or body_text containing the string, newest first, limit 20, plus the exact count).
It checks that both find the same articles (Chinese: the same total and the same set; English
words: Gazette's quoted whole word against a whole-word regular-expression scan, since LIKE
cannot match whole words), and reports p50/p99 per class and the index's share of the file.
"""
import argparse, collections, http.client, json, random, re, sqlite3, statistics, sys, time, urllib.parse

p = argparse.ArgumentParser()
p.add_argument("db"); p.add_argument("url")
p.add_argument("--queries", type=int, default=20); p.add_argument("--repeat", type=int, default=5)
p.add_argument("--seed", type=int, default=7)
a = p.parse_args()
m = re.match(r"^http://(127\.0\.0\.1|localhost):(\d+)$", a.url)
if not m: sys.exit("only http://127.0.0.1:PORT is accepted")
host, port = m.group(1), int(m.group(2))
rnd = random.Random(a.seed)
db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
rows = db.execute("SELECT id, title, body_text FROM articles").fetchall()
print(f"{len(rows)} articles in {a.db}", flush=True)
han = re.compile(r"[\u4e00-\u9fff]+")

# Common 2-character words: the most frequent bigrams in a sample of Chinese articles.
sample = [r for r in rnd.sample(rows, min(3000, len(rows))) if han.search(r[2])]
counts = collections.Counter()
for _, title, text in sample:
    seen = set()
    for run in han.findall(title + "。" + text):
        for i in range(len(run) - 1):
            seen.add(run[i:i + 2])
    counts.update(seen)
common = [w for w, _ in counts.most_common(200)]
rnd.shuffle(common)
common = common[:a.queries]
# Rare 4-character strings: drawn from random Chinese articles.
rare = []
while len(rare) < a.queries:
    _, title, text = rnd.choice(sample)
    runs = [r for r in han.findall(text) if len(r) >= 4]
    if runs:
        run = rnd.choice(runs); i = rnd.randrange(len(run) - 3); rare.append(run[i:i + 4])
# English words from English articles.
english_rows = [r for r in rnd.sample(rows, min(3000, len(rows))) if not han.search(r[2])]
words = set()
while len(words) < a.queries:
    _, _, text = rnd.choice(english_rows)
    candidates = [w for w in re.findall(r"[A-Za-z]{5,}", text)]
    if candidates: words.add(rnd.choice(candidates).lower())
english = sorted(words)

conn = http.client.HTTPConnection(host, port, timeout=30)
def api(q):
    target = "/v1/articles?limit=20&fields=id&q=" + urllib.parse.quote(q)
    # (fields=id still returns each result's snippet: the snippet is part of search results.)
    t = time.perf_counter(); conn.request("GET", target); r = conn.getresponse(); body = r.read()
    dt = time.perf_counter() - t
    if r.status != 200: sys.exit(f"{q}: HTTP {r.status} {body[:200]}")
    return dt, json.loads(body)
def api_all_ids(q):
    ids, cursor = set(), None
    while True:
        target = "/v1/articles?limit=100&fields=id&q=" + urllib.parse.quote(q) + (f"&cursor={cursor}" if cursor else "")
        conn.request("GET", target); r = conn.getresponse(); page = json.loads(r.read())
        ids.update(x["id"] for x in page["data"]); cursor = page["meta"]["next_cursor"]
        if not cursor: return ids, page["meta"]["total"]
def like(q):
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    t = time.perf_counter()
    page = db.execute("SELECT id FROM articles WHERE title LIKE ?1 ESCAPE '\\' OR body_text LIKE ?1 ESCAPE '\\' "
                      "ORDER BY published_at DESC, id DESC LIMIT 20", (pattern,)).fetchall()
    total = db.execute("SELECT COUNT(*) FROM articles WHERE title LIKE ?1 ESCAPE '\\' OR body_text LIKE ?1 ESCAPE '\\'",
                       (pattern,)).fetchone()[0]
    return time.perf_counter() - t, total

def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] * 1000

print(f"\n{'class':22s} {'queries':>7s} {'gazette p50':>12s} {'p99 ms':>8s} {'LIKE p50':>9s} {'p99 ms':>8s} {'p99 ratio':>9s}  results")
for label, queries, quoted in [("common 2-char (zh)", common, False), ("rare 4-char (zh)", rare, False), ("English word", english, True)]:
    g, l, same = [], [], 0
    for q in queries:
        text = f'"{q}"' if quoted else q
        api(text)  # warm
        for _ in range(a.repeat):
            dt, page = api(text); g.append(dt)
        lt, like_total = like(q); l.append(lt)
        # Every id through the cursor when the match set is small; for common words the exact
        # total and the first page (full-set equality is the recall test's job, on the corpus).
        if like_total <= 2000 or quoted:
            ids, total = api_all_ids(text)
        else:
            ids, total = None, page["meta"]["total"]
        if quoted:
            rx = re.compile(r"(?<![A-Za-z0-9])" + re.escape(q) + r"(?![A-Za-z0-9])", re.I)
            expected = {i for i, t, b in rows if rx.search(t) or rx.search(b)}
        else:
            expected = {i for i, t, b in rows if q in t or q in b}
            if like_total != len(expected): print(f"  LIKE disagrees with the scan for {q}", file=sys.stderr)
        if ids is None:
            page_ids = {x["id"] for x in page["data"]}
            ok = total == len(expected) and page_ids <= expected
        else:
            ok = ids == expected and total == len(expected)
        if ok: same += 1
        else: print(f"  MISMATCH {text}: gazette {len(ids)}/{total}, scan {len(expected)}", file=sys.stderr)
    print(f"{label:22s} {len(queries):7d} {pct(g,.5):12.2f} {pct(g,.99):8.2f} {pct(l,.5):9.1f} {pct(l,.99):8.1f} "
          f"{pct(l,.99)/max(pct(g,.99),1e-9):8.0f}x  {same}/{len(queries)} identical", flush=True)

try:
    fts = db.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_index%'").fetchone()[0]
    total_bytes = db.execute("SELECT SUM(pgsize) FROM dbstat").fetchone()[0]
    print(f"\nindex: {fts/1e6:.0f} MB of {total_bytes/1e6:.0f} MB ({fts/total_bytes:.0%}); without it the database is {(total_bytes-fts)/1e6:.0f} MB")
except sqlite3.OperationalError:
    print("\n(dbstat is not compiled into this SQLite: index size not measured)")
