#!/usr/bin/env python3
"""Drives the reader page at / in headless Chromium over the DevTools protocol.

Used by Scripts/browser-test.sh, which starts the server and Chromium and passes their ports:
    browser_test.py GAZETTE_PORT DEVTOOLS_PORT SHOTS_FOLDER WRITE_TOKEN

Steps, each checked in the DOM and photographed: the newest list and "load more"; a
category; a search for a two-character Chinese word (or, while search is not available,
the error message the API's problem detail gives); an article (title, date, source, editor,
body, images); the same on a phone-sized screen; keyboard focus; the back button; the
article's server-rendered page (/articles/{slug}) by the reader's link; every demo article in
the reader; an article posted over HTTP while the reader is open, announced live ("1 new
article — show", from /v1/stream) and shown by the button. Every view's visible text is checked for null/undefined/NaN/[object Object] (but
where the API's own text says it, and not inside an article's body). Console errors from this
origin (a CSP violation, an exception) fail the run. Needs
websocket-client (pip install websocket-client).
"""
import base64
import json
import re
import os
import sys
import time
import urllib.parse
import urllib.request

import websocket

SEARCH_WORD = "北京"

# Text a page must never show: a missing value written out by JavaScript, or an object.
JUNK = re.compile(r"\b(?:null|undefined|NaN)\b|\[object Object\]")

# The visible text nodes that hold JUNK, outside an article's own body (the server's sanitised
# HTML, whose text is the author's: a post about JavaScript may well say "null").
VISIBLE_JUNK = """(() => {
  const junk = /\\b(?:null|undefined|NaN)\\b|\\[object Object\\]/;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest('.article-body, script, style, template')) continue;
    if (!element.checkVisibility()) continue;
    if (junk.test(node.textContent)) found.push(node.textContent.trim().slice(0, 120));
  }
  return found;
})()"""


def strings_in(value):
    """Every string inside a JSON value, whitespace folded."""
    if isinstance(value, str):
        yield " ".join(value.split())
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


class DevTools:
    """One page target: commands by id, events buffered."""

    def __init__(self, devtools_port):
        with urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/list", timeout=10) as response:
            targets = json.load(response)
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def send(self, method, **params):
        self.next_id += 1
        message_id = self.next_id
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what} ({expression})")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def key(self, key, code=None, text=None, shift=False):
        virtual = {"Tab": 9, "Enter": 13}.get(key, 0)
        common = {"key": key, "code": code or key, "windowsVirtualKeyCode": virtual, "modifiers": 8 if shift else 0}
        self.send("Input.dispatchKeyEvent", type="keyDown", text=text or "", **common)
        self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    def click(self, selector):
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.evaluate(
            f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
                if (!e) return null; e.scrollIntoView({{block: 'center'}});
                const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"""
        )
        assert box, f"nothing to click at {selector}"
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def viewport(self, width, height, mobile):
        self.send(
            "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile
        )


def main():
    gazette_port, devtools_port, shots = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    write_token = sys.argv[4]
    origin = f"http://127.0.0.1:{gazette_port}"
    os.makedirs(shots, exist_ok=True)
    results = []

    def check(ok, what):
        results.append(bool(ok))
        print(f"  {'ok  ' if ok else 'FAIL'} {what}")
        return ok

    def no_junk(view, *data):
        """The view shows no null/undefined/NaN/[object Object] but where the API's own text
        (a title, an excerpt) says so."""
        texts = [text for value in data for text in strings_in(value)]
        found = [
            text for text in browser.evaluate(VISIBLE_JUNK)
            if not (len(text) > 9 and any(" ".join(text.split()) in known for known in texts))
        ]
        return check(not found, f"{view}: no null/undefined/[object Object] shown {found[:3] if found else ''}")

    def api(path):
        with urllib.request.urlopen(origin + path, timeout=10) as response:
            return json.load(response)

    browser = DevTools(devtools_port)
    browser.send("Page.enable")
    browser.send("Runtime.enable")
    browser.send("Log.enable")
    browser.viewport(1280, 900, False)

    # 1. The newest list.
    print("step 1: load / (desktop 1280x900)")
    browser.send("Page.navigate", url=origin + "/")
    browser.wait_for("document.querySelectorAll('#articles li').length > 0", "the first page of articles")
    browser.wait_for("document.querySelectorAll('#categories button.category').length > 0", "the category tree")
    newest = api("/v1/articles?limit=20")
    titles = browser.evaluate("Array.from(document.querySelectorAll('#articles h3 a'), a => a.textContent)")
    check(titles == [item["title"] for item in newest["data"]], f"list shows the API's newest 20 ({len(titles)} items)")
    check(browser.evaluate("document.getElementById('list-heading').textContent") == "Newest articles", "heading")
    check(browser.evaluate("!document.getElementById('more').hidden"), "'Load more' is shown (there is a next page)")
    check(browser.evaluate("document.getElementById('error').hidden"), "no error shown")
    categories = browser.evaluate("document.querySelectorAll('#categories button.category').length")
    check(categories == len(api("/v1/categories?flat=true")["data"]), f"category tree has every node ({categories})")
    no_junk("home page", newest)
    browser.screenshot(f"{shots}/01-newest-desktop.png")

    # 2. Load more by cursor.
    print("step 2: load more (keyboard: focus the button, press Enter)")
    browser.evaluate("document.getElementById('more').focus()")
    browser.key("Enter", text="\r")
    total = newest["meta"]["total"]
    browser.wait_for(f"document.querySelectorAll('#articles li').length === {total}", "the second page")
    check(browser.evaluate("document.getElementById('more').hidden"), f"all {total} shown, 'Load more' hidden")
    focused = browser.evaluate("document.activeElement.closest('li') === document.querySelectorAll('#articles li')[20]")
    check(focused, "focus moved to the first new article")

    # 3. A category.
    print("step 3: pick the category 金融")
    browser.click('button.category[data-category="金融"]')
    expected = api("/v1/articles?category=" + urllib.parse.quote("金融") + "&limit=20")
    browser.wait_for(
        f"document.querySelectorAll('#articles li').length === {len(expected['data'])}"
        " && document.getElementById('list-heading').textContent === '金融'",
        "the category's list",
    )
    titles = browser.evaluate("Array.from(document.querySelectorAll('#articles h3 a'), a => a.textContent)")
    check(titles == [item["title"] for item in expected["data"]], f"category list matches the API ({len(titles)})")
    check(
        browser.evaluate("document.querySelector('button.category[data-category=\"金融\"]').getAttribute('aria-pressed')")
        == "true",
        "the category button is pressed (aria-pressed)",
    )
    check(browser.evaluate("document.getElementById('total').textContent") == f"{expected['meta']['total']} articles",
          "total shown")
    no_junk("category", expected)
    browser.screenshot(f"{shots}/02-category.png")

    # 4. Search.
    print(f"step 4: search for {SEARCH_WORD}")
    browser.click("#q")
    browser.send("Input.insertText", text=SEARCH_WORD)
    browser.key("Enter", text="\r")
    request = "/v1/articles?category=" + urllib.parse.quote("金融") + "&q=" + urllib.parse.quote(SEARCH_WORD) + "&limit=20"
    try:
        search = api(request)
        search_status = 200
    except urllib.error.HTTPError as error:
        search_status, search = error.code, json.load(error)
    browser.wait_for(
        "!document.getElementById('error').hidden || "
        "(document.getElementById('list-heading').textContent.startsWith('Search') && "
        "!document.getElementById('articles').hasAttribute('aria-busy'))",
        "search results or an error",
    )
    if search_status == 200:
        titles = browser.evaluate("Array.from(document.querySelectorAll('#articles h3 a'), a => a.textContent)")
        check(titles == [item["title"] for item in search["data"]], f"search results match the API ({len(titles)})")
        check(len(titles) > 0, "the search finds something")
        marks = browser.evaluate("document.querySelectorAll('#articles mark').length")
        print(f"  search is available: {len(titles)} results, {marks} <mark>s")
    else:
        text = browser.evaluate("document.getElementById('error').textContent")
        check(search["detail"] in text, f"search answered {search_status}; the page shows its detail: {text!r}")
        check(browser.evaluate("document.getElementById('error').getAttribute('role')") == "alert", "role=alert")
        print("  search is not available in this build yet: the page shows the API's error")
    no_junk("search", search)
    browser.screenshot(f"{shots}/03-search.png")

    # 5. An article with source, editor and images.
    print("step 5: open an article")
    browser.click("#clear-search")
    browser.wait_for("document.getElementById('list-heading').textContent === '金融' && "
                     "document.querySelectorAll('#articles li').length > 0", "the category list again")
    chosen = None
    for item in expected["data"]:
        article = api(f"/v1/articles/{item['id']}")
        if article["source"] and article["editor"] and article["images"]:
            chosen = article
            break
    chosen = chosen or api(f"/v1/articles/{expected['data'][0]['id']}")
    browser.click(f'#articles a[data-id="{chosen["id"]}"]')
    browser.wait_for("document.getElementById('article-title') !== null", "the article view")
    check(browser.evaluate("document.getElementById('article-title').textContent") == chosen["title"], "title")
    check(browser.evaluate("document.activeElement.id") == "article-title", "focus on the article's heading")
    check(browser.evaluate("location.hash") == f"#/articles/{chosen['id']}", "the URL names the article")
    facts = browser.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('dl.facts dt'), dt => [dt.textContent, "
        "dt.nextElementSibling.textContent]))"
    )
    check("Published" in facts, f"date shown: {facts.get('Published')}")
    check(facts.get("Source") == chosen["source"], f"source shown: {facts.get('Source')}")
    check(facts.get("Editor") == chosen["editor"], f"editor shown: {facts.get('Editor')}")
    body_text = browser.evaluate("document.querySelector('.article-body').textContent")
    check(len(body_text.strip()) > 50, f"body shown ({len(body_text)} characters)")
    images = browser.evaluate("Array.from(document.querySelectorAll('#article-content img'), i => i.getAttribute('src'))")
    check(all(image["src"] in images for image in chosen["images"]), f"every image is on the page ({len(images)})")
    scripts = browser.evaluate("document.querySelectorAll('#article-content script').length")
    check(scripts == 0, "no script inside the article")
    no_junk("article view", chosen)
    browser.screenshot(f"{shots}/04-article-desktop.png")

    # 6. Back.
    print("step 6: back to the list")
    browser.evaluate("history.back()")
    browser.wait_for("!document.getElementById('list-view').hidden", "the list again")
    check(browser.evaluate("document.activeElement.dataset.id") == str(chosen["id"]),
          "focus returns to the article's link")

    # 7. A phone.
    print("step 7: phone 390x844")
    browser.viewport(390, 844, True)
    browser.send("Page.navigate", url=origin + "/")
    browser.wait_for("document.querySelectorAll('#articles li').length > 0", "the list on a phone")
    check(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling")
    check(not browser.evaluate("document.getElementById('category-panel').open"), "categories folded on a phone")
    browser.screenshot(f"{shots}/05-phone-list.png")
    browser.send("Page.navigate", url=origin + f"/#/articles/{chosen['id']}")
    browser.wait_for("document.getElementById('article-title') !== null", "the article on a phone")
    check(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "article: no sideways scrolling")
    browser.screenshot(f"{shots}/06-phone-article.png")

    # 8. Keyboard: Tab goes through real controls, each with a visible focus style.
    print("step 8: keyboard")
    browser.viewport(1280, 900, False)
    browser.send("Page.navigate", url=origin + "/")
    browser.wait_for("document.querySelectorAll('#articles li').length > 0", "the list")
    stops = []
    for _ in range(6):
        browser.key("Tab")
        stops.append(browser.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), s.outlineStyle !== 'none' && s.outlineWidth !== '0px',"
            " e.textContent.trim().slice(0, 20)]; })()"))
    print("  tab stops:", [stop[0] for stop in stops])
    check(stops[0][0] == "a" and "Skip" in stops[0][2], "first stop is the skip link")
    check(any(stop[0] == "input#q" for stop in stops), "the search box is reachable")
    check(all(stop[1] for stop in stops), "every stop shows a focus outline")
    browser.screenshot(f"{shots}/07-keyboard-focus.png")

    # 9. The article's server-rendered page, by the reader's "Open as a page" link.
    print("step 9: open the article's own page (/articles/{slug}) from the reader")
    browser.send("Page.navigate", url=origin + f"/#/articles/{chosen['id']}")
    browser.wait_for("document.getElementById('article-title') !== null", "the article view")
    page_url = browser.evaluate(
        "(document.querySelector('#article-content a.permalink') || {getAttribute: () => null}).getAttribute('href')")
    if check(page_url and page_url.startswith("/articles/"), f"the article view links to its page: {page_url}"):
        browser.click("#article-content a.permalink")
    else:
        page_url = "/articles/" + urllib.parse.quote(chosen["slug"], safe="")
        browser.send("Page.navigate", url=origin + page_url)
    browser.wait_for(f"location.pathname === {json.dumps(page_url)} && document.readyState === 'complete'", "the page")
    check(browser.evaluate("document.contentType") == "text/html", "the page is HTML")
    heading = browser.evaluate("(document.querySelector('h1') || {}).textContent || ''")
    check(chosen["title"] in heading, f"the page's heading is the article's title: {heading[:60]!r}")
    no_junk("article page", chosen)
    browser.screenshot(f"{shots}/04b-article-page.png")

    # 10. Every demo article in the reader's view.
    browser.send("Page.navigate", url=origin + "/")
    browser.wait_for("document.querySelectorAll('#articles li').length > 0", "the list")
    print("step 10: every article in the reader")
    everything = api("/v1/articles?limit=100")
    junk_free = 0
    article_images = set()  # what the posts' own images ask for; some are relative and absent here
    for item in everything["data"]:
        article = api(f"/v1/articles/{item['id']}")
        for source in re.findall(r'<img[^>]*\ssrc="([^"]+)"', article["body_html"] or ""):
            article_images.add(urllib.parse.urljoin(origin + "/", source.replace("&amp;", "&")))
        browser.evaluate(f"location.hash = '#/articles/{item['id']}'")
        browser.wait_for(
            f"document.getElementById('article-title') !== null && "
            f"document.getElementById('article-title').textContent === {json.dumps(article['title'])}",
            f"article {item['id']}",
        )
        texts = [text for text in strings_in(article)]
        found = [
            text for text in browser.evaluate(VISIBLE_JUNK)
            if not (len(text) > 9 and any(" ".join(text.split()) in known for known in texts))
        ]
        if found:
            check(False, f"article {item['id']} ({article['slug']}) shows {found[:3]}")
        else:
            junk_free += 1
    check(junk_free == len(everything["data"]), f"{junk_free} of {len(everything['data'])} articles show no null/undefined")

    # Live: an article posted over HTTP while the reader is open is announced, then shown.
    print("step 11: an article posted while the reader is open is announced live")
    browser.viewport(1280, 900, False)
    browser.send("Page.navigate", url=origin + "/")
    browser.wait_for("document.querySelectorAll('#articles li').length > 0", "the list")
    browser.wait_for("document.getElementById('live').dataset.stream === 'open'", "the reader's event stream")
    check(browser.evaluate("document.getElementById('live').hidden"), "no announcement before anything is new")
    title = f"Live from the browser test {int(time.time())}"
    post = (f"---\ntitle: {title}\ncategories: [Live]\nauthor: browser-test\n"
            f"date: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n---\nPosted while the reader was open.\n")
    request_post = urllib.request.Request(
        origin + "/v1/articles", data=post.encode(), method="POST",
        headers={"Authorization": f"Bearer {write_token}", "Content-Type": "text/markdown; charset=utf-8"})
    with urllib.request.urlopen(request_post, timeout=10) as response:
        check(response.status == 201, f"the article was posted ({response.status})")
    browser.wait_for("!document.getElementById('live').hidden", "the live announcement", timeout=10)
    announced = browser.evaluate("document.getElementById('live').textContent")
    check(" ".join(announced.split()) == "1 new article — show", f"announced: {' '.join(announced.split())!r}")
    no_junk("live announcement")
    browser.screenshot(f"{shots}/09-live.png")
    browser.click("#live-show")
    browser.wait_for(f"document.querySelector('#articles h3 a')?.textContent === {json.dumps(title)}",
                     "the new article at the top of the list")
    check(browser.evaluate("document.getElementById('live').hidden"), "the announcement is gone once shown")

    # The API's error detail on a failing article, and no console errors from this origin.
    browser.send("Page.navigate", url=origin + "/#/articles/999999")
    browser.wait_for("!document.getElementById('error').hidden", "the error for a missing article")
    text = browser.evaluate("document.getElementById('error').textContent")
    check("no article with id or slug '999999'" in text, f"a 404 shows the problem detail: {text!r}")
    browser.screenshot(f"{shots}/08-not-found.png")
    browser.send("Runtime.evaluate", expression="1")  # flush pending events
    problems = []
    for event in browser.events:
        if event.get("method") == "Runtime.exceptionThrown":
            problems.append(event["params"]["exceptionDetails"].get("text"))
        if event.get("method") == "Log.entryAdded":
            entry = event["params"]["entry"]
            external = entry.get("url", "").startswith("http") and not entry["url"].startswith(origin)
            # The two failures this run asks for: the missing article, and search while it is a 400.
            asked_for = entry.get("url", "").endswith("/v1/articles/999999") or entry.get("url") in article_images or (
                entry.get("url", "") == origin + "/favicon.ico"  # asked by Chromium itself for a page without an icon
            ) or (
                search_status != 200 and entry.get("url", "").startswith(origin + request)
            )
            if entry["level"] == "error" and not external and not asked_for:
                problems.append(f"{entry.get('source')}: {entry['text']} {entry.get('url', '')}")
    for problem in problems:
        print("  console:", problem)
    check(not problems, "no exceptions, CSP violations or other console errors from this origin")

    passed, failed = results.count(True), results.count(False)
    print(f"browser-test: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
