import GazetteCore

/// The writer side of the article database: one read-write connection, migrated on open.
///
/// Every write keeps the derived tables (categories, tags, authors, changes, data version, the
/// webhook outbox of `ArticleStore+Webhooks.swift`) in
/// step in the same transaction, through the schema's triggers and the statements below.
///
/// Thread safety: owns a ``Connection`` and inherits its rule: one thread at a time.
public final class ArticleStore: ArticleWriting, @unchecked Sendable {
    /// The read-write connection.
    package let connection: Connection
    /// Reads through the writer connection (sees its own uncommitted writes).
    public var reader: ArticleReader { ArticleReader(connection: connection) }
    public let location: DatabaseLocation
    /// The connection settings this store was opened with; read connections to the same
    /// database use them too.
    public let configuration: StoreConfiguration
    private var categoryIDs: [String: Int64] = [:]
    private var tagIDs: [String: Int64] = [:]
    /// Search-index rows of this transaction not yet given to FTS5, in write order; written
    /// just before `COMMIT` (see ``transaction(_:)``).
    private var pendingSearchRows: [(id: Int64, document: SearchDocument)] = []

    /// Opens the database at `location`, creating it if needed, and applies pending migrations.
    ///
    /// - Parameter rebuildingStaleSearchIndex: rebuild the search index when another tokenizer
    ///   version made it (`gazette reindex` passes `false` and rebuilds once itself).
    public init(
        location: DatabaseLocation, configuration: StoreConfiguration = StoreConfiguration(),
        rebuildingStaleSearchIndex: Bool = true
    ) throws {
        self.location = location
        self.configuration = configuration
        connection = try Connection(location: location, configuration: configuration)
        try Migrator().migrate(connection)
        if rebuildingStaleSearchIndex { try rebuildSearchIndexIfStale() }
    }

    /// Copies the WAL into the database and truncates it (on shutdown).
    public func checkpoint() throws(SQLiteError) {
        try connection.checkpoint()
    }

    /// Calls `body` with the key fields of every article (the ingest's snapshot).
    public func forEachKey(_ body: (StoredArticleKey) throws -> Void) throws {
        try reader.forEachKey(body)
    }

    /// The keys stored from one of `sourcePaths` or with one of `contentHashes` (index lookups).
    public func forEachKey(
        sourcePaths: [String], contentHashes: [String], _ body: (StoredArticleKey) throws -> Void
    ) throws {
        try reader.forEachKey(sourcePaths: sourcePaths, contentHashes: contentHashes, body)
    }

    /// The keys whose source path is one of `roots` or under one (index ranges).
    public func forEachKey(sourcePathsUnder roots: [String], _ body: (StoredArticleKey) throws -> Void) throws {
        try reader.forEachKey(sourcePathsUnder: roots, body)
    }

    // MARK: - Search index

    /// Rebuilds the search index when it was made by another version of ``SearchText``.
    private func rebuildSearchIndexIfStale() throws {
        let built = try connection.statement("SELECT tokenizer_version FROM search_meta WHERE id = 1").first {
            $0.int(0)
        }
        guard built != SearchText.version else { return }
        try rebuildSearchIndex()
    }

    /// Rebuilds the search index from the articles (`gazette reindex`), in one transaction.
    ///
    /// - Parameter chunk: articles read per step (memory stays bounded by it).
    /// - Returns: the number of articles indexed.
    @discardableResult
    public func rebuildSearchIndex(chunk: Int = 1_000) throws -> Int {
        try transaction {
            try connection.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            var count = 0
            // In id order, a bounded chunk at a time: memory stays flat however many articles.
            let select = try connection.statement(
                "SELECT id, title, body_text FROM articles WHERE id > ? ORDER BY id LIMIT ?")
            var after: Int64 = 0
            while true {
                var rows: [(Int64, String, String)] = []
                try select.forEachRow([.integer(after), .integer(Int64(chunk))]) {
                    rows.append(($0.int64(0), $0.string(1), $0.string(2)))
                }
                for (id, title, body) in rows {
                    try indexForSearch(id: id, document: SearchDocument(title: title, bodyText: body))
                }
                // Memory stays bounded by the chunk, not the whole rebuild.
                try writePendingSearchRows()
                count += rows.count
                guard let last = rows.last, rows.count == chunk else { break }
                after = last.0
            }
            try connection.statement("UPDATE search_meta SET tokenizer_version = ? WHERE id = 1")
                .execute([.integer(Int64(SearchText.version))])
            return count
        }
    }

    /// Queues the article's tokens for the index; they are written at the end of the
    /// transaction, all together.
    ///
    /// Why not at once: FTS5 writes its in-memory terms to disk as a new segment whenever a
    /// statement opens a savepoint (`fts5SavepointMethod` syncs its storage), and every
    /// `INSERT INTO articles` does (its triggers make it a multi-row write that may abort, so
    /// SQLite opens a statement journal and calls each virtual table's `xSavepoint`). Written
    /// between two article inserts, each article became a one-row segment, and merging those
    /// was 36% of an ingest's instructions (callgrind, 500 posts). Written last, a batch's
    /// rows make one segment (or a few, at FTS5's `hashsize`).
    private func indexForSearch(id: Int64, document: SearchDocument) throws {
        pendingSearchRows.append((id, document))
    }

    /// Gives the queued rows to FTS5 (a plain one-row `INSERT` into the virtual table opens
    /// no savepoint, so they accumulate in its memory until the commit).
    private func writePendingSearchRows() throws {
        guard !pendingSearchRows.isEmpty else { return }
        let insert = try connection.statement(
            "INSERT INTO search_index (rowid, title1, title2, body1, body2) VALUES (?, ?, ?, ?, ?)")
        for (id, document) in pendingSearchRows {
            try insert.execute([
                .integer(id), .text(document.title.grams1), .text(document.title.grams2), .text(document.body.grams1),
                .text(document.body.grams2),
            ])
        }
        pendingSearchRows.removeAll(keepingCapacity: true)
    }

    /// Removes an article's tokens. A contentless FTS5 table forgets a row only when given the
    /// exact tokens it was indexed with (https://sqlite.org/fts5.html#the_delete_command), so
    /// they are made again from the stored title and text. Tokens still queued by this
    /// transaction never reached FTS5: they are dropped instead.
    private func unindexForSearch(id: Int64) throws {
        if let queued = pendingSearchRows.firstIndex(where: { $0.id == id }) {
            pendingSearchRows.remove(at: queued)
            return
        }
        guard
            let (title, body) = try connection.statement("SELECT title, body_text FROM articles WHERE id = ?")
                .first([.integer(id)], { ($0.string(0), $0.string(1)) })
        else { return }
        let document = SearchDocument(title: title, bodyText: body)
        try connection.statement(
            "INSERT INTO search_index (search_index, rowid, title1, title2, body1, body2) VALUES ('delete', ?, ?, ?, ?, ?)"
        ).execute([
            .integer(id), .text(document.title.grams1), .text(document.title.grams2), .text(document.body.grams1),
            .text(document.body.grams2),
        ])
    }

    /// Runs `body` in one transaction; the search-index rows it queued are written just before
    /// the commit. The id caches are dropped when it rolls back, since rows they name may not
    /// exist any more.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction {
                let result = try body()
                try writePendingSearchRows()
                return result
            }
        } catch {
            categoryIDs.removeAll()
            tagIDs.removeAll()
            pendingSearchRows.removeAll()
            throw error
        }
    }

    /// Inserts `article`, giving it a unique slug (`-2`, `-3`… on collision) and an id.
    ///
    /// Ids are never reused: a new id is above every id the change log has seen, deleted ones
    /// included (SQLite alone would hand a deleted newest id out again), so an id a client
    /// kept, or read from `/v1/changes`, never names another article. Both maxima are index
    /// lookups (`changes_article` and the rowid).
    ///
    /// - Returns: the article as stored (with its id and final slug).
    /// - Parameter search: the article's search tokens when already made (ingest makes them on
    ///   its parallel threads); made here otherwise.
    @discardableResult
    public func insert(
        _ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument? = nil
    ) throws -> Article {
        try atomically {
            let stored = try insertArticle(
                article, sourcePath: sourcePath, ingestVersion: ingestVersion, search: search)
            try enqueueWebhookMessages(for: .upserted, facets: (stored.categoryPaths, stored.tags, stored.author))
            return stored
        }
    }

    private func insertArticle(
        _ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?
    ) throws -> Article {
        var stored = article
        stored.slug = try uniqueSlug(for: article.slug)
        try connection.statement(
            """
            INSERT INTO articles (id, slug, title, author, published_at, categories, category_paths, tags,
                thumbnail, headimg, original_title, source, editor, images, excerpt, char_count, body_html,
                body_text, body_raw, extra, content_hash, source_path, ingest_version, ingested_at, updated_at)
            VALUES ((SELECT max(
                        (SELECT coalesce(max(article_id), 0) FROM changes),
                        (SELECT coalesce(max(id), 0) FROM articles)) + 1),
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(
            [.text(stored.slug)] + contentValues(stored)
                + [
                    .text(sourcePath), .integer(Int64(ingestVersion)), .integer(stored.ingestedAt),
                    .integer(stored.updatedAt),
                ])
        stored.id = connection.lastInsertedRowID
        try link(stored)
        try indexForSearch(
            id: stored.id, document: search ?? SearchDocument(title: stored.title, bodyText: stored.bodyText))
        return stored
    }

    /// Replaces the content of the article with `article.id`, keeping its id, slug and
    /// `ingested_at`.
    public func update(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument? = nil)
        throws
    {
        try atomically {
            try updateArticle(article, sourcePath: sourcePath, ingestVersion: ingestVersion, search: search)
            try enqueueWebhookMessages(for: .upserted, facets: (article.categoryPaths, article.tags, article.author))
        }
    }

    private func updateArticle(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?)
        throws
    {
        try unindexForSearch(id: article.id)
        try connection.statement(
            """
            UPDATE articles SET title = ?, author = ?, published_at = ?, categories = ?, category_paths = ?, tags = ?,
                thumbnail = ?, headimg = ?, original_title = ?, source = ?, editor = ?, images = ?, excerpt = ?,
                char_count = ?, body_html = ?, body_text = ?, body_raw = ?, extra = ?, content_hash = ?,
                source_path = COALESCE(?, source_path), ingest_version = ?, updated_at = ?
            WHERE id = ?
            """
        ).execute(
            contentValues(article)
                + [
                    .text(sourcePath), .integer(Int64(ingestVersion)), .integer(article.updatedAt),
                    .integer(article.id),
                ])
        try connection.statement("DELETE FROM article_categories WHERE article_id = ?").execute([.integer(article.id)])
        try connection.statement("DELETE FROM article_tags WHERE article_id = ?").execute([.integer(article.id)])
        try link(article)
        try indexForSearch(
            id: article.id, document: search ?? SearchDocument(title: article.title, bodyText: article.bodyText))
    }

    /// Records that the article with `id` now lives at `sourcePath` (its file was moved). The
    /// change log records it as an upsert, so webhooks get it too.
    public func adoptSourcePath(_ sourcePath: String, forArticle id: Int64) throws {
        try atomically {
            try connection.statement("UPDATE articles SET source_path = ? WHERE id = ?")
                .execute([.text(sourcePath), .integer(id)])
            guard connection.changedRowCount > 0, let facets = try webhookFacets(ofArticle: id) else { return }
            try enqueueWebhookMessages(for: .upserted, facets: facets)
        }
    }

    /// Deletes the article with `id`; `false` when there was none.
    @discardableResult
    public func delete(id: Int64) throws -> Bool {
        try atomically {
            let facets = try webhookFacets(ofArticle: id)
            try unindexForSearch(id: id)
            try connection.statement("DELETE FROM articles WHERE id = ?").execute([.integer(id)])
            guard connection.changedRowCount > 0 else { return false }
            if let facets { try enqueueWebhookMessages(for: .deleted, facets: facets) }
            return true
        }
    }

    /// Records the size and modification time of the file the article at `sourcePath` was read
    /// from (`source_files`, 0004); nothing when no article has that path.
    public func recordSourceStamp(_ stamp: FileStamp, forSourcePath sourcePath: String) throws {
        try connection.statement(
            """
            INSERT OR REPLACE INTO source_files (article_id, size, modified_ns)
            SELECT id, ?, ? FROM articles WHERE source_path = ?
            """
        ).execute([.integer(stamp.size), .integer(stamp.modifiedNanoseconds), .text(sourcePath)])
    }

    // MARK: - Private

    /// The columns shared by insert and update, in the order both statements name them
    /// (after the slug for insert).
    private func contentValues(_ a: Article) -> [SQLiteValue] {
        [
            .text(a.title), .text(a.author), .integer(a.publishedAt), .text(ArticleRow.json(strings: a.categories)),
            .text(ArticleRow.json(paths: a.categoryPaths)), .text(ArticleRow.json(strings: a.tags)),
            .text(a.thumbnail), .text(a.headimg), .text(a.originalTitle), .text(a.source), .text(a.editor),
            .text(ArticleRow.json(images: a.images)), .text(a.excerpt), .integer(Int64(a.charCount)),
            .text(a.bodyHTML), .text(a.bodyText), .text(a.bodyRaw), .text(a.extraJSON), .text(a.contentHash),
        ]
    }

    private func uniqueSlug(for base: String) throws -> String {
        let exists = try connection.statement("SELECT 1 FROM articles WHERE slug = ?")
        if try exists.first([.text(base)], { _ in true }) == nil { return base }
        var suffix = 2
        while true {
            let candidate = "\(base)-\(suffix)"
            if try exists.first([.text(candidate)], { _ in true }) == nil { return candidate }
            suffix += 1
        }
    }

    /// Writes the article's category-node and tag rows.
    private func link(_ article: Article) throws {
        var nodes: Set<Int64> = []
        for path in article.categoryPaths {
            var parent: Int64? = nil
            for prefix in path.prefixes {
                let id = try categoryID(prefix, parent: parent)
                nodes.insert(id)
                parent = id
            }
        }
        let insertCategory = try connection.statement(
            "INSERT INTO article_categories (category_id, article_id, published_at) VALUES (?, ?, ?)")
        for node in nodes.sorted() {
            try insertCategory.execute([.integer(node), .integer(article.id), .integer(article.publishedAt)])
        }
        let insertTag = try connection.statement(
            "INSERT OR IGNORE INTO article_tags (tag_id, article_id, published_at) VALUES (?, ?, ?)")
        for tag in article.tags {
            try insertTag.execute([.integer(try tagID(tag)), .integer(article.id), .integer(article.publishedAt)])
        }
    }

    private func categoryID(_ path: CategoryPath, parent: Int64?) throws -> Int64 {
        let key = path.joined
        if let id = categoryIDs[key] { return id }
        try connection.statement(
            "INSERT INTO categories (path, name, parent_id, depth) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO NOTHING"
        ).execute([.text(key), .text(path.name), .integer(parent), .integer(Int64(path.components.count))])
        guard
            let id = try connection.statement("SELECT id FROM categories WHERE path = ?").first(
                [.text(key)], { $0.int64(0) })
        else { throw SQLiteError(code: 1, message: "category \(key) vanished after insert") }
        categoryIDs[key] = id
        return id
    }

    private func tagID(_ name: String) throws -> Int64 {
        if let id = tagIDs[name] { return id }
        try connection.statement("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING").execute([
            .text(name)
        ])
        guard
            let id = try connection.statement("SELECT id FROM tags WHERE name = ?").first(
                [.text(name)], { $0.int64(0) })
        else { throw SQLiteError(code: 1, message: "tag \(name) vanished after insert") }
        tagIDs[name] = id
        return id
    }
}
