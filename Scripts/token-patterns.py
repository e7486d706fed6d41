#!/usr/bin/env python3
"""Prints the JSON Schema patterns of Gazette's opaque tokens, which are base64url (RFC 4648 §5,
no padding) of short texts: each pattern matches exactly the encodings of the texts the server
reads back. The texts form a small automaton over bytes; base64 turns every 3 bytes into 4
characters, so the automaton is run 3 bytes at a time and each step written as the set of its
4-character encodings (the last 1 or 2 bytes as 2 or 3 characters).

Usage: Scripts/token-patterns.py   (prints the three patterns as JSON; Documents/openapi.json
       holds them: Cursor and the since of /v1/changes)
"""
import json

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
DIGITS = "0123456789"
HEX = "0123456789abcdef"


class Automaton:
    """A deterministic automaton over bytes (as one-character strings); state 0 starts."""

    def __init__(self):
        self.edges = [{}]
        self.accepting = set()

    def state(self, accepting=False):
        self.edges.append({})
        if accepting:
            self.accepting.add(len(self.edges) - 1)
        return len(self.edges) - 1

    def edge(self, source, characters, target):
        for character in characters:
            assert character not in self.edges[source], (source, character)
            self.edges[source][character] = target

    def literal(self, source, text):
        for character in text:
            target = self.state()
            self.edge(source, character, target)
            source = target
        return source

    def run(self, state, text):
        for character in text:
            state = self.edges[state].get(character)
            if state is None:
                return None
        return state


def change_token():
    """`c1:` and the sequence in decimal digits. With `maxLength` 28 (21 bytes) at most 18
    digits, which always fit the server's Int64."""
    a = Automaton()
    digits = a.state(accepting=True)
    a.edge(a.literal(0, "c1:"), DIGITS, digits)
    a.edge(digits, DIGITS, digits)
    return a


def id_part(a):
    """`:ID`, the article id in decimal as the server writes it (no leading zero); returns the
    state after the colon."""
    start = a.state()
    value = a.state(accepting=True)
    a.edge(start, DIGITS[1:], value)
    a.edge(value, DIGITS, value)
    return start


def date_cursor():
    """`v1:d:KEY:ID` (newest first) or `v1:a:KEY:ID` (oldest first), KEY the published date in
    Unix seconds as the server writes it, or `-` when undated. With `maxLength` 32 (24 bytes)
    each number has at most 17 digits, so it always fits the server's Int64."""
    a = Automaton()
    ids = id_part(a)
    date = a.state()
    a.edge(a.literal(0, "v1:"), "da", date)
    key = a.state()
    a.edge(date, ":", key)
    minus, zero, seconds = a.state(), a.state(), a.state()
    a.edge(key, "-", minus)
    a.edge(key, "0", zero)
    a.edge(key, DIGITS[1:], seconds)
    a.edge(minus, DIGITS[1:], seconds)
    a.edge(seconds, DIGITS, seconds)
    for state in (minus, zero, seconds):
        a.edge(state, ":", ids)
    return a


def relevance_cursor():
    """`v1:r:SCORE:ID`, SCORE the bit pattern of a negative finite double (FTS5's bm25 is
    negative: lower is better) as 16 lowercase hex digits: 8–f first, and not fff… (an infinity
    or a NaN). With `maxLength` 40 (30 bytes) the id has at most 8 digits."""
    a = Automaton()
    ids = id_part(a)
    score = a.literal(0, "v1:r:")
    plain = [None] + [a.state() for _ in range(16)]  # plain[n]: n digits read, finite
    risky = [None] + [a.state() for _ in range(2)]  # risky[n]: n digits read, all f
    a.edge(plain[16], ":", ids)
    a.edge(score, "f", risky[1])
    a.edge(score, "89abcde", plain[1])
    # A third f would make every exponent bit 1: no edge.
    a.edge(risky[1], "f", risky[2])
    for count in (1, 2):
        a.edge(risky[count], HEX[:-1], plain[count + 1])
    for count in range(1, 16):
        a.edge(plain[count], HEX, plain[count + 1])
    return a


def encode(data):
    """base64url without padding of a 1–3 character ASCII string."""
    b = [ord(c) for c in data]
    if len(b) == 3:
        return B64[b[0] >> 2] + B64[(b[0] & 3) << 4 | b[1] >> 4] + B64[(b[1] & 15) << 2 | b[2] >> 6] + B64[b[2] & 63]
    if len(b) == 2:
        return B64[b[0] >> 2] + B64[(b[0] & 3) << 4 | b[1] >> 4] + B64[(b[1] & 15) << 2]
    return B64[b[0] >> 2] + B64[(b[0] & 3) << 4]


def character_class(characters):
    characters = sorted(set(characters), key=B64.index)
    if len(characters) == 1:
        return escape(characters[0])
    # Runs of consecutive alphabet positions become ranges.
    out, run = [], [characters[0]]
    for c in characters[1:]:
        if B64.index(c) == B64.index(run[-1]) + 1 and c not in "-_" and run[-1] not in "-_" and (
            c.isdigit() == run[-1].isdigit() and c.isupper() == run[-1].isupper()
        ):
            run.append(c)
        else:
            out.append(run)
            run = [c]
    out.append(run)
    text = "".join(r[0] if len(r) == 1 else (r[0] + r[1] if len(r) == 2 else r[0] + "-" + r[-1]) for r in out)
    return "[" + text.replace("-_", "\\-_") + "]" if "-" in characters else "[" + text + "]"


def escape(c):
    return "\\-" if c == "-" else c


def trie_regex(strings):
    """A regex for a finite set of equal-length strings, factored as a trie whose equal
    subtrees share one character class."""
    if not strings or strings == {""}:
        return ""
    by_first = {}
    for s in strings:
        by_first.setdefault(s[0], set()).add(s[1:])
    by_rest = {}
    for first, rests in by_first.items():
        by_rest.setdefault(trie_regex(rests), []).append(first)
    branches = sorted(character_class(firsts) + rest for rest, firsts in by_rest.items())
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def group(regex):
    return regex if len(regex) <= 1 or is_atom(regex) else "(?:" + regex + ")"


def is_atom(regex):
    if regex.startswith("[") and regex.endswith("]") and regex.count("[") == 1:
        return True
    if regex.startswith("(?:") and regex.endswith(")"):
        depth = 0
        for index, c in enumerate(regex):
            depth += c == "("
            depth -= c == ")"
            if depth == 0 and index < len(regex) - 1:
                return False
        return True
    return len(regex) == 1 or regex == "\\-"


def alternation(regexes):
    regexes = sorted(set(regexes))
    if not regexes:
        return None
    if len(regexes) == 1:
        return regexes[0]
    return "(?:" + "|".join(regexes) + ")"


def union(a, b):
    if a is None:
        return b
    if b is None:
        return a
    parts = set()
    for r in (a, b):
        parts |= set(split_top(r))
    return alternation(parts)


def top_level_bars(text):
    """Indices of the `|` in text that are outside every group and character class."""
    bars, depth, in_class, escaped = [], 0, False, False
    for index, c in enumerate(text):
        if escaped:
            escaped = False
            continue
        if c == "\\":
            escaped = True
        elif c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif not in_class and c == "(":
            depth += 1
        elif not in_class and c == ")":
            depth -= 1
        elif not in_class and c == "|" and depth == 0:
            bars.append(index)
    return bars


def split_top(regex):
    """The branches of a top-level (?:…|…) group, else the regex itself."""
    if not (regex.startswith("(?:") and is_atom(regex)):
        return [regex]
    inner = regex[3:-1]
    bounds = [-1] + top_level_bars(inner) + [len(inner)]
    return [inner[start + 1:end] for start, end in zip(bounds, bounds[1:])]


def optional(regex):
    return "" if regex == "" else group(regex) + "?"


def pattern(automaton):
    alphabet = sorted({c for edges in automaton.edges for c in edges})
    # Block automaton: states reachable at multiples of 3 bytes.
    blocks, final = {}, {}
    todo, seen = [0], {0}
    while todo:
        state = todo.pop()
        steps = {}
        for triple in map("".join, __import__("itertools").product(alphabet, repeat=3)):
            target = automaton.run(state, triple)
            if target is not None:
                steps.setdefault(target, set()).add(encode(triple))
        ends = {""} if state in automaton.accepting else set()
        tails = set()
        for length in (1, 2):
            for tail in map("".join, __import__("itertools").product(alphabet, repeat=length)):
                target = automaton.run(state, tail)
                if target is not None and target in automaton.accepting:
                    tails.add(encode(tail))
        final_parts = []
        if ends:
            final_parts.append("")
        for length in (2, 3):
            same = {t for t in tails if len(t) == length}
            if same:
                final_parts.append(trie_regex(same))
        final[state] = final_parts
        blocks[state] = {target: trie_regex(codes) for target, codes in steps.items()}
        for target in steps:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    # State elimination (Brzozowski–McCluskey) with a new start S and end E.
    S, E = "S", "E"
    edges = {}
    def add(source, target, regex):
        edges[(source, target)] = union(edges.get((source, target)), regex)
    add(S, 0, "")
    for state, targets in blocks.items():
        for target, regex in targets.items():
            add(state, target, regex)
        if final[state]:
            has_empty = "" in final[state]
            rest = [r for r in final[state] if r != ""]
            regex = alternation(rest) if rest else ""
            if has_empty and rest:
                regex = optional(regex)
            add(state, E, regex)
    states = set(blocks)
    while states:
        def cost(q):
            ins = [k for k in edges if k[1] == q and k[0] != q]
            outs = [k for k in edges if k[0] == q and k[1] != q]
            return len(ins) * len(outs)
        q = min(states, key=cost)
        states.remove(q)
        loop = edges.pop((q, q), None)
        loop_regex = "" if loop is None else group(loop) + "*"
        ins = [(k, v) for k, v in edges.items() if k[1] == q]
        outs = [(k, v) for k, v in edges.items() if k[0] == q]
        for k, _ in ins + outs:
            edges.pop(k, None)
        for (source, _), a in ins:
            for (_, target), b in outs:
                add(source, target, concat(a, loop_regex, b))
    return "^" + edges[(S, E)] + "$"


def concat(*parts):
    out = ""
    for part in parts:
        if part == "":
            continue
        out += group(part) if top_level_bars(part) else part
    return out


if __name__ == "__main__":
    print(
        json.dumps(
            {
                "date_cursor": pattern(date_cursor()),
                "relevance_cursor": pattern(relevance_cursor()),
                "change_token": pattern(change_token()),
            },
            indent=2,
        )
    )
