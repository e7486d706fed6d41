import Foundation
import GazetteCore

/// The column list every full-article read selects, the position of each column in it, and
/// its decoding into an ``Article``. The one place that knows the layout of a full row.
enum ArticleRow {
    /// The position of each column of ``columns``.
    enum Column: Int32 {
        case id = 0
        case slug, title, author, publishedAt, categoryPaths, tags, thumbnail, headimg, originalTitle, source
        case editor, images, excerpt, charCount, bodyHTML, bodyText, bodyRaw, extra, contentHash, ingestedAt
        case updatedAt, categories

        /// The column holding the body in `format`.
        static func body(_ format: BodyFormat) -> Column {
            switch format {
            case .html: return .bodyHTML
            case .text: return .bodyText
            case .raw: return .bodyRaw
            }
        }
    }

    static let columns = """
        id, slug, title, author, published_at, category_paths, tags, thumbnail, headimg, original_title, source, \
        editor, images, excerpt, char_count, body_html, body_text, body_raw, extra, content_hash, ingested_at, updated_at, \
        categories
        """

    static func decode(_ row: Row) throws -> Article {
        let decoder = JSONDecoder()
        let paths = try decoder.decode([[String]].self, from: Data(row.string(Column.categoryPaths).utf8))
            .compactMap(CategoryPath.init)
        let tags = try decoder.decode([String].self, from: Data(row.string(Column.tags).utf8))
        let images = try decoder.decode([ArticleImage].self, from: Data(row.string(Column.images).utf8))
        return Article(
            id: row.int64(Column.id), slug: row.string(Column.slug), title: row.string(Column.title),
            author: row.optionalString(Column.author), publishedAt: row.optionalInt64(Column.publishedAt),
            categoryPaths: paths, tags: tags, thumbnail: row.optionalString(Column.thumbnail),
            headimg: row.optionalString(Column.headimg), originalTitle: row.optionalString(Column.originalTitle),
            source: row.optionalString(Column.source), editor: row.optionalString(Column.editor), images: images,
            bodyHTML: row.string(Column.bodyHTML), bodyText: row.string(Column.bodyText),
            bodyRaw: row.string(Column.bodyRaw), extraJSON: row.string(Column.extra),
            contentHash: row.string(Column.contentHash), ingestedAt: row.int64(Column.ingestedAt),
            updatedAt: row.int64(Column.updatedAt), excerpt: row.string(Column.excerpt),
            charCount: row.int(Column.charCount))
    }

    /// JSON text of the article's list columns, as stored.
    static func json(paths: [CategoryPath]) -> String {
        var json = JSONWriter(capacity: 128)
        json.arrayStart()
        for path in paths { json.strings(path.components) }
        json.arrayEnd()
        return json.string
    }

    static func json(strings: [String]) -> String {
        var json = JSONWriter(capacity: 64)
        json.strings(strings)
        return json.string
    }

    static func json(images: [ArticleImage]) -> String {
        var json = JSONWriter(capacity: 256)
        ArticleJSON.writeImages(images, to: &json)
        return json.string
    }
}

/// The columns every listing selects, in this order (``columns``); a search adds the body text
/// (for snippets) and the relevance score.
enum SummaryRow {
    enum Column: Int32 {
        case id = 0
        case slug, title, author, publishedAt, categories, categoryPaths, tags, thumbnail, excerpt, charCount
        /// Selected by searches only.
        case bodyText, score
    }

    static let columns =
        "a.id, a.slug, a.title, a.author, a.published_at, a.categories, a.category_paths, a.tags, a.thumbnail, a.excerpt, a.char_count"
}

extension Row {
    /// Named-column reads for the layouts above (GRDB's `row["title"]`, resolved at compile time).
    func int64<C: RawRepresentable<Int32>>(_ column: C) -> Int64 { int64(column.rawValue) }
    func int<C: RawRepresentable<Int32>>(_ column: C) -> Int { int(column.rawValue) }
    func isNull<C: RawRepresentable<Int32>>(_ column: C) -> Bool { isNull(column.rawValue) }
    func optionalInt64<C: RawRepresentable<Int32>>(_ column: C) -> Int64? { optionalInt64(column.rawValue) }
    func double<C: RawRepresentable<Int32>>(_ column: C) -> Double { double(column.rawValue) }
    func string<C: RawRepresentable<Int32>>(_ column: C) -> String { string(column.rawValue) }
    func optionalString<C: RawRepresentable<Int32>>(_ column: C) -> String? { optionalString(column.rawValue) }
    func withUTF8<C: RawRepresentable<Int32>, T>(
        _ column: C, _ body: (UnsafeBufferPointer<UInt8>) throws -> T
    ) rethrows -> T {
        try withUTF8(column.rawValue, body)
    }
}
