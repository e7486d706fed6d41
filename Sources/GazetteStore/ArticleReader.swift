import GazetteCore

/// Reads articles and statistics through one SQLite connection, read-only or not: the SQLite
/// implementation of ``ArticleReading``.
///
/// Thread safety: as its ``Connection``, one thread at a time.
public struct ArticleReader: ArticleReading {
    let connection: Connection

    package init(connection: Connection) { self.connection = connection }

    /// Opens a read-only connection to the database at `location` (one per event loop).
    public init(readOnlyAt location: DatabaseLocation, configuration: StoreConfiguration = StoreConfiguration())
        throws(SQLiteError)
    {
        connection = try Connection(location: location, readOnly: true, configuration: configuration)
    }

    // MARK: - One read

    /// Runs `body` in one read transaction (its statements see one snapshot, and SQLite takes
    /// its file locks once), with the time limit inside it so that `COMMIT` and `ROLLBACK` are
    /// never what it stops.
    public func read<T>(timeLimit: Duration?, _ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction {
                try connection.withTimeLimit(timeLimit, body)
            }
        } catch let error as SQLiteError where error.isInterrupted {
            throw ReadTimeLimitExceeded()
        }
    }

    /// The counter bumped by every article write (`data_version` in the schema).
    ///
    /// On a read-only connection, SQLite's `PRAGMA data_version` is asked first: it changes
    /// only when another connection commits (https://sqlite.org/pragma.html#pragma_data_version),
    /// so the common case costs one pragma step and no table read. A writer's own commits do
    /// not move it, so a writer always reads the table.
    public func dataVersion() throws -> Int64 {
        guard connection.isReadOnly else { return try storedDataVersion() }
        let counter = try connection.statement("PRAGMA data_version").first { $0.int64(0) } ?? 0
        if counter != connection.lastDataVersion.counter {
            connection.lastDataVersion = (counter, try storedDataVersion())
        }
        return connection.lastDataVersion.version
    }

    private func storedDataVersion() throws -> Int64 {
        try connection.statement("SELECT version FROM data_version WHERE id = 1").first { $0.int64(0) } ?? 0
    }

    // MARK: - Articles

    /// Calls `body` with the article `key` names, API.md's `{id-or-slug}`: all digits (and
    /// within `Int64`) means an id; when no article has that id, it is tried as a slug.
    /// This is the one place that rule is written.
    public func withArticle<T>(idOrSlug key: String, _ body: (StoredArticle) throws -> T) throws -> T? {
        if !key.isEmpty, key.utf8.count <= 19,
            key.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int64(key),
            let found = try withArticle(id: id, body)
        {
            return found
        }
        return try connection.statement("SELECT \(ArticleRow.columns) FROM articles WHERE slug = ?").first(
            [.text(key)]
        ) { try body(StoredArticle(row: $0)) }
    }

    /// Calls `body` with the article with this id; `nil` when there is none.
    public func withArticle<T>(id: Int64, _ body: (StoredArticle) throws -> T) throws -> T? {
        try connection.statement("SELECT \(ArticleRow.columns) FROM articles WHERE id = ?").first([.integer(id)]) {
            try body(StoredArticle(row: $0))
        }
    }

    /// The article with this id.
    public func article(id: Int64) throws -> Article? {
        try withArticle(id: id) { try $0.decoded() }
    }

    /// The article `key` names (API.md's `{id-or-slug}`).
    public func article(idOrSlug key: String) throws -> Article? {
        try withArticle(idOrSlug: key) { try $0.decoded() }
    }

    /// Calls `body` with every article, oldest first (undated last), then by id.
    public func forEachArticle(_ body: (StoredArticle) throws -> Void) throws {
        try connection.statement(
            "SELECT \(ArticleRow.columns) FROM articles ORDER BY published_at IS NULL, published_at, id"
        ).forEachRow([]) { try body(StoredArticle(row: $0)) }
    }

    // MARK: - Keys, for writers

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
        // The key columns come from the `articles_source_key` index (0004): no body is read.
        try connection.statement(Self.stampedKeySQL).forEachRow { row in try body(Self.decodeStampedKey(row)) }
    }

    /// The keys of the articles stored from one of `sourcePaths` or with one of `contentHashes`
    /// (one index lookup each; an article may come twice).
    public func forEachKey(
        sourcePaths: [String], contentHashes: [String], _ body: (StoredArticleKey) throws -> Void
    ) throws {
        let byPath = try connection.statement(Self.stampedKeySQL + " WHERE a.source_path = ?")
        for path in sourcePaths {
            try byPath.forEachRow([.text(path)]) { row in try body(Self.decodeStampedKey(row)) }
        }
        let byHash = try connection.statement(Self.stampedKeySQL + " WHERE a.content_hash = ?")
        for hash in contentHashes {
            try byHash.forEachRow([.text(hash)]) { row in try body(Self.decodeStampedKey(row)) }
        }
    }

    /// The keys of the articles whose source path is one of `roots` or under one (`root/`…): one
    /// range of the source-path index per root.
    public func forEachKey(sourcePathsUnder roots: [String], _ body: (StoredArticleKey) throws -> Void) throws {
        // SQLite compares text bytewise: `root/` ≤ path < `root0` is every path under `root/`
        // ('0' follows '/').
        let range = try connection.statement(
            Self.stampedKeySQL + " WHERE a.source_path = ? OR (a.source_path >= ? AND a.source_path < ?)")
        for root in roots {
            let bare = root.hasSuffix("/") ? String(root.dropLast()) : root
            try range.forEachRow([.text(bare), .text(bare + "/"), .text(bare + "0")]) { row in
                try body(Self.decodeStampedKey(row))
            }
        }
    }

    private static let stampedKeySQL = """
        SELECT a.id, a.slug, a.content_hash, a.ingest_version, a.source_path, s.size, s.modified_ns
        FROM articles AS a LEFT JOIN source_files AS s ON s.article_id = a.id
        """

    /// A key of ``stampedKeySQL``'s row, with its file's stamp when one is recorded.
    private static func decodeStampedKey(_ row: Row) -> StoredArticleKey {
        let key = decodeKey(row)
        guard key.sourcePath != nil, let size = row.optionalInt64(5), let modified = row.optionalInt64(6) else {
            return key
        }
        return StoredArticleKey(
            id: key.id, slug: key.slug, contentHash: key.contentHash, ingestVersion: key.ingestVersion,
            sourcePath: key.sourcePath, sourceStamp: FileStamp(size: size, modifiedNanoseconds: modified))
    }

    // MARK: - Counts and state

    /// Whether the search index was built by this version of the tokenizer.
    public func isSearchIndexCurrent() throws -> Bool {
        try connection.statement("SELECT tokenizer_version FROM search_meta WHERE id = 1").first { $0.int(0) }
            == SearchText.version
    }

    /// Whether the schema is current and the search index built, and the article count.
    public func readiness() throws -> StoreReadiness {
        guard try Migrator().isUpToDate(connection) else { return .notMigrated }
        guard try isSearchIndexCurrent() else { return .rebuildingSearchIndex }
        return .ready(articles: try articleCount())
    }

    /// The number of articles.
    public func articleCount() throws -> Int {
        try connection.statement("SELECT COUNT(*) FROM articles").first { $0.int(0) } ?? 0
    }

    /// Counts, date range and size, for `gazette stats`.
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
