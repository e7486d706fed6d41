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
        let labels = rules.editorLabels + rules.sourceLabels + rules.originalTitleLabels + rules.boilerplateTexts
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
            editor: pass.editor)
    }

    /// Whether `src` is publisher furniture rather than an article image (compared
    /// without scheme). Used to null a thumbnail or header image that is boilerplate.
    public func isBoilerplateImage(_ src: String) -> Bool {
        boilerplateImageKeys.contains(String(PublisherRules.schemelessKey(src)))
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

    init(cleaner: BodyCleaner) {
        self.cleaner = cleaner
    }

    // MARK: Lists of nodes

    /// Cleans `nodes`, the children of a block element (or the top level) when
    /// `isBlockContainer`.
    mutating func clean(_ nodes: [HTMLNode], isBlockContainer: Bool, inPre: Bool) -> [HTMLNode] {
        var builder = NodeListBuilder(mergesText: true, capacity: nodes.count)
        for node in nodes {
            switch node {
            case .text(let text):
                builder.append(text: text)
            case .comment(let text):
                readCreditComment(text)
            case .element(let element):
                clean(element, inPre: inPre, into: &builder)
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
    mutating func clean(_ element: HTMLElement, inPre: Bool, into output: inout NodeListBuilder) {
        // 1. Publisher rules, which need the classes and ids that sanitising removes.
        let roles = ClassRoles(of: element, in: cleaner.classRoles)
        if isDropped(element, roles: roles) { return }
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
            kept.children = clean(
                element.children, isBlockContainer: kept.traits.contains(.block), inPre: isPre)
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
                if rules.boilerplateTexts.contains(text) || readCreditLine(text) { return }
            }
            Self.trimLeadingWhitespace(&element.children)
            Self.trimTrailingWhitespace(&element.children)
        }
        if traits.contains(.removableWhenEmpty) && Self.isBlank(element.children) { return }
        if traits.contains(.div) && element.attributes.isEmpty
            && element.children.allSatisfy({ Self.isBlockNode($0) || Self.isWhitespaceText($0) })
        {
            for node in element.children { output.append(node) }
            return
        }
        output.append(.element(element))
    }

    /// An image wrapper becomes `<figure>` with its images and, when non-empty, its caption.
    mutating func figure(from wrapper: HTMLElement, into output: inout NodeListBuilder) {
        // Images are kept exactly as cleaning gives them, without merging text.
        var images = NodeListBuilder(mergesText: false)
        var captions: [String] = []
        collectFigureParts(of: wrapper.children, images: &images, captions: &captions)
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
                clean(element, inPre: false, into: &images)
            } else {
                collectFigureParts(of: element.children, images: &images, captions: &captions)
            }
        }
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
