import GazetteCore

extension ArticleReader {
    /// Every category node with articles, for the tree and the flat list: id, parent id, path
    /// (names joined with ` › `), name, count, newest date; most used first, then by path.
    ///
    /// Sorted here rather than by `ORDER BY count DESC, path`: the table is small (a category per
    /// publisher section), and SQLite's temporary B-tree for that sort cost about as much as the
    /// rest of the query (callgrind: some 117,000 instructions for 49 categories); the order is
    /// the same, `path` compared as bytes as SQLite's `BINARY` collation does.
    public func forEachCategory(_ body: (CategoryRow) throws -> Void) throws {
        var rows: [CategoryRow] = []
        try connection.statement(
            "SELECT id, parent_id, path, name, count, latest_at FROM categories WHERE count > 0"
        ).forEachRow { row in
            rows.append(
                CategoryRow(
                    id: row.int64(0), parentID: row.optionalInt64(1), path: row.string(2), name: row.string(3),
                    count: row.int(4), latestAt: row.optionalInt64(5)))
        }
        rows.sort { $0.count != $1.count ? $0.count > $1.count : $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for row in rows { try body(row) }
    }

    /// Tags or authors with their article counts, most used first, then by name.
    public func forEachName(of kind: NameKind, _ body: (String, Int) throws -> Void) throws {
        let table = kind == .tags ? "tags" : "authors"
        try connection.statement("SELECT name, count FROM \(table) WHERE count > 0 ORDER BY count DESC, name")
            .forEachRow { row in try body(row.string(0), row.int(1)) }
    }

    /// Changes after sequence number `after`, oldest first, at most `limit`.
    public func forEachChange(after: Int64, limit: Int, _ body: (ChangeRow) throws -> Void) throws {
        try connection.statement(
            "SELECT seq, article_id, slug, change, at FROM changes WHERE seq > ? ORDER BY seq LIMIT ?"
        )
        .forEachRow([.integer(after), .integer(Int64(limit))]) { row in
            try body(
                ChangeRow(
                    sequence: row.int64(0), articleID: row.int64(1), slug: row.string(2),
                    isDeletion: row.string(3) == "deleted",
                    at: row.int64(4)))
        }
    }
}

/// Which list of names.
public enum NameKind: Sendable {
    case tags
    case authors
}

/// One category node.
public struct CategoryRow: Sendable, Equatable {
    public var id: Int64
    public var parentID: Int64?
    public var path: String
    public var name: String
    public var count: Int
    public var latestAt: Int64?
}

/// One entry of the change log.
public struct ChangeRow: Sendable, Equatable {
    public var sequence: Int64
    public var articleID: Int64
    public var slug: String
    public var isDeletion: Bool
    public var at: Int64
}
