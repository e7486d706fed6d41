/// One news article as Gazette stores and serves it.
///
/// Field names follow `API.md`; unknown scalars are `nil` (served as `null`), lists are empty
/// when absent, and a body known to be empty is `""`.
public struct Article: Sendable, Equatable {
    /// Stable integer id, assigned by the store (`0` before the article is stored).
    public var id: Int64
    /// Stable, unique slug: from the file name, the front matter, or date + title.
    public var slug: String
    public var title: String
    public var author: String?
    /// Publication time in seconds since 1970-01-01T00:00:00Z, `nil` when unknown.
    public var publishedAt: Int64?
    /// Every category path of the article, parent first. `categories` is the first one.
    public var categoryPaths: [CategoryPath]
    public var tags: [String]
    public var thumbnail: String?
    public var headimg: String?
    public var originalTitle: String?
    public var source: String?
    public var editor: String?
    public var images: [ArticleImage]
    /// Sanitised, boilerplate-free HTML.
    public var bodyHTML: String
    /// Plain text, paragraphs separated by a blank line.
    public var bodyText: String {
        didSet {
            excerpt = TextMetrics.excerpt(of: bodyText)
            charCount = TextMetrics.characterCount(of: bodyText)
        }
    }
    /// The first ~120 characters of the visible text (see ``TextMetrics/excerpt(of:)``).
    public private(set) var excerpt: String
    /// Grapheme clusters of the visible text, whitespace excluded.
    public private(set) var charCount: Int
    /// The post after its front matter, exactly as ingested.
    public var bodyRaw: String
    /// Front-matter keys Gazette does not interpret, as a JSON object text (`{}` when none).
    public var extraJSON: String
    /// `sha256:` + the hex digest of the post's bytes as ingested.
    public var contentHash: String
    /// When Gazette first stored the article, seconds since the epoch.
    public var ingestedAt: Int64
    /// When the article last changed, seconds since the epoch.
    public var updatedAt: Int64

    public init(
        id: Int64 = 0, slug: String, title: String, author: String? = nil, publishedAt: Int64? = nil,
        categoryPaths: [CategoryPath] = [], tags: [String] = [], thumbnail: String? = nil,
        headimg: String? = nil, originalTitle: String? = nil, source: String? = nil, editor: String? = nil,
        images: [ArticleImage] = [], bodyHTML: String = "", bodyText: String = "", bodyRaw: String = "",
        extraJSON: String = "{}", contentHash: String = "", ingestedAt: Int64 = 0, updatedAt: Int64 = 0,
        excerpt: String? = nil, charCount: Int? = nil
    ) {
        self.id = id
        self.slug = slug
        self.title = title
        self.author = author
        self.publishedAt = publishedAt
        self.categoryPaths = categoryPaths
        self.tags = tags
        self.thumbnail = thumbnail
        self.headimg = headimg
        self.originalTitle = originalTitle
        self.source = source
        self.editor = editor
        self.images = images
        self.bodyHTML = bodyHTML
        self.bodyText = bodyText
        self.bodyRaw = bodyRaw
        self.extraJSON = extraJSON
        self.contentHash = contentHash
        self.ingestedAt = ingestedAt
        self.updatedAt = updatedAt
        self.excerpt = excerpt ?? TextMetrics.excerpt(of: bodyText)
        self.charCount = charCount ?? TextMetrics.characterCount(of: bodyText)
    }

    /// The first category path (Hexo's `categories`), `[]` when the article has none.
    public var categories: [String] { categoryPaths.first?.components ?? [] }
}
