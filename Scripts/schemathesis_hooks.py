"""schemathesis hooks for Scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

The OpenAPI document gives every query parameter of GET /v1/articles and the feeds its exact
form (the cursor's included: Scripts/token-patterns.py), but OpenAPI has no way to say how
parameters constrain each other, nor that q needs something to search for: its descriptions
say it, and the server answers 400 naming the parameter. So that positive_data_acceptance
checks what the document can promise, a schema-valid (positive) case is brought within those
documented rules before it is sent; negative cases are sent as generated:

- a cursor continues the order it came from: `sort` is set to it (and a relevance cursor
  without q is dropped, as relevance needs q);
- a cursor and offset are not combined: offset is dropped;
- sort=relevance needs q: sort is dropped without one;
- q must hold a word or a CJK character outside an exclusion (-term), have at most 16 terms
  and 512 bytes: a q that does not is dropped (the Query parameter's description);
- a category must name one (not blank, no blank name in a path): other values are dropped.

Negative cases are sent as generated, with one exception: a query string carries only text, so a
type mutation of a parameter whose schema takes any text without U+0000 (q, cursor, category,
tag, author), an integer, a boolean, null or an array of those in place of a string, arrives as
text that the schema accepts (`category=2742`, or `cursor=` for null, which is "not given"). Such a
value is made the one text these parameters refuse, one holding U+0000, so that the case is
negative on the wire too and the server's 400 is what negative_data_rejection expects.
"""
import base64
import re
import unicodedata

import schemathesis

LIST_PATHS = {"/v1/articles", "/v1/feed.atom", "/v1/feed.rss", "/v1/feed.json"}
SORT_OF_CURSOR = {"d": "-published_at", "a": "published_at", "r": "relevance"}
# What the server's search reads as something to find: ASCII letters and digits, their
# full-width forms, and CJK ideographs (GazetteCore SearchText); anything else may separate.
SEARCHABLE = re.compile(r"[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u4E00-\u9FFF]")


def _given(query, name):
    value = query.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value in (None, "") else str(value)


def _cursor_sort(token):
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    parts = text.split(":")
    return SORT_OF_CURSOR.get(parts[1]) if len(parts) == 4 else None


# Where the server splits q into terms: Unicode's White_Space, as Swift's Character.isWhitespace
# (Python's str.split() also splits at U+001C-U+001F, which are not White_Space).
WHITESPACE = re.compile("[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Parameters whose schema takes any text without U+0000.
FREE_TEXT = ("q", "cursor", "category", "tag", "author")


def _searchable(q):
    """Conservative: True only for a plain query the server surely runs."""
    if len(q.encode()) > 512 or '"' in q:
        return False
    terms = [term for term in WHITESPACE.split(q) if term]
    if not terms or len(terms) > 16:
        return False

    def positive(term):
        # A combining mark after whitespace belongs to the whitespace's grapheme cluster, so the
        # server's term starts after it: an exclusion `-` may follow it.
        start = 0
        while start < len(term) and unicodedata.category(term[start]).startswith("M"):
            start += 1
        return not term[start:].startswith("-") and SEARCHABLE.search(term[start:])

    return any(positive(term) for term in terms)


def _is_text(value):
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(item, str) for item in value))


def _names_a_category(value):
    """Conservative: False for a blank value or a path with a blank name (empty is "not given")."""
    if value == "":
        return True
    return all(part.strip() for part in re.split("[/\u203a]", value))


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    meta = case.meta
    if meta is None or case.operation.path not in LIST_PATHS or not case.query:
        return
    if not meta.generation.mode.is_positive:
        for name in FREE_TEXT:
            if name in case.query and not _is_text(case.query[name]):
                case.query[name] = "\x00"
        return
    query = case.query
    categories = query.get("category")
    if isinstance(categories, list):
        kept = [value for value in categories if _names_a_category(str(value))]
        if kept:
            query["category"] = kept
        else:
            query.pop("category")
    elif categories is not None and not _names_a_category(str(categories)):
        query.pop("category")
    q = _given(query, "q")
    if q is not None and not _searchable(q):
        query.pop("q")
        q = None
    cursor = _given(query, "cursor")
    if cursor is not None:
        query.pop("offset", None)
        sort = _cursor_sort(cursor)
        if sort == "relevance" and q is None:
            query.pop("cursor")
        elif sort is not None:
            query["sort"] = sort
    if _given(query, "sort") == "relevance" and q is None:
        query.pop("sort")
