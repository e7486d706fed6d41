import GazetteCore

/// What the API reads from a storage engine: the one door into the store for the read path.
///
/// ``ArticleReader`` is the SQLite implementation; a second engine (PostgreSQL) would be
/// another. Engine specifics (SQL, FTS5, pragmas, row layouts) stay behind it: callers see
/// typed values and views with named accessors.
///
/// Views (``Stored``, ``Listed``) are handed to a closure and are valid only inside it, so an
/// engine can lend its own buffers (SQLite's column text) without copying them.
///
/// Callers use a concrete reader through this protocol (generics, no existential), so the hot
/// path pays no dynamic dispatch per row.
public protocol ArticleReading {
    /// A full article, as ``withArticle(idOrSlug:_:)`` lends it.
    associatedtype Stored: StoredArticleView
    /// One article of a listing, as ``list(_:each:)`` lends it.
    associatedtype Listed: ListedArticleView

    /// Runs `body` as one read over one snapshot of the data, its statements stopped once
    /// `timeLimit` has passed (`nil`: no limit).
    /// - Throws: ``ReadTimeLimitExceeded`` when the limit stopped a statement; what `body` throws.
    func read<T>(timeLimit: Duration?, _ body: () throws -> T) throws -> T

    /// The data version: a number that changes with every article write (ETags, caches).
    func dataVersion() throws -> Int64

    /// Lists the articles `query` selects, calling `each` with every article of the page in order.
    func list(_ query: ArticleQuery, each: (Listed) throws -> Void) throws -> ArticleListing

    /// Calls `body` with the article that `key` names (API.md's `{id-or-slug}`); `nil` when none.
    func withArticle<T>(idOrSlug key: String, _ body: (Stored) throws -> T) throws -> T?

    /// The article with this id, decoded.
    func article(id: Int64) throws -> Article?

    /// Every category node with articles; most used first, then by path.
    func forEachCategory(_ body: (CategoryRow) throws -> Void) throws

    /// Tags or authors with their article counts, most used first, then by name.
    func forEachName(of kind: NameKind, _ body: (String, Int) throws -> Void) throws

    /// Changes after sequence number `after`, oldest first, at most `limit`.
    func forEachChange(after: Int64, limit: Int, _ body: (ChangeRow) throws -> Void) throws

    /// The number of articles.
    func articleCount() throws -> Int

    /// Whether the store can answer reads: schema current, search index built.
    func readiness() throws -> StoreReadiness
}

/// A full stored article, lent by ``ArticleReading/withArticle(idOrSlug:_:)``; valid only
/// inside that call.
public protocol StoredArticleView {
    var id: Int64 { get }
    var slug: String { get }
    var title: String { get }
    /// `nil` for an undated article.
    var publishedAt: Int64? { get }
    /// When the article was last written (seconds since the epoch).
    var updatedAt: Int64 { get }
    /// Calls `body` with the body in `format` as UTF-8, without copying it.
    func withBody<T>(_ format: BodyFormat, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T
    /// The article as a value (copies every field: for pages, not for the JSON path).
    func decoded() throws -> Article
    /// Writes API.md's full article JSON object.
    func writeJSON(to json: inout JSONWriter)
}

/// One article of a listing, lent by ``ArticleReading/list(_:each:)``; valid only inside that call.
public protocol ListedArticleView {
    var id: Int64 { get }
    var title: String { get }
    /// The plain-text body, for search snippets: selected by searches only (`""` otherwise).
    var searchedText: String { get }
    /// Writes API.md's article summary JSON object with the `fields` asked for (all when
    /// `nil`) and, for a search, the `snippet`.
    func writeSummaryJSON(fields: Set<String>?, snippet: String?, to json: inout JSONWriter)
}

/// Why a store cannot answer reads yet, or that it can.
public enum StoreReadiness: Sendable, Equatable {
    case ready(articles: Int)
    /// Migrations remain to be applied.
    case notMigrated
    /// The search index was made by another tokenizer version and is being rebuilt.
    case rebuildingSearchIndex
}

/// A read stopped at its time limit (``ArticleReading/read(timeLimit:_:)``).
public struct ReadTimeLimitExceeded: Error, Sendable {
    public init() {}
}
