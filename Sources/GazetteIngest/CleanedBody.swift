import GazetteCore

/// The result of cleaning one post body.
public struct CleanedBody: Sendable, Equatable {
    /// The sanitised, boilerplate-free HTML fragment (`""` when nothing is left).
    public var html: String
    /// The plain text: paragraphs separated by `"\n\n"`, no empty paragraph.
    public var text: String
    /// The article's images in document order, deduplicated by `src`, boilerplate excluded.
    public var images: [ArticleImage]
    /// The source named by a `来源` line (`nil` when the body names none).
    public var source: String?
    /// The original title named by a `原标题` line (`nil` when the body names none).
    public var originalTitle: String?
    /// The editor named by the editor line, as written (`梁斌 SF055`), trimmed.
    public var editor: String?

    /// A cleaned body with the given parts.
    public init(
        html: String, text: String, images: [ArticleImage] = [], source: String? = nil,
        originalTitle: String? = nil, editor: String? = nil
    ) {
        self.html = html
        self.text = text
        self.images = images
        self.source = source
        self.originalTitle = originalTitle
        self.editor = editor
    }
}
