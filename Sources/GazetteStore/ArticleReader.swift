import GazetteCore

/// Reads articles and statistics through any connection, read-only or not.
public struct ArticleReader {
    public let connection: Connection

    public init(connection: Connection) { self.connection = connection }

    /// The article with this id.
    public func article(id: Int64) throws -> Article? {
        try connection.statement("SELECT \(ArticleRow.columns) FROM articles WHERE id = ?")
            .first([.integer(id)], ArticleRow.decode)
    }

    /// The article with this slug (exact, case-sensitive).
    public func article(slug: String) throws -> Article? {
        try connection.statement("SELECT \(ArticleRow.columns) FROM articles WHERE slug = ?")
            .first([.text(slug)], ArticleRow.decode)
    }

    /// API.md's `{id-or-slug}`: all digits means an id; when no article has that id, it is
    /// tried as a slug.
    public func article(idOrSlug key: String) throws -> Article? {
        if !key.isEmpty, key.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int64(key), let article = try article(id: id)
        {
            return article
        }
        return try article(slug: key)
    }

    /// Calls `body` with every article, oldest first (undated last), then by id.
    public func forEachArticle(_ body: (Article) throws -> Void) throws {
        try forEachArticleRow { row in try body(try ArticleRow.decode(row)) }
    }

    /// Calls `body` with the full row of every article (columns as
    /// ``ArticleReader/fullColumns``), in the order of ``forEachArticle(_:)``.
    public func forEachArticleRow(_ body: (Row) throws -> Void) throws {
        try connection.statement(
            "SELECT \(ArticleRow.columns) FROM articles ORDER BY published_at IS NULL, published_at, id"
        ).forEachRow([], body)
    }

    /// The key fields of an article with exactly this content hash (the oldest when several).
    public func key(contentHash: String) throws -> StoredArticleKey? {
        try connection.statement(
            "SELECT id, slug, content_hash, ingest_version, source_path FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1"
        ).first([.text(contentHash)], Self.decodeKey)
    }

    /// The key fields of the article with this slug.
    public func key(slug: String) throws -> StoredArticleKey? {
        try connection.statement(
            "SELECT id, slug, content_hash, ingest_version, source_path FROM articles WHERE slug = ?"
        ).first([.text(slug)], Self.decodeKey)
    }

    /// Calls `body` with the key fields of every article.
    public func forEachKey(_ body: (StoredArticleKey) throws -> Void) throws {
        try connection.statement("SELECT id, slug, content_hash, ingest_version, source_path FROM articles")
            .forEachRow { row in try body(Self.decodeKey(row)) }
    }

    /// Whether the search index was built by this version of the tokenizer.
    public func isSearchIndexCurrent() throws -> Bool {
        try connection.statement("SELECT tokenizer_version FROM search_meta WHERE id = 1").first { $0.int(0) }
            == SearchText.version
    }

    /// The number of articles.
    public func articleCount() throws -> Int {
        try connection.statement("SELECT COUNT(*) FROM articles").first { $0.int(0) } ?? 0
    }

    /// The counter bumped by every article write (see `data_version` in the schema).
    public func dataVersion() throws -> Int64 {
        try connection.statement("SELECT version FROM data_version WHERE id = 1").first { $0.int64(0) } ?? 0
    }

    /// Counts, date range and size, for `gazette stats` and readiness.
    public func statistics() throws -> StoreStatistics {
        let articles = try articleCount()
        let categories =
            try connection.statement("SELECT COUNT(*) FROM categories WHERE count > 0").first { $0.int(0) } ?? 0
        let tags = try connection.statement("SELECT COUNT(*) FROM tags WHERE count > 0").first { $0.int(0) } ?? 0
        let authors = try connection.statement("SELECT COUNT(*) FROM authors WHERE count > 0").first { $0.int(0) } ?? 0
        let range = try connection.statement(
            "SELECT MIN(published_at), MAX(published_at), SUM(published_at IS NULL) FROM articles"
        ).first { ($0.optionalInt64(0), $0.optionalInt64(1), $0.int(2)) }
        let pages = try connection.statement("PRAGMA page_count").first { $0.int64(0) } ?? 0
        let pageSize = try connection.statement("PRAGMA page_size").first { $0.int64(0) } ?? 0
        return StoreStatistics(
            articles: articles, categories: categories, tags: tags, authors: authors, oldest: range?.0,
            newest: range?.1, undated: range?.2 ?? 0, databaseBytes: pages * pageSize)
    }

    private static func decodeKey(_ row: Row) -> StoredArticleKey {
        StoredArticleKey(
            id: row.int64(0), slug: row.string(1), contentHash: row.string(2), ingestVersion: row.int(3),
            sourcePath: row.optionalString(4))
    }
}

/// What `gazette stats` reports.
public struct StoreStatistics: Sendable, Equatable {
    public var articles: Int
    public var categories: Int
    public var tags: Int
    public var authors: Int
    /// Oldest and newest `published_at`, `nil` when no article is dated.
    public var oldest: Int64?
    public var newest: Int64?
    public var undated: Int
    /// Size of the main database file (pages × page size), not counting the WAL.
    public var databaseBytes: Int64
}
