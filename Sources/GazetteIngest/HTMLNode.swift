/// One node of a parsed HTML fragment, as a plain Swift value.
///
/// The tree is built once from libxml2's tree by ``HTMLDocument`` and then only ever
/// transformed as values, so no C pointer outlives the parse. Its depth is bounded by
/// ``HTMLDocument/Limits/maxDepth``, which is what lets the passes over it recurse.
enum HTMLNode: Sendable, Equatable {
    /// An element with its (lowercased) name, attributes in source order and children.
    case element(HTMLElement)
    /// Character data, entities already decoded.
    case text(String)
    /// The content of an HTML comment, kept so the cleaner can read publisher credits in it.
    case comment(String)

    /// The element, when this node is one.
    var element: HTMLElement? {
        if case .element(let element) = self { return element }
        return nil
    }
}

/// An HTML element: name, attributes and children.
struct HTMLElement: Sendable, Equatable {
    /// The lowercased tag name (libxml2's HTML parser lowercases names).
    var name: String {
        didSet { traits = HTMLElementTraits(name: name) }
    }
    /// What the passes need to know about ``name``, looked up once when the name is set, so
    /// no pass hashes the name again.
    private(set) var traits: HTMLElementTraits
    /// Attributes in source order; a bare attribute (`<img alt>`) has the value `""`.
    var attributes: [HTMLAttribute]
    var children: [HTMLNode]

    init(name: String, attributes: [HTMLAttribute] = [], children: [HTMLNode] = []) {
        self.name = name
        self.traits = HTMLElementTraits(name: name)
        self.attributes = attributes
        self.children = children
    }

    /// The value of the first attribute named `name`, or `nil`.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// Whether the element has an attribute named `name`, whatever its value.
    func hasAttribute(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// The class names of the `class` attribute, split on ASCII whitespace.
    var classNames: [Substring] {
        guard let value = attribute("class") else { return [] }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
    }

    /// The concatenated text of all descendant text nodes, as written (no folding).
    var textContent: String {
        var result = ""
        HTMLElement.appendText(of: children, to: &result)
        return result
    }

    private static func appendText(of nodes: [HTMLNode], to result: inout String) {
        for node in nodes {
            switch node {
            case .text(let text): result += text
            case .element(let element): appendText(of: element.children, to: &result)
            case .comment: break
            }
        }
    }
}

/// One attribute of an ``HTMLElement``.
struct HTMLAttribute: Sendable, Equatable {
    /// The lowercased attribute name.
    var name: String
    /// The value with entities decoded.
    var value: String
}

/// The element-name tables of the passes (``TextExtractor/blockElements``,
/// ``HTMLSerializer/voidElements``, ``BodyCleaner/removableWhenEmpty``) and the few names they
/// test for, as bits: one dictionary lookup per element instead of one per question.
struct HTMLElementTraits: OptionSet, Sendable, Hashable {
    let rawValue: UInt16

    /// In ``TextExtractor/blockElements``: starts and ends a paragraph.
    static let block = HTMLElementTraits(rawValue: 1 << 0)
    /// In ``HTMLSerializer/voidElements``: no content, no end tag.
    static let void = HTMLElementTraits(rawValue: 1 << 1)
    /// In ``BodyCleaner/removableWhenEmpty``.
    static let removableWhenEmpty = HTMLElementTraits(rawValue: 1 << 2)
    /// `br`.
    static let lineBreak = HTMLElementTraits(rawValue: 1 << 3)
    /// `td` or `th`.
    static let tableCell = HTMLElementTraits(rawValue: 1 << 4)
    /// `pre`.
    static let preformatted = HTMLElementTraits(rawValue: 1 << 5)
    /// `img`.
    static let image = HTMLElementTraits(rawValue: 1 << 6)
    /// `figure`.
    static let figure = HTMLElementTraits(rawValue: 1 << 7)
    /// `figcaption`.
    static let figcaption = HTMLElementTraits(rawValue: 1 << 8)
    /// `span`.
    static let span = HTMLElementTraits(rawValue: 1 << 9)
    /// `div`.
    static let div = HTMLElementTraits(rawValue: 1 << 10)
    /// `a`.
    static let anchor = HTMLElementTraits(rawValue: 1 << 11)

    init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The traits of the element named `name` (lowercase).
    init(name: String) {
        self = Self.table[name] ?? []
    }

    private static let table: [String: HTMLElementTraits] = {
        var table: [String: HTMLElementTraits] = [:]
        for name in TextExtractor.blockElements { table[name, default: []].insert(.block) }
        for name in HTMLSerializer.voidElements { table[name, default: []].insert(.void) }
        for name in BodyCleaner.removableWhenEmpty { table[name, default: []].insert(.removableWhenEmpty) }
        let named: [(String, HTMLElementTraits)] = [
            ("br", .lineBreak), ("td", .tableCell), ("th", .tableCell), ("pre", .preformatted), ("img", .image),
            ("figure", .figure), ("figcaption", .figcaption), ("span", .span), ("div", .div), ("a", .anchor),
        ]
        for (name, traits) in named { table[name, default: []].insert(traits) }
        return table
    }()
}
