import Foundation
import GazetteCore

/// The column list every full-article read selects, and its decoding into an ``Article``.
enum ArticleRow {
    static let columns = """
        id, slug, title, author, published_at, category_paths, tags, thumbnail, headimg, original_title, source, \
        editor, images, excerpt, char_count, body_html, body_text, body_raw, extra, content_hash, ingested_at, updated_at, \
        categories
        """

    static func decode(_ row: Row) throws -> Article {
        let decoder = JSONDecoder()
        let paths = try decoder.decode([[String]].self, from: Data(row.string(5).utf8)).compactMap(CategoryPath.init)
        let tags = try decoder.decode([String].self, from: Data(row.string(6).utf8))
        let images = try decoder.decode([ArticleImage].self, from: Data(row.string(12).utf8))
        return Article(
            id: row.int64(0), slug: row.string(1), title: row.string(2), author: row.optionalString(3),
            publishedAt: row.optionalInt64(4), categoryPaths: paths, tags: tags, thumbnail: row.optionalString(7),
            headimg: row.optionalString(8), originalTitle: row.optionalString(9), source: row.optionalString(10),
            editor: row.optionalString(11), images: images, bodyHTML: row.string(15), bodyText: row.string(16),
            bodyRaw: row.string(17), extraJSON: row.string(18), contentHash: row.string(19),
            ingestedAt: row.int64(20), updatedAt: row.int64(21), excerpt: row.string(13), charCount: row.int(14))
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
