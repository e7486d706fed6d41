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
    public func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}
