import GazetteCore
import GazetteStore

/// Writes articles as API.md's JSON straight from database rows: text columns are escaped
/// from SQLite's buffers and the stored JSON columns (written by Gazette) are copied as they
/// are, so no `Article` or `String` is built on the read path. The one writer of the full
/// article: the API, `gazette show` and `gazette export` all use it.
public enum ArticleRowJSON {
    /// The summary of a row selected with ``ArticleReader/summaryColumns``.
    static func writeSummary(_ row: Row, fields: Set<String>?, snippet: String? = nil, to json: inout JSONWriter) {
        json.objectStart()
        func wants(_ name: String) -> Bool { fields?.contains(name) ?? true }
        if wants("id") {
            json.key("id")
            json.int(row.int64(0))
        }
        if wants("slug") { text(row, 1, key: "slug", to: &json) }
        if wants("title") { text(row, 2, key: "title", to: &json) }
        if wants("author") { optionalText(row, 3, key: "author", to: &json) }
        if wants("published_at") { date(row, 4, key: "published_at", to: &json) }
        if wants("categories") { raw(row, 5, key: "categories", to: &json) }
        if wants("category_paths") { raw(row, 6, key: "category_paths", to: &json) }
        if wants("tags") { raw(row, 7, key: "tags", to: &json) }
        if wants("thumbnail") { optionalText(row, 8, key: "thumbnail", to: &json) }
        if wants("excerpt") { text(row, 9, key: "excerpt", to: &json) }
        if wants("char_count") {
            json.key("char_count")
            json.int(row.int64(10))
        }
        if wants("url") {
            json.key("url")
            json.string("/v1/articles/\(row.int64(0))")
        }
        if let snippet {
            json.key("snippet")
            json.string(snippet)
        }
        json.objectEnd()
    }

    /// The full article of a row selected with ``ArticleReader/fullColumns``.
    public static func writeFull(_ row: Row, to json: inout JSONWriter) {
        json.objectStart()
        json.key("id")
        json.int(row.int64(0))
        text(row, 1, key: "slug", to: &json)
        text(row, 2, key: "title", to: &json)
        optionalText(row, 3, key: "author", to: &json)
        date(row, 4, key: "published_at", to: &json)
        raw(row, 22, key: "categories", to: &json)
        raw(row, 5, key: "category_paths", to: &json)
        raw(row, 6, key: "tags", to: &json)
        optionalText(row, 7, key: "thumbnail", to: &json)
        text(row, 13, key: "excerpt", to: &json)
        json.key("char_count")
        json.int(row.int64(14))
        json.key("url")
        json.string("/v1/articles/\(row.int64(0))")
        optionalText(row, 9, key: "original_title", to: &json)
        optionalText(row, 10, key: "source", to: &json)
        optionalText(row, 11, key: "editor", to: &json)
        optionalText(row, 8, key: "headimg", to: &json)
        raw(row, 12, key: "images", to: &json)
        text(row, 15, key: "body_html", to: &json)
        text(row, 16, key: "body_text", to: &json)
        text(row, 19, key: "content_hash", to: &json)
        date(row, 20, key: "ingested_at", to: &json)
        date(row, 21, key: "updated_at", to: &json)
        raw(row, 18, key: "extra", to: &json)
        json.objectEnd()
    }

    private static func text(_ row: Row, _ column: Int32, key: String, to json: inout JSONWriter) {
        json.key(key)
        row.withUTF8(column) { json.string(utf8: $0) }
    }

    private static func optionalText(_ row: Row, _ column: Int32, key: String, to json: inout JSONWriter) {
        if row.isNull(column) {
            json.key(key)
            json.null()
        } else {
            text(row, column, key: key, to: &json)
        }
    }

    private static func raw(_ row: Row, _ column: Int32, key: String, to json: inout JSONWriter) {
        json.key(key)
        row.withUTF8(column) { json.raw(utf8: $0) }
    }

    private static func date(_ row: Row, _ column: Int32, key: String, to json: inout JSONWriter) {
        json.key(key)
        if row.isNull(column) {
            json.null()
        } else {
            json.string(RFC3339.format(row.int64(column)))
        }
    }
}
