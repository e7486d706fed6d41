/// A category path, parent first, as Hexo writes it: `金融 › 新浪财经 › 新浪财经－国內`.
///
/// Names are kept exactly as written: no Unicode normalisation, no case folding.
public struct CategoryPath: Sendable, Hashable, Codable {
    /// The names from the root to the leaf; never empty, no empty names.
    public let components: [String]

    /// Creates a path from its names, dropping empty names; `nil` when none is left.
    public init?(_ components: [String]) {
        let kept = components.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !kept.isEmpty else { return nil }
        self.components = kept
    }

    /// Parses a path as a user writes it in a query: `A›B`, `A › B`, `A/B` or `A / B`.
    ///
    /// A single name (no separator) gives a one-element path.
    public init?(parsing text: String) {
        let separators: Set<Character> = ["›", "/"]
        self.init(text.split(whereSeparator: { separators.contains($0) }).map(String.init))
    }

    /// Whether `text` holds one of ``init(parsing:)``'s separators, `/` or `›` (U+203A, UTF-8
    /// E2 80 BA), looked for byte by byte: Foundation's `contains` is a locale-aware search, and
    /// this runs for every `category=` of an uncached list request.
    public static func hasSeparator(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "/") { return true }
            if byte == 0xE2, utf8.next() == 0x80, utf8.next() == 0xBA { return true }
        }
        return false
    }

    /// The path as one display string, `A › B › C`: the key the store indexes paths by.
    public var joined: String { components.joined(separator: " › ") }

    /// The last name on the path.
    public var name: String { components[components.count - 1] }

    /// Every prefix of the path, shortest first: `[A]`, `[A, B]`, `[A, B, C]`.
    public var prefixes: [CategoryPath] {
        (1...components.count).compactMap { CategoryPath(Array(components.prefix($0))) }
    }
}

extension StringProtocol {
    /// The string without leading and trailing whitespace (Unicode's, U+3000 included).
    ///
    /// A `Character` is whitespace when its first scalar is, so when the first scalar is not
    /// and the last one could not continue a cluster begun by whitespace (``Unicode/Scalar/endsClusterAlone``)
    /// there is nothing to trim, and the walk over `Character`s (grapheme breaking) is skipped:
    /// most names and parameter values are like that.
    public func trimmingWhitespace() -> String {
        if let first = unicodeScalars.first, let last = unicodeScalars.last,
            !first.properties.isWhitespace, last.endsClusterAlone
        {
            return String(self)
        }
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}

extension Unicode.Scalar {
    /// Printable ASCII other than space, or a CJK unified ideograph: scalars that are not
    /// whitespace and never extend a grapheme cluster (they are not Extend, ZWJ or SpacingMark,
    /// UAX #29), so the cluster they end starts with a scalar that is not whitespace either,
    /// as whitespace is followed in its cluster only by extending scalars.
    var endsClusterAlone: Bool {
        (0x21...0x7E).contains(value) || (0x4E00...0x9FFF).contains(value)
    }
}
