import GazetteCore

/// What a live stream of changes reads: a cheap "has anything been committed?" poll, the change
/// log's bounds, and changes together with the changed article's summary and filter keys.
extension ArticleReader {
    /// SQLite's `PRAGMA data_version` on this connection: it changes whenever another connection
    /// (in this process or another) commits, and costs one pragma step
    /// (https://sqlite.org/pragma.html#pragma_data_version). For polling; not the schema's data
    /// version (``dataVersion()``).
    public func commitCounter() throws -> Int64 {
        try connection.statement("PRAGMA data_version").first { $0.int64(0) } ?? 0
    }

    /// The sequence numbers the change log holds.
    public func changeLogBounds() throws -> ChangeLogBounds {
        try connection.statement(Self.changeLogBoundsSQL).first {
            ChangeLogBounds(oldest: $0.optionalInt64(0), newest: $0.optionalInt64(1) ?? 0)
        } ?? ChangeLogBounds(oldest: nil, newest: 0)
    }

    /// Two subqueries, each one step of the primary key: SQLite's min/max optimisation applies
    /// only to a query with a single `min()` or `max()` (https://sqlite.org/optoverview.html#minmax),
    /// and `SELECT MIN(seq), MAX(seq)` scans the whole log (13 ms at 100,000 changes, on every
    /// write that wakes the stream hub).
    static let changeLogBoundsSQL = "SELECT (SELECT MIN(seq) FROM changes), (SELECT MAX(seq) FROM changes)"

    /// Changes after sequence number `after`, oldest first, at most `limit`, each with the
    /// changed article as it is now: `nil` for a deletion, and for an upsert of an article that
    /// has been deleted since.
    public func forEachChangeWithArticle(
        after: Int64, limit: Int, _ body: (ChangeRow, ChangedArticle?) throws -> Void
    ) throws {
        var changes: [ChangeRow] = []
        try forEachChange(after: after, limit: limit) { changes.append($0) }
        for change in changes {
            try body(change, change.isDeletion ? nil : try changedArticle(id: change.articleID))
        }
    }

    private func changedArticle(id: Int64) throws -> ChangedArticle? {
        let summary = try connection.statement("SELECT \(SummaryRow.columns) FROM articles a WHERE a.id = ?")
            .first([.integer(id)]) { row -> (json: [UInt8], author: String?) in
                var json = JSONWriter(capacity: 1_024)
                ListedArticle(row: row, hasText: false).writeSummaryJSON(fields: nil, snippet: nil, to: &json)
                return (json.bytes, row.optionalString(SummaryRow.Column.author))
            }
        guard let summary else { return nil }
        var article = ChangedArticle(summaryJSON: summary.json, author: summary.author)
        try connection.statement(
            "SELECT c.name, c.path FROM article_categories x JOIN categories c ON c.id = x.category_id WHERE x.article_id = ?"
        ).forEachRow([.integer(id)]) { row in
            article.facets.categoryNames.insert(row.string(0))
            article.facets.categoryPaths.insert(row.string(1))
        }
        try connection.statement(
            "SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?"
        ).forEachRow([.integer(id)]) { row in article.facets.tags.insert(row.string(0)) }
        return article
    }
}

/// The sequence numbers the change log holds (``ArticleReader/changeLogBounds()``).
public struct ChangeLogBounds: Sendable, Equatable {
    /// The oldest change kept; `nil` when the log is empty.
    public var oldest: Int64?
    /// The newest change; 0 when the log is empty.
    public var newest: Int64
}

/// A changed article as a live stream needs it: its summary JSON (as the list writes it) and
/// what the list's filters look at.
public struct ChangedArticle: Sendable, Equatable {
    /// API.md's article summary object, as `GET /v1/articles` lists it.
    public var summaryJSON: [UInt8]
    /// Its categories, tags and author, for the stream's filters.
    public var facets: ArticleFacets

    /// An article with its summary and author; the category and tag sets start empty.
    public init(summaryJSON: [UInt8], author: String?) {
        self.summaryJSON = summaryJSON
        facets = ArticleFacets(author: author)
    }

    /// Whether the list with `query`'s category, tag and author filters would include the
    /// article (``ArticleQuery/matches(_:)``).
    public func matches(_ query: ArticleQuery) -> Bool { query.matches(facets) }
}
