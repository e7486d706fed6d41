-- One-character search (#11). A query of one character is a prefix query over every indexed
-- token that starts with it (SearchText: each CJK character starts exactly one token), and
-- without a prefix index FTS5 merges the doclists of all those tokens on every query: for
-- `的`, thousands of distinct bigrams, 0.30 s over 100,000 articles before anything is ranked.
-- `prefix = '1'` keeps one more doclist per first character, so the query reads one doclist.
-- It costs the writer one more entry per token (measured at 100,000 posts in the README,
-- Benchmarks → search). FTS5 options are fixed when the table is created, so the table is
-- made again; resetting the tokenizer version makes the store refill it from the articles on
-- open (ArticleStore.rebuildSearchIndexIfStale), as for a tokenizer change.
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    title1, title2, body1, body2, content = '', tokenize = 'ascii', prefix = '1'
);
-- The 16 MiB write buffer of 0005, which lives in the dropped table's config.
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216);
UPDATE search_meta SET tokenizer_version = 0 WHERE id = 1;
