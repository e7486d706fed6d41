import GazetteCore

/// A post split into its interpreted front matter and its raw body.
public struct ParsedPost: Sendable, Equatable {
    /// The markup a body is written in.
    public enum BodyFormat: Sendable, Equatable {
        case html
        case markdown
    }

    public var title: String
    public var slug: String?
    public var author: String?
    /// The front matter's date, or the file name's leading `YYYY-MM-DD`; `nil` when neither.
    public var publishedAt: Int64?
    public var categoryPaths: [CategoryPath]
    public var tags: [String]
    public var thumbnail: String?
    public var headimg: String?
    /// Keys Gazette does not interpret, as a JSON object text.
    public var extraJSON: String
    /// Everything after the closing `---` line, exactly as in the file.
    public var body: String
    public var bodyFormat: BodyFormat

    public init(
        title: String, slug: String?, author: String?, publishedAt: Int64?, categoryPaths: [CategoryPath],
        tags: [String],
        thumbnail: String?, headimg: String?, extraJSON: String, body: String, bodyFormat: BodyFormat
    ) {
        self.title = title
        self.slug = slug
        self.author = author
        self.publishedAt = publishedAt
        self.categoryPaths = categoryPaths
        self.tags = tags
        self.thumbnail = thumbnail
        self.headimg = headimg
        self.extraJSON = extraJSON
        self.body = body
        self.bodyFormat = bodyFormat
    }
}
