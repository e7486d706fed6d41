-- Date-ordered search: a search sorted by date joins every match to its date. The rowid
-- lookup reads each match's whole article row (a page of its own, bodies included); this
-- index holds the id and date alone, a few megabytes per 100,000 articles, so the join stays
-- in the page cache. The store names it with INDEXED BY.
CREATE INDEX articles_id_published ON articles (id, published_at);
