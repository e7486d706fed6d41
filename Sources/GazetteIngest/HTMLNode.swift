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
    var name: String
    /// Attributes in source order; a bare attribute (`<img alt>`) has the value `""`.
    var attributes: [HTMLAttribute]
    var children: [HTMLNode]

    init(name: String, attributes: [HTMLAttribute] = [], children: [HTMLNode] = []) {
        self.name = name
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
