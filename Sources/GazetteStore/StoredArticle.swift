import GazetteCore

/// A full article row as SQLite holds it: named accessors over the current row of a statement.
///
/// Valid only inside the closure it is lent to (the row is SQLite's until the next step).
public struct StoredArticle: StoredArticleView {
    let row: Row

    init(row: Row) { self.row = row }

    public var id: Int64 { row.int64(ArticleRow.Column.id) }
    public var slug: String { row.string(ArticleRow.Column.slug) }
    public var title: String { row.string(ArticleRow.Column.title) }
    public var publishedAt: Int64? { row.optionalInt64(ArticleRow.Column.publishedAt) }
    public var updatedAt: Int64 { row.int64(ArticleRow.Column.updatedAt) }

    public func withBody<T>(_ format: BodyFormat, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try row.withUTF8(ArticleRow.Column.body(format), body)
    }

    public func decoded() throws -> Article { try ArticleRow.decode(row) }

    /// Writes API.md's full article: text columns are escaped from SQLite's buffers and the
    /// stored JSON columns (written by Gazette) are copied as they are, so no ``Article`` or
    /// `String` is built. The one writer of the full article: the API, `gazette show` and
    /// `gazette export` all use it.
    public func writeJSON(to json: inout JSONWriter) {
        typealias C = ArticleRow.Column
        json.objectStart()
        json.key("id")
        json.int(row.int64(C.id))
        row.text(C.slug, key: "slug", to: &json)
        row.text(C.title, key: "title", to: &json)
        row.optionalText(C.author, key: "author", to: &json)
        row.date(C.publishedAt, key: "published_at", to: &json)
        row.raw(C.categories, key: "categories", to: &json)
        row.raw(C.categoryPaths, key: "category_paths", to: &json)
        row.raw(C.tags, key: "tags", to: &json)
        row.optionalText(C.thumbnail, key: "thumbnail", to: &json)
        row.text(C.excerpt, key: "excerpt", to: &json)
        json.key("char_count")
        json.int(row.int64(C.charCount))
        json.key("url")
        json.string(ArticleJSON.articlePathPrefix, followedBy: row.int64(C.id))
        row.optionalText(C.originalTitle, key: "original_title", to: &json)
        row.optionalText(C.source, key: "source", to: &json)
        row.optionalText(C.editor, key: "editor", to: &json)
        row.optionalText(C.headimg, key: "headimg", to: &json)
        row.raw(C.images, key: "images", to: &json)
        row.text(C.bodyHTML, key: "body_html", to: &json)
        row.text(C.bodyText, key: "body_text", to: &json)
        row.text(C.contentHash, key: "content_hash", to: &json)
        row.date(C.ingestedAt, key: "ingested_at", to: &json)
        row.date(C.updatedAt, key: "updated_at", to: &json)
        row.raw(C.extra, key: "extra", to: &json)
        json.objectEnd()
    }
}

/// One article of a listing as SQLite holds it (the summary columns, and for a search the body
/// text and score).
///
/// Valid only inside the closure it is lent to.
public struct ListedArticle: ListedArticleView {
    let row: Row
    /// Whether the row carries the body text (searches select it for snippets).
    let hasText: Bool

    public var id: Int64 { row.int64(SummaryRow.Column.id) }
    public var title: String { row.string(SummaryRow.Column.title) }
    public var searchedText: String { hasText ? row.string(SummaryRow.Column.bodyText) : "" }
    var publishedAt: Int64? { row.optionalInt64(SummaryRow.Column.publishedAt) }
    var score: Double { row.double(SummaryRow.Column.score) }

    public func writeSummaryJSON(fields: Set<String>?, snippet: String?, to json: inout JSONWriter) {
        typealias C = SummaryRow.Column
        json.objectStart()
        func wants(_ name: String) -> Bool { fields?.contains(name) ?? true }
        if wants("id") {
            json.key("id")
            json.int(row.int64(C.id))
        }
        if wants("slug") { row.text(C.slug, key: "slug", to: &json) }
        if wants("title") { row.text(C.title, key: "title", to: &json) }
        if wants("author") { row.optionalText(C.author, key: "author", to: &json) }
        if wants("published_at") { row.date(C.publishedAt, key: "published_at", to: &json) }
        if wants("categories") { row.raw(C.categories, key: "categories", to: &json) }
        if wants("category_paths") { row.raw(C.categoryPaths, key: "category_paths", to: &json) }
        if wants("tags") { row.raw(C.tags, key: "tags", to: &json) }
        if wants("thumbnail") { row.optionalText(C.thumbnail, key: "thumbnail", to: &json) }
        if wants("excerpt") { row.text(C.excerpt, key: "excerpt", to: &json) }
        if wants("char_count") {
            json.key("char_count")
            json.int(row.int64(C.charCount))
        }
        if wants("url") {
            json.key("url")
            json.string(ArticleJSON.articlePathPrefix, followedBy: row.int64(C.id))
        }
        if let snippet {
            json.key("snippet")
            json.string(snippet)
        }
        json.objectEnd()
    }
}

extension Row {
    /// `"key": "text"`, escaped straight from SQLite's buffer.
    fileprivate func text<C: RawRepresentable<Int32>>(_ column: C, key: StaticString, to json: inout JSONWriter) {
        json.key(key)
        withUTF8(column) { json.string(utf8: $0) }
    }

    fileprivate func optionalText<C: RawRepresentable<Int32>>(_ column: C, key: StaticString, to json: inout JSONWriter)
    {
        if isNull(column) {
            json.key(key)
            json.null()
        } else {
            text(column, key: key, to: &json)
        }
    }

    /// `"key": <stored JSON>`, copied as it is (Gazette wrote it).
    fileprivate func raw<C: RawRepresentable<Int32>>(_ column: C, key: StaticString, to json: inout JSONWriter) {
        json.key(key)
        withUTF8(column) { json.raw(utf8: $0) }
    }

    fileprivate func date<C: RawRepresentable<Int32>>(_ column: C, key: StaticString, to json: inout JSONWriter) {
        json.key(key)
        json.date(optionalInt64(column))
    }
}
