import GazetteCore

/// The result of cleaning one post body.
///
/// Two bodies are equal when their content is: ``ruleHits`` and ``lazySources`` are diagnostics of how the
/// body was reached and take no part in equality.
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
    /// How often each cleaning rule changed something in this body, by rule name (`"lazy image
    /// resolved"`, `"dropped class"`…): what the fidelity report adds up.
    public var ruleHits: [String: Int]
    /// The placeholder `src` of each lazy-loaded image with the real image it stands for, so
    /// that a thumbnail naming the placeholder can name the real image.
    public var lazySources: [String: String]

    /// A cleaned body with the given parts.
    public init(
        html: String, text: String, images: [ArticleImage] = [], source: String? = nil,
        originalTitle: String? = nil, editor: String? = nil, ruleHits: [String: Int] = [:],
        lazySources: [String: String] = [:]
    ) {
        self.html = html
        self.text = text
        self.images = images
        self.source = source
        self.originalTitle = originalTitle
        self.editor = editor
        self.ruleHits = ruleHits
        self.lazySources = lazySources
    }

    public static func == (lhs: CleanedBody, rhs: CleanedBody) -> Bool {
        lhs.html == rhs.html && lhs.text == rhs.text && lhs.images == rhs.images && lhs.source == rhs.source
            && lhs.originalTitle == rhs.originalTitle && lhs.editor == rhs.editor
    }
}
