-- Gazette's schema, version 1. Applied once, in one transaction, by `gazette migrate`
-- (or any command that opens the database). Never edit this file once landed: add 0002_….sql.
--
-- Times are INTEGER seconds since 1970-01-01T00:00:00Z (UTC). Lists that are never filtered
-- on (images, category paths as written) are JSON text; everything filtered on has a table.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    author          TEXT,
    -- NULL when unknown: in the (published_at DESC, id DESC) index NULLs come last, which is
    -- API.md's "undated articles sort after all dated ones" for the default order.
    published_at    INTEGER,
    categories      TEXT    NOT NULL DEFAULT '[]',   -- ["A","B"]: the first path, as JSON, ready to serve
    category_paths  TEXT    NOT NULL DEFAULT '[]',   -- [["A","B"],["C"]], as written
    tags            TEXT    NOT NULL DEFAULT '[]',   -- ["t1","t2"]
    thumbnail       TEXT,
    headimg         TEXT,
    original_title  TEXT,
    source          TEXT,
    editor          TEXT,
    images          TEXT    NOT NULL DEFAULT '[]',   -- [{"src","alt","caption"}]
    excerpt         TEXT    NOT NULL DEFAULT '',
    char_count      INTEGER NOT NULL DEFAULT 0,
    body_html       TEXT    NOT NULL DEFAULT '',
    body_text       TEXT    NOT NULL DEFAULT '',
    body_raw        TEXT    NOT NULL DEFAULT '',
    extra           TEXT    NOT NULL DEFAULT '{}',   -- front-matter keys Gazette does not interpret
    content_hash    TEXT    NOT NULL,
    -- The file an article was ingested from (absolute path), NULL for articles posted over HTTP.
    source_path     TEXT    UNIQUE,
    -- Version of the ingest rules that produced the derived columns; a newer Gazette re-derives.
    ingest_version  INTEGER NOT NULL DEFAULT 1,
    ingested_at     INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX articles_newest ON articles (published_at DESC, id DESC);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_author ON articles (author, published_at DESC, id DESC) WHERE author IS NOT NULL;

-- Every prefix of every category path is a node: 金融, 金融 › 新浪财经, 金融 › 新浪财经 › 新浪财经－国內.
CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    path        TEXT    NOT NULL UNIQUE,             -- names joined with ' › '
    name        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES categories (id),
    depth       INTEGER NOT NULL,                    -- 1 for a root
    count       INTEGER NOT NULL DEFAULT 0,          -- articles on this node or below (maintained by triggers)
    latest_at   INTEGER                              -- newest published_at on this node or below
);
CREATE INDEX categories_name ON categories (name);
CREATE INDEX categories_parent ON categories (parent_id);

-- One row per (article, category node on any of its paths): a category page, descendants
-- included, is one range of the index below, and its total a count of that range.
CREATE TABLE article_categories (
    category_id  INTEGER NOT NULL REFERENCES categories (id),
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    published_at INTEGER,
    PRIMARY KEY (category_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_categories_newest ON article_categories (category_id, published_at DESC, article_id DESC);
CREATE INDEX article_categories_article ON article_categories (article_id);

CREATE TABLE tags (
    id     INTEGER PRIMARY KEY,
    name   TEXT    NOT NULL UNIQUE,
    count  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE article_tags (
    tag_id       INTEGER NOT NULL REFERENCES tags (id),
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    published_at INTEGER,
    PRIMARY KEY (tag_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_newest ON article_tags (tag_id, published_at DESC, article_id DESC);
CREATE INDEX article_tags_article ON article_tags (article_id);

CREATE TABLE authors (
    name   TEXT    PRIMARY KEY,
    count  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The change log behind /v1/changes: every create, update and delete, oldest first.
CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  INTEGER NOT NULL,
    slug        TEXT    NOT NULL,
    change      TEXT    NOT NULL CHECK (change IN ('upserted', 'deleted')),
    at          INTEGER NOT NULL
);
CREATE INDEX changes_article ON changes (article_id);

-- A counter bumped by every write to articles (cheap ETags and response-cache invalidation),
-- and the number of articles (an exact `total` without counting rows).
CREATE TABLE data_version (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    version   INTEGER NOT NULL,
    articles  INTEGER NOT NULL
);
INSERT INTO data_version (id, version, articles) VALUES (1, 0, 0);

-- Counts kept in step with the rows, in the same transaction as the write.
CREATE TRIGGER article_categories_insert AFTER INSERT ON article_categories BEGIN
    UPDATE categories SET count = count + 1,
        latest_at = CASE WHEN latest_at IS NULL OR NEW.published_at > latest_at THEN NEW.published_at ELSE latest_at END
    WHERE id = NEW.category_id;
END;
CREATE TRIGGER article_categories_delete AFTER DELETE ON article_categories BEGIN
    UPDATE categories SET count = count - 1,
        latest_at = (SELECT MAX(published_at) FROM article_categories WHERE category_id = OLD.category_id)
    WHERE id = OLD.category_id;
END;
CREATE TRIGGER article_tags_insert AFTER INSERT ON article_tags BEGIN
    UPDATE tags SET count = count + 1 WHERE id = NEW.tag_id;
END;
CREATE TRIGGER article_tags_delete AFTER DELETE ON article_tags BEGIN
    UPDATE tags SET count = count - 1 WHERE id = OLD.tag_id;
END;

CREATE TRIGGER articles_insert AFTER INSERT ON articles BEGIN
    INSERT INTO authors (name, count) SELECT NEW.author, 1 WHERE NEW.author IS NOT NULL
        ON CONFLICT (name) DO UPDATE SET count = count + 1;
    INSERT INTO changes (article_id, slug, change, at) VALUES (NEW.id, NEW.slug, 'upserted', NEW.updated_at);
    UPDATE data_version SET version = version + 1, articles = articles + 1 WHERE id = 1;
END;
CREATE TRIGGER articles_update AFTER UPDATE ON articles BEGIN
    UPDATE authors SET count = count - 1 WHERE OLD.author IS NOT NULL AND name = OLD.author;
    INSERT INTO authors (name, count) SELECT NEW.author, 1 WHERE NEW.author IS NOT NULL
        ON CONFLICT (name) DO UPDATE SET count = count + 1;
    INSERT INTO changes (article_id, slug, change, at) VALUES (NEW.id, NEW.slug, 'upserted', NEW.updated_at);
    UPDATE data_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER articles_delete AFTER DELETE ON articles BEGIN
    UPDATE authors SET count = count - 1 WHERE OLD.author IS NOT NULL AND name = OLD.author;
    INSERT INTO changes (article_id, slug, change, at)
        VALUES (OLD.id, OLD.slug, 'deleted', CAST(strftime('%s', 'now') AS INTEGER));
    UPDATE data_version SET version = version + 1, articles = articles - 1 WHERE id = 1;
END;

-- Full-text search. Contentless FTS5 (the text lives in `articles`): four columns of tokens
-- that Gazette makes itself (GazetteCore's SearchText: CJK unigrams and folded words in *1,
-- CJK bigrams in *2), split on spaces by the `ascii` tokenizer. The rowid is the article id.
-- Kept in step with `articles` by the store, in the same transaction as each write.
CREATE VIRTUAL TABLE search_index USING fts5(
    title1, title2, body1, body2, content = '', tokenize = 'ascii'
);
-- The SearchText version the index was built with; the store rebuilds it when they differ.
CREATE TABLE search_meta (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    tokenizer_version  INTEGER NOT NULL
);
INSERT INTO search_meta (id, tokenizer_version) VALUES (1, 0);
