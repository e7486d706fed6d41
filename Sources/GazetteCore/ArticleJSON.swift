/// The JSON forms of an article that API.md defines: the summary (list items) and the full
/// article (`GET /v1/articles/{id}`, `gazette show`, `gazette export`).
public enum ArticleJSON {
    /// The fields of a summary, in the order they are written; `fields=` selects among them.
    public static let summaryFields: [String] = [
        "id", "slug", "title", "author", "published_at", "categories", "category_paths", "tags", "thumbnail",
        "excerpt", "char_count", "url",
    ]

    /// The fields a full article adds to the summary.
    public static let detailFields: [String] = [
        "original_title", "source", "editor", "headimg", "images", "body_html", "body_text", "content_hash",
        "ingested_at", "updated_at", "extra",
    ]

    /// Writes the summary object of `article`, restricted to `fields` when given.
    public static func writeSummary(_ article: Article, fields: Set<String>? = nil, to json: inout JSONWriter) {
        json.objectStart()
        writeSummaryMembers(article, fields: fields, to: &json)
        json.objectEnd()
    }

    /// Writes the full article object.
    public static func writeFull(_ article: Article, to json: inout JSONWriter) {
        json.objectStart()
        writeSummaryMembers(article, fields: nil, to: &json)
        json.key("original_title")
        json.string(article.originalTitle)
        json.key("source")
        json.string(article.source)
        json.key("editor")
        json.string(article.editor)
        json.key("headimg")
        json.string(article.headimg)
        json.key("images")
        writeImages(article.images, to: &json)
        json.key("body_html")
        json.string(article.bodyHTML)
        json.key("body_text")
        json.string(article.bodyText)
        json.key("content_hash")
        json.string(article.contentHash)
        json.key("ingested_at")
        json.string(RFC3339.format(article.ingestedAt))
        json.key("updated_at")
        json.string(RFC3339.format(article.updatedAt))
        json.key("extra")
        json.raw(article.extraJSON.isEmpty ? "{}" : article.extraJSON)
        json.objectEnd()
    }

    /// Writes images as API.md's `[{"src","alt","caption"}]` (also the stored column's form).
    public static func writeImages(_ images: [ArticleImage], to json: inout JSONWriter) {
        json.arrayStart()
        for image in images {
            json.objectStart()
            json.key("src")
            json.string(image.src)
            json.key("alt")
            json.string(image.alt)
            json.key("caption")
            json.string(image.caption)
            json.objectEnd()
        }
        json.arrayEnd()
    }

    /// The full article as one line of JSON text.
    public static func full(_ article: Article) -> String {
        var json = JSONWriter(capacity: article.bodyHTML.utf8.count * 2 + 1_024)
        writeFull(article, to: &json)
        return json.string
    }

    private static func writeSummaryMembers(_ article: Article, fields: Set<String>?, to json: inout JSONWriter) {
        func wants(_ name: String) -> Bool { fields?.contains(name) ?? true }
        if wants("id") {
            json.key("id")
            json.int(article.id)
        }
        if wants("slug") {
            json.key("slug")
            json.string(article.slug)
        }
        if wants("title") {
            json.key("title")
            json.string(article.title)
        }
        if wants("author") {
            json.key("author")
            json.string(article.author)
        }
        if wants("published_at") {
            json.key("published_at")
            json.string(article.publishedAt.map(RFC3339.format))
        }
        if wants("categories") {
            json.key("categories")
            json.strings(article.categories)
        }
        if wants("category_paths") {
            json.key("category_paths")
            json.arrayStart()
            for path in article.categoryPaths { json.strings(path.components) }
            json.arrayEnd()
        }
        if wants("tags") {
            json.key("tags")
            json.strings(article.tags)
        }
        if wants("thumbnail") {
            json.key("thumbnail")
            json.string(article.thumbnail)
        }
        if wants("excerpt") {
            json.key("excerpt")
            json.string(article.excerpt)
        }
        if wants("char_count") {
            json.key("char_count")
            json.int(article.charCount)
        }
        if wants("url") {
            json.key("url")
            json.string("/v1/articles/\(article.id)")
        }
    }
}
