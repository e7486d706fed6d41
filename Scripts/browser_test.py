#!/usr/bin/env python3
"""Drives the reader page at / in headless Chromium over the DevTools protocol.

Used by Scripts/browser-test.sh, which starts the server and Chromium and passes their ports:
    browser_test.py GAZETTE_PORT DEVTOOLS_PORT SHOTS_FOLDER

Steps, each checked in the DOM and photographed: the newest list and "load more"; a
category; a search for a two-character Chinese word (or, while search is not available,
the error message the API's problem detail gives); an article (title, date, source, editor,
body, images); the same on a phone-sized screen; keyboard focus; the back button. Console
errors from this origin (a CSP violation, an exception) fail the run. Needs
websocket-client (pip install websocket-client).
"""
import base64
import json
import os
import sys
import time
import urllib.parse
import urllib.request

import websocket

SEARCH_WORD = "北京"


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
    origin = f"http://127.0.0.1:{gazette_port}"
    os.makedirs(shots, exist_ok=True)
    results = []

    def check(ok, what):
        results.append(bool(ok))
        print(f"  {'ok  ' if ok else 'FAIL'} {what}")
        return ok

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
            asked_for = entry.get("url", "").endswith("/v1/articles/999999") or (
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
