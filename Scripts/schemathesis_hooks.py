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
"""
import base64
import re

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


def _searchable(q):
    """Conservative: True only for a plain query the server surely runs."""
    if len(q.encode()) > 512 or '"' in q:
        return False
    terms = q.split()
    if not terms or len(terms) > 16:
        return False
    return any(not term.startswith("-") and SEARCHABLE.search(term) for term in terms)


def _names_a_category(value):
    """Conservative: False for a blank value or a path with a blank name (empty is "not given")."""
    if value == "":
        return True
    return all(part.strip() for part in re.split("[/\u203a]", value))


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    if case.operation.path not in LIST_PATHS or not case.query:
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
