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

    // MARK: Rules for any site (see ``generic``)

    /// Attributes that hold an image's real address while `src` holds a placeholder or a
    /// thumbnail (lazy loading), most trusted first; a `…srcset` value gives its largest
    /// candidate.
    public var lazyImageAttributes: [String]
    /// Hosts whose images are placeholders, not article images (`picsum.photos` random images).
    public var placeholderImageHosts: Set<String>
    /// File names (last path segment, lowercased) of spacer and tracking-pixel images.
    public var placeholderImageFileNames: Set<String>
    /// Hosts (or parent domains) of affiliate and tracking redirects: a link to one is reduced
    /// to its text.
    public var trackingLinkHosts: Set<String>
    /// Redirect endpoints whose target is a query parameter: a link through one points to the
    /// target instead.
    public var redirectLinks: [RedirectLink]
    /// Hosts of CORS proxies written as `https://HOST/?TARGET`: the URL becomes `TARGET`.
    public var proxyHosts: Set<String>

    // MARK: Rules for one site (see ``Publisher``)

    /// Blocks whose text starts with one of these are promotions or copyright footers: removed.
    public var boilerplateTextPrefixes: [String]
    /// Text nodes that are, trimmed, exactly one of these are page-template leftovers: removed.
    public var strayTexts: Set<String>
    /// The first block whose text starts with one of these begins the page's tail (references
    /// to other posts, promotions): it and everything after it are removed.
    public var tailTextPrefixes: [String]
    /// The first element carrying one of these attributes begins the page's tail.
    public var tailAttributes: Set<String>
    /// A comment with one of these texts marks where the article starts: what comes before it
    /// in the same list is removed.
    public var contentStartComments: Set<String>
    /// A comment with one of these texts marks where the article ends: the rest is removed.
    public var contentEndComments: Set<String>
    /// Tables whose class starts with one of these are page layout: replaced by their cells'
    /// content.
    public var layoutTableClassPrefixes: [String]
    /// Runs of page template: from an element with the class up to (not including) the next
    /// sibling element of the given name, or to the end of the list.
    public var droppedRuns: [DroppedRun]
    /// Blocks whose whole text is one of these and that hold one link are the source line:
    /// the link's target becomes the source, the block is removed (巴哈姆特's `消息來源`).
    public var sourceLinkTexts: Set<String>
    /// Images at most this wide (their `data-w` or `width` attribute, in pixels) are
    /// decoration (WeChat heading icons), not article images; 0 keeps every width.
    public var decorativeImageMaxWidth: Int
    /// A title that starts with one of these wrappers (`_AC_` + U+00A0, 巴哈姆特's board)
    /// names a tag: the text between prefix and suffix is added to `tags`. The title stays.
    public var titleTagWrappers: [CommentWrapper]
    /// A paragraph right after an image paragraph whose only content is an element with one of
    /// these in its `style` (spaces removed) is the image's caption: the two become a
    /// `<figure>` (观察者网's `<span style="color:#666666;">`).
    public var captionStyleFragments: [String]

    /// The two ends of a comment that wraps markup, or of a tag written into a title.
    public struct CommentWrapper: Sendable, Equatable {
        /// The text it starts with.
        public var prefix: String
        /// The text it ends with.
        public var suffix: String

        public init(prefix: String, suffix: String) {
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    /// A redirect endpoint (`ref.gamer.com.tw/redir.php?url=TARGET`).
    public struct RedirectLink: Sendable, Equatable {
        /// Host and path, without scheme or query: `ref.gamer.com.tw/redir.php`.
        public var hostAndPath: String
        /// The query parameter holding the percent-encoded target.
        public var parameter: String

        public init(hostAndPath: String, parameter: String) {
            self.hostAndPath = hostAndPath
            self.parameter = parameter
        }
    }

    /// A run of sibling nodes that is page template (Axis Studios' credits block).
    public struct DroppedRun: Sendable, Equatable {
        /// The class of the element that starts the run.
        public var startClass: String
        /// The element name that ends the run (it is kept); `nil` runs to the end of the list.
        public var endElement: String?

        public init(startClass: String, endElement: String?) {
            self.startClass = startClass
            self.endElement = endElement
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
        lazyImageAttributes = []
        placeholderImageHosts = []
        placeholderImageFileNames = []
        trackingLinkHosts = []
        redirectLinks = []
        proxyHosts = []
        boilerplateTextPrefixes = []
        strayTexts = []
        tailTextPrefixes = []
        tailAttributes = []
        contentStartComments = []
        contentEndComments = []
        layoutTableClassPrefixes = []
        droppedRuns = []
        sourceLinkTexts = []
        decorativeImageMaxWidth = 0
        titleTagWrappers = []
        captionStyleFragments = []
    }

    /// Rules that hold for any site: hidden elements are not content; lazy-loaded images are
    /// their real image; placeholder images are not images; CORS-proxy wrappers, redirects and
    /// affiliate-tracking links are taken off.
    public static let generic: PublisherRules = {
        var rules = PublisherRules()
        rules.droppedAttributes = ["hidden"]
        rules.labelLineElements = ["p", "div"]
        rules.lazyImageAttributes = [
            "data-original", "data-src", "data-lazy-src", "data-actualsrc", "data-srcset", "data-lazy-srcset",
        ]
        rules.placeholderImageHosts = ["picsum.photos", "via.placeholder.com", "placehold.co", "placehold.it"]
        rules.placeholderImageFileNames = [
            "spacer.gif", "blank.gif", "pixel.gif", "1x1.gif", "1x1.png", "transparent.gif", "clear.gif",
        ]
        rules.trackingLinkHosts = [
            "pvxt.net", "c.duomai.com", "s.click.taobao.com", "union-click.jd.com", "click.linksynergy.com",
            "go.skimresources.com", "redirect.viglink.com", "shareasale.com",
        ]
        rules.redirectLinks = [
            RedirectLink(hostAndPath: "ref.gamer.com.tw/redir.php", parameter: "url"),
            RedirectLink(hostAndPath: "link.zhihu.com/", parameter: "target"),
            RedirectLink(hostAndPath: "www.google.com/url", parameter: "q"),
        ]
        rules.proxyHosts = ["cors.zfour.workers.dev", "cors-anywhere.herokuapp.com"]
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
        merged.lazyImageAttributes += other.lazyImageAttributes.filter { !merged.lazyImageAttributes.contains($0) }
        merged.placeholderImageHosts.formUnion(other.placeholderImageHosts)
        merged.placeholderImageFileNames.formUnion(other.placeholderImageFileNames)
        merged.trackingLinkHosts.formUnion(other.trackingLinkHosts)
        merged.redirectLinks += other.redirectLinks
        merged.proxyHosts.formUnion(other.proxyHosts)
        merged.boilerplateTextPrefixes += other.boilerplateTextPrefixes
        merged.strayTexts.formUnion(other.strayTexts)
        merged.tailTextPrefixes += other.tailTextPrefixes
        merged.tailAttributes.formUnion(other.tailAttributes)
        merged.contentStartComments.formUnion(other.contentStartComments)
        merged.contentEndComments.formUnion(other.contentEndComments)
        merged.layoutTableClassPrefixes += other.layoutTableClassPrefixes
        merged.droppedRuns += other.droppedRuns
        merged.sourceLinkTexts.formUnion(other.sourceLinkTexts)
        merged.decorativeImageMaxWidth = max(decorativeImageMaxWidth, other.decorativeImageMaxWidth)
        merged.titleTagWrappers += other.titleTagWrappers
        merged.captionStyleFragments += other.captionStyleFragments
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
