#!/usr/bin/env bash
# Checks the three feeds of a running demo server with independent tools:
#   - Atom and RSS with Python's feedparser (pip install feedparser): no bozo flag, the expected
#     version, and the same articles as GET /v1/articles for the same filters;
#   - JSON Feed against Scripts/jsonfeed-1.1.schema.json (pip install jsonschema), same articles.
#
# Starts `gazette serve --demo` on 127.0.0.1 (Scripts/demo-server.sh: the binary is $GAZETTE, else
# a built one, else it builds one) and stops it on exit.
# Usage: Scripts/check-feeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import feedparser, jsonschema' 2>/dev/null || {
  echo "check-feeds: needs feedparser and jsonschema (pip install feedparser jsonschema)" >&2
  exit 2
}

source Scripts/demo-server.sh
openapi=Sources/GazetteAPI/Documents/openapi.json
trap demo_stop EXIT
demo_start check-feeds
port="$DEMO_PORT"

# The OpenAPI document's own JSONFeed schema must hold too (the document describes what is served).
python3 - "$port" Scripts/jsonfeed-1.1.schema.json "$openapi" <<'PY'
import json, sys, urllib.parse, urllib.request
import feedparser, jsonschema

port, schema_path, openapi_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"
schema = json.load(open(schema_path, encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
openapi = json.load(open(openapi_path, encoding="utf-8"))
documented = jsonschema.Draft202012Validator(openapi["components"]["schemas"]["JSONFeed"])
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"  FAIL {what}")
    return ok

def get(target, headers=None):
    request = urllib.request.Request(base + target, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()

def q(**parameters):
    return urllib.parse.urlencode(parameters)

# The schema is not vacuous: it rejects what JSON Feed 1.1 forbids.
for broken, why in [
    ({"version": "https://jsonfeed.org/version/1", "title": "t", "items": []}, "version 1.0"),
    ({"version": "https://jsonfeed.org/version/1.1", "items": []}, "no title"),
    ({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1"}]}, "item without content"),
    ({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": 1, "content_html": ""}]}, "numeric id"),
    ({"version": "https://jsonfeed.org/version/1.1", "title": "t",
      "items": [{"id": "1", "content_html": "", "date_published": "28 Jul 2021"}]}, "date not RFC 3339"),
    ({"version": "https://jsonfeed.org/version/1.1", "title": "t",
      "items": [{"id": "1", "content_html": "", "authors": [{}]}]}, "empty author"),
]:
    check(not validator.is_valid(broken), f"schema accepts a feed with {why}")

status, _, body = get("/v1/articles?limit=5")
first_page = json.loads(body)
filters = [
    "",
    "limit=5",
    q(category="金融"),
    q(category="新媒体›36kr"),
    q(tag="知乎"),
    q(author="新浪财经", limit=7),
    "since=2021-01-01&until=2022-01-01",
    "sort=published_at&limit=4",
    q(limit=5, cursor=first_page["meta"]["next_cursor"]),
    q(q="北京"),
    q(q="疫情", category="金融", limit=3),
    q(q="release", sort="-published_at"),
]
for query in filters:
    list_query = query if "limit=" in query else "&".join(p for p in [query, "limit=50"] if p)
    status, _, body = get(f"/v1/articles?{list_query}")
    listing = json.loads(body)
    # Entry ids keep the API URL by id (an entry's id never changes, RFC 4287 §4.2.6); links go to
    # the article's page for people, /articles/{slug} (API.md, Article pages).
    expected = [base + item["url"] for item in listing["data"]]
    pages = [base + "/articles/" + urllib.parse.quote(item["slug"], safe="") for item in listing["data"]]
    titles = [item["title"] for item in listing["data"]]
    label = query or "(no filter)"
    for path, version, media_type in [
        ("/v1/feed.atom", "atom10", "application/atom+xml; charset=utf-8"),
        ("/v1/feed.rss", "rss20", "application/rss+xml; charset=utf-8"),
    ]:
        target = f"{path}?{query}" if query else path
        status, headers, body = get(target)
        check(status == 200 and headers["Content-Type"] == media_type, f"{target}: {status} {headers['Content-Type']}")
        parsed = feedparser.parse(body)
        check(not parsed.bozo, f"{target}: bozo {parsed.get('bozo_exception')!r}")
        check(parsed.version == version, f"{target}: feedparser sees {parsed.version!r}")
        check([entry.get("id") for entry in parsed.entries] == expected, f"{target}: ids differ from the list")
        check([entry.get("link") for entry in parsed.entries] == pages, f"{target}: links differ from the list")
        check([entry.get("title") for entry in parsed.entries] == titles, f"{target}: titles differ from the list")
        check(all(entry.get("content") and entry.content[0].type == "text/html" for entry in parsed.entries),
              f"{target}: an entry has no HTML content")
        check(all((entry.get("published") is not None) == (item["published_at"] is not None)
                  for entry, item in zip(parsed.entries, listing["data"])), f"{target}: published dates")
        has_next = any(link.get("rel") == "next" for link in parsed.feed.get("links", []))
        check(has_next == (listing["meta"]["next_cursor"] is not None), f"{target}: next link")
        print(f"  {target}: {version}, {len(parsed.entries)} entries, bozo={parsed.bozo}")
    target = f"/v1/feed.json?{query}" if query else "/v1/feed.json"
    status, headers, body = get(target)
    check(status == 200 and headers["Content-Type"] == "application/feed+json; charset=utf-8", f"{target}: {status}")
    feed = json.loads(body)
    errors = sorted(validator.iter_errors(feed), key=lambda error: list(error.path))
    for error in errors[:5]:
        print(f"    schema: {'/'.join(map(str, error.path))}: {error.message[:200]}")
    check(not errors, f"{target}: {len(errors)} schema errors")
    check(documented.is_valid(feed), f"{target}: does not match the OpenAPI document's JSONFeed schema")
    check([item["id"] for item in feed["items"]] == expected, f"{target}: ids differ from the list")
    check([item.get("url") for item in feed["items"]] == pages, f"{target}: urls differ from the list")
    check([item.get("title") for item in feed["items"]] == titles, f"{target}: titles differ from the list")
    check(("next_url" in feed) == (listing["meta"]["next_cursor"] is not None), f"{target}: next_url")
    print(f"  {target}: JSON Feed 1.1, {len(feed['items'])} items, {len(errors)} schema errors")

# Conditional requests: the ETag of each feed gives 304.
for path in ["/v1/feed.atom", "/v1/feed.rss", "/v1/feed.json"]:
    _, headers, _ = get(path)
    status, _, _ = get(path, {"If-None-Match": headers["ETag"]})
    check(status == 304, f"{path}: If-None-Match gave {status}")

print(f"check-feeds: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
