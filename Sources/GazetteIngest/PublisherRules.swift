/// What counts as publisher boilerplate, and where the credit lines are: a table of class
/// names, id prefixes, labels and URLs, read by ``BodyCleaner``.
///
/// Rules are data so that a new publisher is a new value, not new code: ``sina`` describes
/// the Sina Finance template (see `shared/corpus/SOURCES.md`), ``generic`` what holds for
/// any site, and ``builtIn`` merges them. The class names are specific enough to be applied
/// to every body without first guessing the publisher.
///
/// ```swift
/// var rules = PublisherRules.builtIn
/// rules.droppedClasses.insert("share-bar")
/// let cleaner = BodyCleaner(rules: rules)
/// ```
public struct PublisherRules: Sendable, Equatable {
    /// Elements with any of these classes are removed with their content (promotion blocks,
    /// video placeholders).
    public var droppedClasses: Set<String>
    /// Elements whose `id` starts with one of these are removed with their content.
    public var droppedIDPrefixes: [String]
    /// Elements carrying any of these attributes are removed with their content (`hidden`).
    public var droppedAttributes: Set<String>
    /// Elements whose `id` starts with one of these are replaced by their bare text (stock
    /// quote widgets: the company name stays in the sentence, the link goes).
    public var textOnlyIDPrefixes: [String]
    /// Elements with one of these classes wrap an image: they become `<figure>`.
    public var figureClasses: Set<String>
    /// Inside a figure wrapper, elements with one of these classes hold the caption; a
    /// non-empty one becomes `<figcaption>`.
    public var captionClasses: Set<String>
    /// Elements with one of these classes are the editor line: read into `editor`, removed.
    public var editorClasses: Set<String>
    /// Labels that start an editor line, e.g. `责任编辑：`.
    public var editorLabels: [String]
    /// Labels that start a source line, e.g. `来源：`, `来源|`.
    public var sourceLabels: [String]
    /// Labels that start an original-title line, e.g. `原标题：`.
    public var originalTitleLabels: [String]
    /// Elements whose whole text may be a credit line (`原标题`, `来源`, `责任编辑`).
    public var labelLineElements: Set<String>
    /// Longest text, in characters, that is still read as a credit line. Default 200.
    public var maxLabelLineLength: Int
    /// Blocks whose whole text is one of these are promotions and are removed.
    public var boilerplateTexts: Set<String>
    /// Images that are publisher furniture, not article content (the Sina QR-code footer).
    /// Compared without scheme, so `http:`, `https:` and `//` forms all match.
    public var boilerplateImageURLs: Set<String>
    /// Comments made of markup between a prefix and a suffix (Sina's
    /// `<!--article_adlist[…]article_adlist-->`): a source line inside one is read as the
    /// source when the visible body names none.
    public var creditComments: [CommentWrapper]

    /// The two ends of a comment that wraps markup.
    public struct CommentWrapper: Sendable, Equatable {
        /// The text the comment starts with.
        public var prefix: String
        /// The text the comment ends with.
        public var suffix: String

        public init(prefix: String, suffix: String) {
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    /// Rules with every list empty.
    public init() {
        droppedClasses = []
        droppedIDPrefixes = []
        droppedAttributes = []
        textOnlyIDPrefixes = []
        figureClasses = []
        captionClasses = []
        editorClasses = []
        editorLabels = []
        sourceLabels = []
        originalTitleLabels = []
        labelLineElements = []
        maxLabelLineLength = 200
        boilerplateTexts = []
        boilerplateImageURLs = []
        creditComments = []
    }

    /// Rules that hold for any site: hidden elements are not content.
    public static let generic: PublisherRules = {
        var rules = PublisherRules()
        rules.droppedAttributes = ["hidden"]
        rules.labelLineElements = ["p", "div"]
        return rules
    }()

    /// The Sina Finance (新浪财经) article template.
    public static let sina: PublisherRules = {
        var rules = PublisherRules()
        rules.droppedClasses = ["appendQr_wrap", "appendQr_normal", "appendQr_normal_txt", "video-2017"]
        rules.droppedIDPrefixes = ["quote_", "videoList"]
        rules.textOnlyIDPrefixes = ["stock_"]
        rules.figureClasses = ["img_wrapper"]
        rules.captionClasses = ["img_descr"]
        rules.editorClasses = ["article-editor"]
        rules.editorLabels = ["责任编辑：", "责任编辑:"]
        rules.sourceLabels = ["来源：", "来源:", "来源|", "来源｜", "来源丨"]
        rules.originalTitleLabels = ["原标题：", "原标题:"]
        rules.labelLineElements = ["p", "div"]
        rules.boilerplateTexts = ["海量资讯、精准解读，尽在新浪财经APP"]
        rules.boilerplateImageURLs = ["https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"]
        rules.creditComments = [CommentWrapper(prefix: "article_adlist[", suffix: "]article_adlist")]
        return rules
    }()

    /// The rules Gazette applies by default: ``generic`` merged with ``sina``.
    public static let builtIn = generic.merging(sina)

    /// These rules with `other`'s added (lists concatenated, sets united; the larger
    /// ``maxLabelLineLength`` wins).
    public func merging(_ other: PublisherRules) -> PublisherRules {
        var merged = self
        merged.droppedClasses.formUnion(other.droppedClasses)
        merged.droppedIDPrefixes += other.droppedIDPrefixes
        merged.droppedAttributes.formUnion(other.droppedAttributes)
        merged.textOnlyIDPrefixes += other.textOnlyIDPrefixes
        merged.figureClasses.formUnion(other.figureClasses)
        merged.captionClasses.formUnion(other.captionClasses)
        merged.editorClasses.formUnion(other.editorClasses)
        merged.editorLabels += other.editorLabels
        merged.sourceLabels += other.sourceLabels
        merged.originalTitleLabels += other.originalTitleLabels
        merged.labelLineElements.formUnion(other.labelLineElements)
        merged.maxLabelLineLength = max(maxLabelLineLength, other.maxLabelLineLength)
        merged.boilerplateTexts.formUnion(other.boilerplateTexts)
        merged.boilerplateImageURLs.formUnion(other.boilerplateImageURLs)
        merged.creditComments += other.creditComments
        return merged
    }

    /// Whether `src` is one of ``boilerplateImageURLs``, whatever its scheme.
    public func isBoilerplateImage(_ src: String) -> Bool {
        let key = Self.schemelessKey(src)
        return boilerplateImageURLs.contains { Self.schemelessKey($0) == key }
    }

    /// `https://host/path`, `http://host/path` and `//host/path` all give `//host/path`.
    static func schemelessKey(_ url: String) -> Substring {
        let trimmed = Substring(url.trimmingC0ControlsAndSpace())
        guard let colon = trimmed.firstIndex(of: ":"),
            ["http", "https"].contains(trimmed[..<colon].lowercased())
        else { return trimmed }
        return trimmed[trimmed.index(after: colon)...]
    }
}
