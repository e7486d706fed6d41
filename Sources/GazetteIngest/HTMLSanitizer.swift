/// An allow-list HTML sanitiser: what it returns is safe to insert with `innerHTML`.
///
/// The input is parsed with libxml2 into a tree, every element and attribute is checked
/// against ``Configuration`` and the result is serialised by ``HTMLSerializer``, which
/// escapes all text and attribute values. Safety therefore does not depend on how a browser
/// would re-parse odd markup: no comment, raw-text element (`script`, `style`, `textarea`,
/// `title`, `xmp`, `noscript`, `iframe`…) or foreign content (`svg`, `math`) is ever
/// emitted, so no text can turn back into markup.
///
/// - Elements not on the allow-list are **unwrapped** (their children kept, sanitised),
///   except those in ``Configuration/droppedElements``, which go with their content.
/// - Attributes not allowed for the element are dropped, so are all `on*` and `style`.
/// - URLs (`href`, `src`, `cite`) keep only `http`, `https`, `mailto`, relative URLs, and
///   `data:image/…` (raster types only) on `<img src>`. A link or image whose URL is
///   refused loses it: `<a>` is unwrapped, `<img>` dropped.
/// - A link with `target` gets `rel="noopener noreferrer nofollow"`.
///
/// ```swift
/// HTMLSanitizer().sanitize(html: #"<a href="jav&#x09;ascript:x()" onclick="y()">hi</a>"#)
/// // "hi"
/// ```
public struct HTMLSanitizer: Sendable {
    /// How an attribute's value is checked.
    public enum AttributeValue: Sendable, Equatable {
        /// Any text.
        case text
        /// A URL, checked by scheme (see ``HTMLSanitizer``).
        case url
        /// Digits only (`colspan`, `start`).
        case integer
        /// Digits, optionally followed by `%` or `px` (`width`, `height`).
        case length
        /// One of these values, compared case-insensitively and emitted lowercased.
        case keyword(Set<String>)
        /// Class names of the form `language-…` only (cmark-gfm's fenced code blocks).
        case languageClass
    }

    /// What the sanitiser allows; the defaults are the policy that Gazette serves.
    public struct Configuration: Sendable {
        /// Allowed elements and, for each, its allowed attributes beyond the global ones.
        public var allowedElements: [String: [String: AttributeValue]]
        /// Attributes allowed on every allowed element.
        public var globalAttributes: [String: AttributeValue]
        /// Elements removed together with everything inside them (all others that are not
        /// allowed are unwrapped).
        public var droppedElements: Set<String>
        /// Elements kept under another name (`center` becomes a `div`).
        public var renamedElements: [String: String]
        /// URL schemes allowed in any URL attribute (lowercase, without `:`).
        public var allowedURLSchemes: Set<String>
        /// The `image/…` media types allowed in `data:` URLs of `<img src>`. `svg+xml` is
        /// not among them: an SVG can carry script when opened as a document, and no post
        /// needs it.
        public var allowedDataImageTypes: Set<String>
        /// The `rel` given to every link that has a `target`.
        public var linkRelationForTargets: String

        /// The default policy.
        public init() {
            let cellSpan: [String: AttributeValue] = ["colspan": .integer, "rowspan": .integer]
            let align: AttributeValue = .keyword(["left", "center", "right", "justify"])
            var elements: [String: [String: AttributeValue]] = [:]
            for name in [
                "p", "div", "section", "article", "aside", "header", "footer", "nav", "main", "address",
                "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "br", "pre", "ul", "dl", "dt", "dd",
                "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "caption", "summary",
                "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark", "kbd", "samp", "var",
                "abbr", "dfn", "span", "bdi", "wbr", "ruby", "rt", "rp",
            ] {
                elements[name] = [:]
            }
            elements["a"] = ["href": .url, "target": .keyword(["_blank"])]
            elements["img"] = ["src": .url, "alt": .text, "width": .length, "height": .length]
            elements["ol"] = ["start": .integer, "reversed": .text]
            elements["li"] = ["value": .integer]
            elements["blockquote"] = ["cite": .url]
            elements["q"] = ["cite": .url]
            elements["cite"] = [:]
            elements["del"] = ["cite": .url, "datetime": .text]
            elements["ins"] = ["cite": .url, "datetime": .text]
            elements["time"] = ["datetime": .text]
            elements["code"] = ["class": .languageClass]
            elements["td"] = cellSpan.merging(["align": align]) { first, _ in first }
            elements["th"] = cellSpan.merging([
                "align": align, "scope": .keyword(["row", "col", "rowgroup", "colgroup"]),
            ]) {
                first, _ in first
            }
            elements["col"] = ["span": .integer]
            elements["colgroup"] = ["span": .integer]
            elements["details"] = ["open": .text]
            allowedElements = elements
            globalAttributes = ["title": .text, "lang": .text, "dir": .keyword(["ltr", "rtl", "auto"])]
            droppedElements = [
                "script", "style", "template", "noscript", "iframe", "frame", "frameset", "noframes", "object",
                "embed", "applet", "param", "base", "meta", "link", "title", "head", "form", "input", "button",
                "select", "option", "optgroup", "textarea", "datalist", "output", "keygen", "svg", "math",
                "video", "audio", "source", "track", "canvas", "map", "area", "xmp", "plaintext", "listing",
                "noembed", "portal", "dialog",
            ]
            renamedElements = ["center": "div", "strike": "s", "tt": "code"]
            allowedURLSchemes = ["http", "https", "mailto"]
            allowedDataImageTypes = ["png", "gif", "jpeg", "jpg", "pjpeg", "webp", "avif", "bmp", "x-icon"]
            linkRelationForTargets = "noopener noreferrer nofollow"
        }
    }

    /// What to do with one element.
    enum Outcome: Equatable {
        /// Remove it and its content.
        case drop
        /// Remove the tag, keep the (sanitised) children.
        case unwrap
        /// Keep it as this element (renamed and with sanitised attributes, no children yet).
        case keep(HTMLElement)
    }

    /// The policy in force.
    public let configuration: Configuration
    /// ``configuration`` by element name, so that deciding about an element takes one lookup.
    private let policies: [String: ElementPolicy]

    /// What ``configuration`` says about one element name.
    private enum ElementPolicy {
        case drop
        case unwrap
        /// Kept under `name` (renamed or not), with these attributes allowed (the element's
        /// own taking precedence over the global ones).
        case keep(name: String, allowed: [String: AttributeValue])
    }

    /// A sanitiser with Gazette's default policy.
    public init() {
        self.init(configuration: Configuration())
    }

    /// A sanitiser with the given policy.
    public init(configuration: Configuration) {
        self.configuration = configuration
        var policies: [String: ElementPolicy] = [:]
        let names = Set(configuration.allowedElements.keys).union(configuration.droppedElements)
            .union(configuration.renamedElements.keys)
        for original in names {
            let name = configuration.renamedElements[original] ?? original
            if configuration.droppedElements.contains(name) {
                // A void element cannot hold content, but libxml2's HTML 4 tables let some (`embed`)
                // swallow what follows them: that content belongs to the parent.
                policies[original] = HTMLSerializer.voidElements.contains(name) ? .unwrap : .drop
            } else if let allowed = configuration.allowedElements[name] {
                policies[original] = .keep(
                    name: name, allowed: allowed.merging(configuration.globalAttributes) { own, _ in own })
            }
        }
        self.policies = policies
    }

    /// Returns `html` reduced to the allow-list, as a well-formed fragment.
    ///
    /// - Parameter html: any text; malformed markup is repaired by the parser first.
    /// - Returns: the sanitised fragment, `""` when nothing is left.
    public func sanitize(html: String) -> String {
        HTMLSerializer().serialize(sanitize(nodes: HTMLDocument(parsing: html).nodes))
    }

    /// Sanitises a parsed tree: comments go, elements follow ``outcome(for:)``.
    func sanitize(nodes: [HTMLNode]) -> [HTMLNode] {
        var result: [HTMLNode] = []
        result.reserveCapacity(nodes.count)
        for node in nodes {
            switch node {
            case .text:
                result.append(node)
            case .comment:
                break
            case .element(let element):
                switch outcome(for: element) {
                case .drop:
                    break
                case .unwrap:
                    result.append(contentsOf: sanitize(nodes: element.children))
                case .keep(var kept):
                    kept.children = sanitize(nodes: element.children)
                    result.append(.element(kept))
                }
            }
        }
        return result
    }

    /// Decides about one element, looking at its name and attributes only.
    func outcome(for element: HTMLElement) -> Outcome {
        let name: String
        let allowed: [String: AttributeValue]
        switch policies[element.name] {
        case .drop: return .drop
        case .unwrap, nil: return .unwrap
        case .keep(let keptName, let keptAttributes):
            name = keptName
            allowed = keptAttributes
        }
        var attributes: [HTMLAttribute] = []
        for attribute in element.attributes {
            guard let kind = allowed[attribute.name],
                !attributes.contains(where: { $0.name == attribute.name }),
                let value = sanitizedValue(
                    attribute.value, as: kind, isImageSource: name == "img" && attribute.name == "src")
            else { continue }
            attributes.append(HTMLAttribute(name: attribute.name, value: value))
        }
        switch name {
        case "img":
            guard attributes.contains(where: { $0.name == "src" }) else { return .drop }
        case "a":
            guard attributes.contains(where: { $0.name == "href" }) else { return .unwrap }
            if attributes.contains(where: { $0.name == "target" }) {
                attributes.append(HTMLAttribute(name: "rel", value: configuration.linkRelationForTargets))
            }
        default:
            break
        }
        return .keep(HTMLElement(name: name, attributes: attributes))
    }

    private func sanitizedValue(_ value: String, as kind: AttributeValue, isImageSource: Bool) -> String? {
        switch kind {
        case .text:
            return value
        case .url:
            return sanitizedURL(value, allowsDataImage: isImageSource)
        case .integer:
            let trimmed = value.trimmingASCIIWhitespace()
            return !trimmed.isEmpty && trimmed.utf8.count <= 9 && trimmed.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                ? trimmed : nil
        case .length:
            var digits = Substring(value.trimmingASCIIWhitespace())
            if digits.hasSuffix("%") {
                digits = digits.dropLast()
            } else if digits.hasSuffix("px") {
                digits = digits.dropLast(2)
            }
            return !digits.isEmpty && digits.utf8.count <= 9 && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                ? value.trimmingASCIIWhitespace() : nil
        case .keyword(let allowed):
            let lowered = value.trimmingASCIIWhitespace().lowercased()
            return allowed.contains(lowered) ? lowered : nil
        case .languageClass:
            let names = value.split(separator: " ").filter { name in
                name.hasPrefix("language-") && name.count > 9
                    && name.utf8.allSatisfy { byte in
                        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                            || (byte >= 0x61 && byte <= 0x7A)
                            || byte == 0x2D || byte == 0x5F || byte == 0x2B || byte == 0x23 || byte == 0x2E
                    }
            }
            return names.isEmpty ? nil : names.joined(separator: " ")
        }
    }

    /// Returns the URL to emit, or `nil` when it must not be emitted.
    ///
    /// The check runs on the entity-decoded value (the parser decoded it) with every
    /// ASCII control and space removed and case folded, which is at least as much as a
    /// browser strips before reading a scheme (WHATWG URL §4.4 removes ASCII tab and newline
    /// anywhere and C0 controls and space at both ends), so `jav&#x09;ascript:`,
    /// ` javascript:` and `JaVaScRiPt:` are all seen as `javascript:`. Anything with a `:`
    /// before the first `/`, `?` or `#` must then name an allowed scheme exactly; a
    /// non-ASCII character there (`java\u{200B}script:`) makes it match none, so such a URL
    /// is refused too.
    func sanitizedURL(_ value: String, allowsDataImage: Bool) -> String? {
        let bytes = Array(value.utf8)
        // What is emitted: the URL as a browser reads it (tab and newlines removed, C0 controls
        // and space trimmed at both ends).
        var emitted = bytes.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        while let last = emitted.last, last <= 0x20 { emitted.removeLast() }
        let start = emitted.firstIndex { $0 > 0x20 } ?? emitted.endIndex
        guard start < emitted.endIndex else { return nil }
        // What is checked: the text before the first `:`, `/`, `?` or `#`, without any control
        // or space, lowercased.
        var scheme: [UInt8] = []
        var colon: Int?
        for index in start..<emitted.endIndex {
            let byte = emitted[index]
            if byte == UInt8(ascii: ":") {
                colon = index
                break
            }
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte <= 0x20 || byte == 0x7F { continue }
            scheme.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        let result =
            emitted.count == bytes.count && start == 0 ? value : String(decoding: emitted[start...], as: UTF8.self)
        guard let colon else { return result }  // relative, including protocol-relative `//host/…`
        // A non-ASCII byte makes the scheme one that no allowed name matches: refused.
        let name = String(decoding: scheme, as: UTF8.self)
        if configuration.allowedURLSchemes.contains(name) { return result }
        guard name == "data" && allowsDataImage else { return nil }
        let rest = emitted[(colon + 1)...].filter { $0 > 0x20 && $0 != 0x7F }.map {
            $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0
        }
        guard rest.starts(with: Array("image/".utf8)) else { return nil }
        let type = rest.dropFirst(6).prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",") }
        return configuration.allowedDataImageTypes.contains(String(decoding: type, as: UTF8.self)) ? result : nil
    }
}
