import GazetteCore

/// Cleans a post body: publisher boilerplate out, credit lines read, the rest sanitised.
///
/// The body is parsed once and cleaned in one pass over the tree, which does, for each
/// element in this order:
/// 1. the ``PublisherRules`` that need classes and ids (which sanitising removes): drop
///    promotion blocks, reduce stock widgets to their text, read and remove the editor
///    line, turn image wrappers into `<figure>`;
/// 2. the ``HTMLSanitizer`` allow-list (unknown elements unwrapped, dangerous ones dropped,
///    attributes and URLs filtered), boilerplate images dropped, `//` URLs made `https:`;
/// 3. normalisation: attribute-less `<span>`s and block-only `<div>` wrappers unwrapped,
///    credit lines (`原标题：…`, `来源：…`, `责任编辑：…`) read and removed, paragraphs
///    trimmed (U+3000 included), empty wrappers removed, white space between blocks
///    reduced to one line feed.
///
/// The result is then serialised, its text extracted and its images collected, each in one
/// more walk. Comments are removed; a Sina `<!--article_adlist[…]article_adlist-->` comment
/// that holds a source label is parsed on its own (the only second parse) and its source
/// line used when the visible body names no source.
///
/// ```swift
/// let body = BodyCleaner().clean(html: #"<p>　　来源：新京报</p><p>　　正文。</p>"#)
/// // body.html == "<p>正文。</p>", body.text == "正文。", body.source == "新京报"
/// ```
public struct BodyCleaner: Sendable {
    /// Elements removed when nothing but white space and `<br>` is left in them.
    static let removableWhenEmpty: Set<String> = [
        "p", "div", "span", "section", "article", "aside", "header", "footer", "nav", "main", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "strong", "b", "em", "i", "u", "s", "small",
        "mark", "a", "sub", "sup", "del", "ins", "q", "cite", "abbr", "code", "address", "hgroup",
    ]

    /// The rules in force.
    public let rules: PublisherRules
    let sanitizer: HTMLSanitizer
    private let boilerplateImageKeys: Set<String>
    /// The rules' class names with what they make of an element.
    let classRoles: [Substring: ClassRoles]
    /// The first characters of every credit label and boilerplate text: a block whose text
    /// starts otherwise cannot be one, so its text need not be built. A short list: searched
    /// without hashing.
    let creditInitials: [Unicode.Scalar]

    /// A cleaner applying `rules` and Gazette's default sanitiser policy.
    public init(rules: PublisherRules = .builtIn) {
        self.rules = rules
        self.sanitizer = HTMLSanitizer()
        self.boilerplateImageKeys = Set(rules.boilerplateImageURLs.map { String(PublisherRules.schemelessKey($0)) })
        self.classRoles = ClassRoles.table(for: rules)
        let labels =
            rules.editorLabels + rules.sourceLabels + rules.originalTitleLabels + rules.boilerplateTexts
            + rules.boilerplateTextPrefixes + rules.tailTextPrefixes + rules.sourceLinkTexts
        var initials: [Unicode.Scalar] = []
        for case let initial? in labels.map(\.unicodeScalars.first) where !initials.contains(initial) {
            initials.append(initial)
        }
        self.creditInitials = initials
    }

    /// Cleans one body.
    ///
    /// - Parameter html: the body as stored (HTML, or Markdown-rendered HTML); any text is
    ///   accepted, however malformed, large or deeply nested.
    /// - Returns: the cleaned HTML, its text, its images and the credit lines found.
    public func clean(html: String) -> CleanedBody {
        let document = HTMLDocument(parsing: html)
        var pass = CleaningPass(cleaner: self)
        var nodes = pass.clean(document.nodes, isBlockContainer: true, inPre: false)
        CleaningPass.trimLeadingWhitespace(&nodes)
        CleaningPass.trimTrailingWhitespace(&nodes)
        var images: [ArticleImage] = []
        var seen: Set<String> = []
        Self.collectImages(in: nodes, caption: "", into: &images, seen: &seen)
        return CleanedBody(
            html: HTMLSerializer().serialize(nodes),
            text: TextExtractor().text(of: nodes),
            images: images,
            source: pass.source ?? pass.commentSource,
            originalTitle: pass.originalTitle,
            editor: pass.editor,
            ruleHits: pass.hits,
            lazySources: pass.lazySources)
    }

    /// Whether `src` is publisher furniture rather than an article image (compared
    /// without scheme). Used to null a thumbnail or header image that is boilerplate.
    public func isBoilerplateImage(_ src: String) -> Bool {
        boilerplateImageKeys.contains(String(PublisherRules.schemelessKey(src)))
    }

    /// The header image or thumbnail a post names, as an article image: a CORS-proxy wrapper
    /// taken off; `nil` when it is boilerplate, a placeholder, or names a page, not an image.
    public func articleImage(_ url: String) -> String? {
        let unwrapped = MediaURL.unwrappingProxy(url, proxyHosts: rules.proxyHosts)
        if isBoilerplateImage(unwrapped) || MediaURL.isPlaceholderImage(unwrapped, rules: rules) { return nil }
        if unwrapped != url && MediaURL.isPageURL(unwrapped) { return nil }
        return unwrapped
    }

    private static func collectImages(
        in nodes: [HTMLNode], caption: String, into images: inout [ArticleImage], seen: inout Set<String>
    ) {
        for case .element(let element) in nodes {
            if element.traits.contains(.image) {
                guard let src = element.attribute("src"), seen.insert(src).inserted else { continue }
                images.append(ArticleImage(src: src, alt: element.attribute("alt") ?? "", caption: caption))
            } else if element.traits.contains(.figure) {
                let figcaption = element.children.lazy.compactMap(\.element).first { $0.traits.contains(.figcaption) }
                let text = figcaption.map { TextExtractor().inlineText(of: $0.children) } ?? ""
                collectImages(in: element.children, caption: text.isEmpty ? caption : text, into: &images, seen: &seen)
            } else if !element.children.isEmpty {
                collectImages(in: element.children, caption: caption, into: &images, seen: &seen)
            }
        }
    }
}

/// What the class names of ``PublisherRules`` make of an element.
struct ClassRoles: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// In ``PublisherRules/droppedClasses``.
    static let dropped = ClassRoles(rawValue: 1 << 0)
    /// In ``PublisherRules/editorClasses``.
    static let editor = ClassRoles(rawValue: 1 << 1)
    /// In ``PublisherRules/figureClasses``.
    static let figure = ClassRoles(rawValue: 1 << 2)
    /// In ``PublisherRules/captionClasses``.
    static let caption = ClassRoles(rawValue: 1 << 3)

    /// Every class name of `rules` with its roles, keyed by substrings so that class tokens
    /// are looked up without copying.
    static func table(for rules: PublisherRules) -> [Substring: ClassRoles] {
        var table: [Substring: ClassRoles] = [:]
        for (names, role) in [
            (rules.droppedClasses, dropped), (rules.editorClasses, editor), (rules.figureClasses, figure),
            (rules.captionClasses, caption),
        ] {
            for name in names { table[Substring(name), default: []].insert(role) }
        }
        return table
    }

    /// The roles of all of `element`'s class names, per `table`.
    init(of element: HTMLElement, in table: [Substring: ClassRoles]) {
        self = []
        guard !table.isEmpty, let value = element.attribute("class") else { return }
        // In ASCII without CR LF, characters are bytes: split on the bytes, without building
        // an array. Anything else goes through ``HTMLElement/classNames``, which splits on
        // characters.
        let utf8 = value.utf8
        var isSimple = true
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte >= 0x80 || (previous == 0x0D && byte == 0x0A) {
                isSimple = false
                break
            }
            previous = byte
        }
        guard isSimple else {
            for name in element.classNames { formUnion(table[name] ?? []) }
            return
        }
        var tokenStart: String.Index?
        var index = utf8.startIndex
        while true {
            let isEnd = index == utf8.endIndex
            let isSeparator =
                isEnd
                || {
                    let byte = utf8[index]
                    return byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
                }()
            if isSeparator {
                if let start = tokenStart {
                    formUnion(table[value[start..<index]] ?? [])
                    tokenStart = nil
                }
            } else if tokenStart == nil {
                tokenStart = index
            }
            if isEnd { break }
            index = utf8.index(after: index)
        }
    }
}

/// One run of the cleaner over one tree, collecting the credit lines it meets.
private struct CleaningPass {
    let cleaner: BodyCleaner
    var rules: PublisherRules { cleaner.rules }
    var source: String?
    var originalTitle: String?
    var editor: String?
    /// A source read from a credit comment, used only when the visible body has none.
    var commentSource: String?
    /// How often each rule changed something, by rule name (for the fidelity report).
    var hits: [String: Int] = [:]
    /// Set once the article's end is passed (a tail marker or an end comment): every node met
    /// afterwards, in document order, is removed.
    var isTruncated = false
    /// Whether a content-start comment has been met (only looked for when the rules name one).
    var hasContentStarted = false
    /// Whether the element being cleaned is inside one that holds only phrasing content (`p`,
    /// a heading…), where no block may be added.
    var isInPhrasingContainer = false
    /// The `src` a lazy image had, with the real image it was resolved to.
    var lazySources: [String: String] = [:]

    /// Elements whose content is phrasing only: an embedded player inside one becomes an
    /// inline link, not a paragraph.
    static let phrasingContainers: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "figcaption", "caption", "summary", "address",
    ]

    init(cleaner: BodyCleaner) {
        self.cleaner = cleaner
    }

    mutating func hit(_ rule: String) {
        hits[rule, default: 0] += 1
    }

    // MARK: Lists of nodes

    /// Cleans `nodes`, the children of a block element (or the top level) when
    /// `isBlockContainer`.
    mutating func clean(_ nodes: [HTMLNode], isBlockContainer: Bool, inPre: Bool) -> [HTMLNode] {
        var builder = NodeListBuilder(mergesText: true, capacity: nodes.count)
        var start = nodes.startIndex
        if !rules.contentStartComments.isEmpty && !hasContentStarted,
            let marker = nodes.firstIndex(where: { node in
                if case .comment(let text) = node {
                    return rules.contentStartComments.contains(text.trimmingFoldableWhitespace())
                }
                return false
            })
        {
            hasContentStarted = true
            hit("content start comment")
            start = marker + 1
        }
        /// While in a dropped run: the element name that ends it (`""`: the end of the list).
        var runEnd: String?
        /// Nodes up to this index were taken by a figure already (an image and its caption).
        var takenThrough = start - 1
        for index in start..<nodes.count {
            let node = nodes[index]
            if isTruncated { break }
            if index <= takenThrough { continue }
            if let end = runEnd {
                guard case .element(let element) = node, element.name == end else { continue }
                runEnd = nil
            }
            switch node {
            case .text(let text):
                if !rules.strayTexts.isEmpty && rules.strayTexts.contains(text.trimmingFoldableWhitespace()) {
                    hit("stray text")
                    continue
                }
                builder.append(text: text)
            case .comment(let text):
                if !rules.contentEndComments.isEmpty
                    && rules.contentEndComments.contains(text.trimmingFoldableWhitespace())
                {
                    hit("content end comment")
                    isTruncated = true
                    break
                }
                readCreditComment(text)
            case .element(let element):
                if !rules.droppedRuns.isEmpty,
                    let run = rules.droppedRuns.first(where: { element.classNames.contains(Substring($0.startClass)) })
                {
                    hit("template run: .\(run.startClass)")
                    runEnd = run.endElement ?? ""
                    continue
                }
                if !rules.captionStyleFragments.isEmpty, Self.isImageParagraph(element),
                    let (captionIndex, caption) = captionParagraph(after: index, in: nodes)
                {
                    hit("caption joined to its image")
                    figure(from: element, caption: caption, into: &builder)
                    takenThrough = captionIndex
                    continue
                }
                clean(element, inPre: inPre, inBlockContainer: isBlockContainer, into: &builder)
            }
        }
        let cleaned = builder.finish()
        if inPre { return cleaned }
        return Self.collapsingWhitespace(in: cleaned, isBlockContainer: isBlockContainer)
    }

    /// Drops white-space-only text at the edges of a block container and reduces it to one
    /// line feed next to a block (adjacent blocks get one); white space between inline
    /// elements is kept.
    static func collapsingWhitespace(in nodes: [HTMLNode], isBlockContainer: Bool) -> [HTMLNode] {
        // Most lists come out as they went in: the output is only copied from its first
        // difference with the input.
        var output = CopyOnDifference(nodes)
        for (index, node) in nodes.enumerated() {
            guard case .text(let text) = node, text.isFoldableWhitespace else {
                // Adjacent blocks are written one per line.
                if isBlockContainer && isBlockNode(node) && isBlockNode(output.last) {
                    output.appendLineFeed(at: index)
                }
                output.appendInput(at: index)
                continue
            }
            let previous = output.last
            let next = index + 1 < nodes.count ? nodes[index + 1] : nil
            if isBlockContainer && (previous == nil || next == nil) { continue }
            if isBlockNode(previous) || isBlockNode(next) {
                if previous != nil && next != nil { output.appendLineFeed(at: index) }
                continue
            }
            // Blank lines between inline nodes (a gallery of images written one per paragraph
            // of source) render as one space: one line feed says the same.
            if text.utf8.lazy.filter({ $0 == 0x0A }).count > 1 {
                output.appendLineFeed(at: index)
                continue
            }
            output.appendInput(at: index)
        }
        return output.finish()
    }

    /// A list built from `input` in order, which stays `input` itself for as long as each node
    /// appended is the input's node at the same position.
    struct CopyOnDifference {
        private let input: [HTMLNode]
        /// The output once it differs from the input.
        private var copy: [HTMLNode]?
        /// While there is no copy: the output is `input[..<count]`.
        private var count = 0

        init(_ input: [HTMLNode]) {
            self.input = input
        }

        var last: HTMLNode? {
            if let copy { return copy.last }
            return count > 0 ? input[count - 1] : nil
        }

        /// Appends the input's node at `index`.
        mutating func appendInput(at index: Int) {
            if copy == nil && count == index {
                count += 1
            } else {
                appendCopying(input[index])
            }
        }

        /// Appends a line feed text, made while reading the input at `index`.
        mutating func appendLineFeed(at index: Int) {
            if copy == nil && count == index, case .text("\n") = input[index] {
                count += 1
            } else {
                appendCopying(.text("\n"))
            }
        }

        func finish() -> [HTMLNode] {
            if let copy { return copy }
            return count == input.count ? input : Array(input[..<count])
        }

        private mutating func appendCopying(_ node: HTMLNode) {
            if copy == nil {
                var started: [HTMLNode] = []
                started.reserveCapacity(input.count + 1)
                started.append(contentsOf: input[..<count])
                copy = started
            }
            copy?.append(node)
        }
    }

    // MARK: One element

    /// Cleans one element, appending what is left of it (nothing, itself, its children or its
    /// text) to `output`.
    mutating func clean(
        _ element: HTMLElement, inPre: Bool, inBlockContainer: Bool, into output: inout NodeListBuilder
    ) {
        // 1. Publisher rules, which need the classes and ids that sanitising removes.
        let roles = ClassRoles(of: element, in: cleaner.classRoles)
        if isDropped(element, roles: roles) {
            hit(roles.contains(.dropped) ? "dropped class" : "dropped id or attribute")
            return
        }
        if !rules.tailAttributes.isEmpty,
            element.attributes.contains(where: { rules.tailAttributes.contains($0.name) }),
            element.children.contains(where: Self.isBlockNode)
        {
            // A card (a link around blocks), not a link inside a sentence.
            hit("tail marker")
            isTruncated = true
            return
        }
        if element.name == "table", !rules.layoutTableClassPrefixes.isEmpty, isLayoutTable(element) {
            hit("layout table unwrapped")
            for cell in Self.cells(of: element.children) {
                for node in clean(cell.children, isBlockContainer: true, inPre: inPre) { output.append(node) }
            }
            return
        }
        if element.name == "iframe" || element.name == "video" || element.name == "embed" {
            embedLink(for: element, inBlockContainer: inBlockContainer, into: &output)
            return
        }
        var element = element
        if element.traits.contains(.image) {
            guard resolveImage(&element) else { return }
        } else if element.traits.contains(.anchor) {
            guard resolveLink(&element) else {
                for node in clean(element.children, isBlockContainer: false, inPre: inPre) { output.append(node) }
                return
            }
        }
        if let id = element.attribute("id"), rules.textOnlyIDPrefixes.contains(where: { id.hasPrefix($0) }) {
            output.append(.text(element.textContent))
            return
        }
        if roles.contains(.editor) {
            let text = TextExtractor().inlineText(of: element.children)
            if editor == nil {
                let value = (Self.value(after: rules.editorLabels, in: text) ?? text).trimmingFoldableWhitespace()
                editor = value.isEmpty ? nil : value
            }
            return
        }
        if roles.contains(.figure) {
            figure(from: element, into: &output)
            return
        }

        // 2. The allow-list.
        switch cleaner.sanitizer.outcome(for: element) {
        case .drop:
            return
        case .unwrap:
            for node in clean(element.children, isBlockContainer: element.traits.contains(.block), inPre: inPre) {
                output.append(node)
            }
        case .keep(var kept):
            if kept.traits.contains(.image) {
                guard let src = kept.attribute("src"), !cleaner.isBoilerplateImage(src) else { return }
                Self.upgradeProtocolRelativeURL(named: "src", in: &kept)
                output.append(.element(kept))
                return
            }
            if kept.traits.contains(.anchor) { Self.upgradeProtocolRelativeURL(named: "href", in: &kept) }
            let isPre = inPre || kept.traits.contains(.preformatted)
            let wasInPhrasingContainer = isInPhrasingContainer
            if Self.phrasingContainers.contains(kept.name) { isInPhrasingContainer = true }
            kept.children = clean(
                element.children, isBlockContainer: kept.traits.contains(.block), inPre: isPre)
            isInPhrasingContainer = wasInPhrasingContainer
            normalize(kept, inPre: isPre, into: &output)
        }
    }

    /// 3. Normalisation of an element whose children are already clean.
    mutating func normalize(_ element: HTMLElement, inPre: Bool, into output: inout NodeListBuilder) {
        var element = element
        let traits = element.traits
        if traits.contains(.span) && element.attributes.isEmpty {
            for node in element.children { output.append(node) }
            return
        }
        if !inPre && traits.contains(.block) {
            if let initial = Self.firstVisibleScalar(in: element.children), cleaner.creditInitials.contains(initial),
                rules.labelLineElements.contains(element.name), !element.children.contains(where: Self.isBlockNode)
            {
                let text = TextExtractor().inlineText(of: element.children)
                if rules.boilerplateTexts.contains(text) {
                    hit("boilerplate text")
                    return
                }
                if rules.boilerplateTextPrefixes.contains(where: { text.hasPrefix($0) }) {
                    hit("boilerplate text")
                    return
                }
                if rules.tailTextPrefixes.contains(where: { text.hasPrefix($0) }) {
                    hit("tail marker")
                    isTruncated = true
                    return
                }
                if rules.sourceLinkTexts.contains(text), let href = Self.onlyLinkTarget(in: element.children) {
                    hit("source line")
                    if source == nil { source = href }
                    return
                }
                if readCreditLine(text) {
                    hit("credit line")
                    return
                }
            }
            Self.trimLeadingWhitespace(&element.children)
            Self.trimTrailingWhitespace(&element.children)
        }
        if traits.contains(.removableWhenEmpty) && Self.isBlank(element.children) {
            if traits.contains(.block) { hit("empty block") }
            return
        }
        if traits.contains(.div) && element.attributes.isEmpty
            && element.children.allSatisfy({ Self.isBlockNode($0) || Self.isWhitespaceText($0) })
        {
            for node in element.children { output.append(node) }
            return
        }
        output.append(.element(element))
    }

    /// An image wrapper becomes `<figure>` with its images and, when non-empty, its caption.
    mutating func figure(from wrapper: HTMLElement, caption: String? = nil, into output: inout NodeListBuilder) {
        // Images are kept exactly as cleaning gives them, without merging text.
        var images = NodeListBuilder(mergesText: false)
        var captions: [String] = []
        collectFigureParts(of: wrapper.children, images: &images, captions: &captions)
        if let caption, !caption.isEmpty { captions.append(caption) }
        let children = images.finish()
        guard !children.isEmpty else { return }
        var figure = HTMLElement(name: "figure", children: children)
        if !captions.isEmpty {
            figure.children.append(
                .element(HTMLElement(name: "figcaption", children: [.text(captions.joined(separator: " "))])))
        }
        output.append(.element(figure))
    }

    mutating func collectFigureParts(
        of nodes: [HTMLNode], images: inout NodeListBuilder, captions: inout [String]
    ) {
        for case .element(let element) in nodes {
            let roles = ClassRoles(of: element, in: cleaner.classRoles)
            if isDropped(element, roles: roles) { continue }
            if roles.contains(.caption) {
                let text = TextExtractor().inlineText(of: element.children)
                if !text.isEmpty { captions.append(text) }
            } else if element.traits.contains(.image) {
                clean(element, inPre: false, inBlockContainer: false, into: &images)
            } else {
                collectFigureParts(of: element.children, images: &images, captions: &captions)
            }
        }
    }

    // MARK: Captions written as the paragraph after an image

    /// Whether `element` is a paragraph holding images and nothing else visible.
    static func isImageParagraph(_ element: HTMLElement) -> Bool {
        guard element.name == "p" else { return false }
        var hasImage = false
        func visit(_ nodes: [HTMLNode]) -> Bool {
            for node in nodes {
                switch node {
                case .text(let text): if !text.isFoldableWhitespace { return false }
                case .comment: break
                case .element(let child):
                    if child.traits.contains(.image) {
                        hasImage = true
                    } else if !child.traits.contains(.lineBreak) && !visit(child.children) {
                        return false
                    }
                }
            }
            return true
        }
        return visit(element.children) && hasImage
    }

    /// The next element after `index` (white space between) when it is a caption paragraph: a
    /// `<p>` whose only content is an element styled with one of
    /// ``PublisherRules/captionStyleFragments`` (观察者网's grey `<span>`); its index and text.
    func captionParagraph(after index: Int, in nodes: [HTMLNode]) -> (Int, String)? {
        var next = index + 1
        while next < nodes.count, case .text(let text) = nodes[next], text.isFoldableWhitespace { next += 1 }
        guard next < nodes.count, case .element(let paragraph) = nodes[next], paragraph.name == "p" else { return nil }
        let visible = paragraph.children.filter { !Self.isWhitespaceText($0) }
        guard visible.count == 1, case .element(let styled) = visible[0], let style = styled.attribute("style"),
            rules.captionStyleFragments.contains(where: { style.replacingOccurrences(of: " ", with: "").contains($0) })
        else { return nil }
        let text = TextExtractor().inlineText(of: styled.children)
        return text.isEmpty ? nil : (next, text)
    }

    // MARK: Media and links

    /// Points an image at its real file: a lazy-loading attribute over `src`, a CORS-proxy
    /// wrapper taken off. Returns `false` when the image is a placeholder (to be dropped).
    mutating func resolveImage(_ image: inout HTMLElement) -> Bool {
        var src = image.attribute("src")
        for name in rules.lazyImageAttributes {
            guard let value = image.attribute(name)?.trimmingASCIIWhitespace(), !value.isEmpty,
                let candidate = name.hasSuffix("srcset") ? MediaURL.largestCandidate(inSrcset: value) : value
            else { continue }
            if candidate != src {
                if let src { lazySources[src] = candidate }
                src = candidate
                hit("lazy image resolved")
            }
            break
        }
        guard let found = src else { return true }
        let unwrapped = MediaURL.unwrappingProxy(found, proxyHosts: rules.proxyHosts)
        if unwrapped != found { hit("proxy unwrapped") }
        if MediaURL.isPlaceholderImage(unwrapped, rules: rules)
            || (Self.isOnePixel(image.attribute("width")) && Self.isOnePixel(image.attribute("height")))
        {
            hit("placeholder image")
            return false
        }
        if rules.decorativeImageMaxWidth > 0,
            let width = (image.attribute("data-w") ?? image.attribute("width")).flatMap({ Int($0) }),
            width <= rules.decorativeImageMaxWidth
        {
            hit("decorative image")
            return false
        }
        if unwrapped != image.attribute("src") {
            image.attributes.removeAll { $0.name == "src" }
            image.attributes.append(HTMLAttribute(name: "src", value: unwrapped))
        }
        return true
    }

    static func isOnePixel(_ length: String?) -> Bool {
        guard let length = length?.trimmingASCIIWhitespace() else { return false }
        return length == "1" || length == "1px" || length == "0" || length == "0px"
    }

    /// Points a link at its target: CORS proxy and redirect endpoints taken off. Returns
    /// `false` when the link is an affiliate or tracking redirect (to be reduced to its text).
    mutating func resolveLink(_ link: inout HTMLElement) -> Bool {
        guard let href = link.attribute("href") else { return true }
        var target = MediaURL.unwrappingProxy(href, proxyHosts: rules.proxyHosts)
        if target != href { hit("proxy unwrapped") }
        if let redirected = MediaURL.redirectTarget(of: target, redirects: rules.redirectLinks) {
            hit("redirect unwrapped")
            target = redirected
        }
        if let host = MediaURL.host(of: target), MediaURL.host(host, isWithin: rules.trackingLinkHosts) {
            hit("tracking link reduced to text")
            return false
        }
        if target != href {
            link.attributes.removeAll { $0.name == "href" }
            link.attributes.insert(HTMLAttribute(name: "href", value: target), at: 0)
        }
        return true
    }

    /// An embedded player (`iframe`, `video`, `embed`) becomes a link to the video (a
    /// paragraph of its own in a block container), so the reader still finds it; one without an
    /// `http(s)` address is dropped.
    mutating func embedLink(for player: HTMLElement, inBlockContainer: Bool, into output: inout NodeListBuilder) {
        let sources =
            [player.attribute("src"), player.attribute("data-src")]
            + player.children.compactMap { $0.element?.name == "source" ? $0.element?.attribute("src") : nil }
        guard let raw = sources.compactMap({ $0?.trimmingASCIIWhitespace() }).first(where: { !$0.isEmpty }),
            MediaURL.host(of: raw) != nil
        else {
            hit("embedded player dropped")
            return
        }
        let url = MediaURL.watchURL(forEmbed: MediaURL.unwrappingProxy(raw, proxyHosts: rules.proxyHosts))
        guard cleaner.sanitizer.sanitizedURL(url, allowsDataImage: false) == url else {
            hit("embedded player dropped")
            return
        }
        hit("embedded player linked")
        let link = HTMLElement(
            name: "a", attributes: [HTMLAttribute(name: "href", value: url)], children: [.text("▶ " + url)])
        let isBlock = inBlockContainer && !isInPhrasingContainer
        output.append(.element(isBlock ? HTMLElement(name: "p", children: [.element(link)]) : link))
    }

    func isLayoutTable(_ table: HTMLElement) -> Bool {
        table.classNames.contains { name in rules.layoutTableClassPrefixes.contains { name.hasPrefix($0) } }
    }

    /// The cells of a table's rows, in order (through `thead`/`tbody`/`tfoot`).
    static func cells(of nodes: [HTMLNode]) -> [HTMLElement] {
        var cells: [HTMLElement] = []
        for case .element(let element) in nodes {
            if element.traits.contains(.tableCell) {
                cells.append(element)
            } else if ["thead", "tbody", "tfoot", "tr"].contains(element.name) {
                cells += Self.cells(of: element.children)
            }
        }
        return cells
    }

    /// The target of the one link in `nodes`, or `nil` when there is none or more than one.
    static func onlyLinkTarget(in nodes: [HTMLNode]) -> String? {
        var targets: [String] = []
        func visit(_ nodes: [HTMLNode]) {
            for case .element(let element) in nodes {
                if element.traits.contains(.anchor), let href = element.attribute("href") { targets.append(href) }
                visit(element.children)
            }
        }
        visit(nodes)
        return targets.count == 1 ? targets[0] : nil
    }

    // MARK: Credit lines

    /// Reads a `原标题`/`来源`/`责任编辑` line; returns whether `text` was one.
    mutating func readCreditLine(_ text: String) -> Bool {
        // utf8.count is O(1) for native strings: cheap bounds before counting characters (a
        // string has no more characters than bytes).
        guard !text.isEmpty, text.utf8.count <= rules.maxLabelLineLength * 4, !text.utf8.contains(0x0A),
            text.utf8.count <= rules.maxLabelLineLength || text.count <= rules.maxLabelLineLength
        else { return false }
        if var title = Self.value(after: rules.originalTitleLabels, in: text) {
            // `原标题：… 来源：…` on one line: the earliest source label splits it.
            var split: Range<String.Index>?
            for label in rules.sourceLabels {
                guard let range = title.utf8Range(of: label) else { continue }
                if let earlier = split, earlier.lowerBound <= range.lowerBound { continue }
                split = range
            }
            var named: String?
            if let split {
                named = String(title[split.upperBound...]).trimmingFoldableWhitespace()
                title = String(title[..<split.lowerBound]).trimmingFoldableWhitespace()
            }
            guard !title.isEmpty else { return false }
            if originalTitle == nil { originalTitle = title }
            if source == nil, let named, !named.isEmpty { source = named }
            return true
        }
        if let named = Self.value(after: rules.sourceLabels, in: text) {
            guard !named.isEmpty else { return false }
            if source == nil { source = named }
            return true
        }
        if let name = Self.value(after: rules.editorLabels, in: text) {
            guard !name.isEmpty else { return false }
            if editor == nil { editor = name }
            return true
        }
        return false
    }

    /// Reads a source line inside a credit comment (`<!--article_adlist[…]article_adlist-->`).
    mutating func readCreditComment(_ comment: String) {
        guard commentSource == nil else { return }
        for wrapper in rules.creditComments {
            let trimmed = comment.trimmingFoldableWhitespace()
            guard trimmed.hasPrefix(wrapper.prefix),
                rules.sourceLabels.contains(where: { trimmed.contains($0) })
            else { continue }
            var inner = trimmed.dropFirst(wrapper.prefix.count)
            if inner.hasSuffix(wrapper.suffix) { inner = inner.dropLast(wrapper.suffix.count) }
            let text = TextExtractor().text(of: HTMLDocument(parsing: String(inner)).nodes)
            for line in text.split(separator: "\n") {
                if let named = Self.value(after: rules.sourceLabels, in: String(line)), !named.isEmpty {
                    commentSource = named
                    return
                }
            }
        }
    }

    /// The trimmed text after the first of `labels` that `text` starts with.
    static func value(after labels: [String], in text: String) -> String? {
        for label in labels where text.hasPrefix(label) {
            return String(text.dropFirst(label.count)).trimmingFoldableWhitespace()
        }
        return nil
    }

    // MARK: Rule matching

    func isDropped(_ element: HTMLElement, roles: ClassRoles) -> Bool {
        if !rules.droppedAttributes.isEmpty
            && element.attributes.contains(where: { rules.droppedAttributes.contains($0.name) })
        {
            return true
        }
        if let id = element.attribute("id"), rules.droppedIDPrefixes.contains(where: { id.hasPrefix($0) }) {
            return true
        }
        return roles.contains(.dropped)
    }

    // MARK: Tree helpers

    static func isBlockNode(_ node: HTMLNode?) -> Bool {
        guard case .element(let element)? = node else { return false }
        return element.traits.contains(.block)
    }

    static func isWhitespaceText(_ node: HTMLNode) -> Bool {
        if case .text(let text) = node { return text.isFoldableWhitespace }
        return false
    }

    /// The first non-white-space character of the text of `nodes`, looking into elements.
    static func firstVisibleScalar(in nodes: [HTMLNode]) -> Unicode.Scalar? {
        for node in nodes {
            switch node {
            case .text(let text):
                if let scalar = text.unicodeScalars.first(where: { !$0.isFoldableWhitespace }) { return scalar }
            case .element(let element):
                if let scalar = firstVisibleScalar(in: element.children) { return scalar }
            case .comment:
                break
            }
        }
        return nil
    }

    /// Whether nothing but white space and `<br>` is in `nodes`.
    static func isBlank(_ nodes: [HTMLNode]) -> Bool {
        nodes.allSatisfy { node in
            switch node {
            case .text(let text): return text.isFoldableWhitespace
            case .element(let element): return element.traits.contains(.lineBreak)
            case .comment: return true
            }
        }
    }

    static func upgradeProtocolRelativeURL(named name: String, in element: inout HTMLElement) {
        guard let index = element.attributes.firstIndex(where: { $0.name == name }),
            element.attributes[index].value.hasPrefix("//")
        else { return }
        element.attributes[index].value = "https:" + element.attributes[index].value
    }

    /// Removes white space (and `<br>`) at the start of a block, looking into inline elements.
    static func trimLeadingWhitespace(_ nodes: inout [HTMLNode]) {
        while let first = nodes.first {
            switch first {
            case .text(var text):
                // The array lets go of the text first, so that it is trimmed in place.
                nodes[0] = .comment("")
                text.trimLeadingFoldableWhitespace()
                if text.isEmpty {
                    nodes.removeFirst()
                    continue
                }
                nodes[0] = .text(text)
                return
            case .comment:
                nodes.removeFirst()
            case .element(var element):
                if element.traits.contains(.lineBreak) {
                    nodes.removeFirst()
                    continue
                }
                guard element.traits.isDisjoint(with: [.block, .void]) else { return }
                nodes[0] = .comment("")
                trimLeadingWhitespace(&element.children)
                if element.children.isEmpty && element.traits.contains(.removableWhenEmpty) {
                    nodes.removeFirst()
                    continue
                }
                nodes[0] = .element(element)
                return
            }
        }
    }

    /// Removes white space (and `<br>`) at the end of a block, looking into inline elements.
    static func trimTrailingWhitespace(_ nodes: inout [HTMLNode]) {
        while let last = nodes.last {
            let index = nodes.count - 1
            switch last {
            case .text(var text):
                // The array lets go of the text first, so that it is trimmed in place.
                nodes[index] = .comment("")
                text.trimTrailingFoldableWhitespace()
                if text.isEmpty {
                    nodes.removeLast()
                    continue
                }
                nodes[index] = .text(text)
                return
            case .comment:
                nodes.removeLast()
            case .element(var element):
                if element.traits.contains(.lineBreak) {
                    nodes.removeLast()
                    continue
                }
                guard element.traits.isDisjoint(with: [.block, .void]) else { return }
                nodes[index] = .comment("")
                trimTrailingWhitespace(&element.children)
                if element.children.isEmpty && element.traits.contains(.removableWhenEmpty) {
                    nodes.removeLast()
                    continue
                }
                nodes[index] = .element(element)
                return
            }
        }
    }
}

/// Builds a node list, merging adjacent text (so text from unwrapped elements joins its
/// neighbours) without quadratic string copying; or, when not `mergesText`, keeping every
/// node as given.
private struct NodeListBuilder {
    private let mergesText: Bool
    private var nodes: [HTMLNode] = []
    private var pendingText = ""

    init(mergesText: Bool, capacity: Int = 0) {
        self.mergesText = mergesText
        nodes.reserveCapacity(capacity)
    }

    mutating func append(text: String) {
        append(.text(text))
    }

    mutating func append(_ node: HTMLNode) {
        if mergesText, case .text(let text) = node {
            pendingText += text
            return
        }
        flushText()
        nodes.append(node)
    }

    mutating func finish() -> [HTMLNode] {
        flushText()
        return nodes
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        nodes.append(.text(pendingText))
        pendingText = ""
    }
}
