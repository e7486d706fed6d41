-- Webhooks (API.md, "Webhooks"): the endpoints the config file names, and an outbox of
-- messages written by the store in the same transaction as the change that causes them, so
-- that no change is lost to a crash, `kill -9` or restart. A delivery worker reads the outbox.

-- One row per configured URL, synced from the config file by each process that opens the store
-- with a `webhooks:` setting. An endpoint no longer configured is kept (its history stays
-- countable) but made inactive: it gets no new messages and nothing more is sent to it.
-- Filters are lists of names joined by a newline (U+000A never occurs in a name); empty: any.
CREATE TABLE webhook_endpoints (
    id          INTEGER PRIMARY KEY,
    url         TEXT    NOT NULL UNIQUE,
    secret      TEXT    NOT NULL,
    events      TEXT    NOT NULL,
    categories  TEXT    NOT NULL DEFAULT '',
    tags        TEXT    NOT NULL DEFAULT '',
    authors     TEXT    NOT NULL DEFAULT '',
    is_active   INTEGER NOT NULL DEFAULT 1
);

-- One row per (change, matching endpoint). The body is fixed when the change is made; the
-- webhook-id is made then too, so every attempt carries the same one.
-- state: 'pending' (to send, at or after next_attempt_at, in milliseconds since 1970),
-- 'delivered' (a 2xx answer), 'failed' (the retry schedule ran out; `gazette webhooks retry`
-- makes it pending again).
CREATE TABLE webhook_messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id      INTEGER NOT NULL REFERENCES webhook_endpoints (id),
    message_id       TEXT    NOT NULL UNIQUE,
    change_seq       INTEGER NOT NULL,
    body             TEXT    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_attempt_at  INTEGER,
    delivered_at     INTEGER
);
-- The worker's question, "the oldest pending message of each endpoint", is one range per endpoint.
CREATE INDEX webhook_messages_pending ON webhook_messages (endpoint_id, state, id);
