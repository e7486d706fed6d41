/// The field lists of API.md's article JSON (the summary of list items, and what the full
/// article adds), and the images array in the form the API and the stored column share. The
/// objects themselves are written from rows by GazetteStore's `StoredArticle` and `ListedArticle`.
public enum ArticleJSON {
    /// The `url` field of an article: its API resource.
    public static func url(ofArticle id: Int64) -> String { "\(articlePathPrefix)\(id)" }

    /// What an article's URL is before its id (see ``url(ofArticle:)``).
    public static let articlePathPrefix: StaticString = "/v1/articles/"

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
}
