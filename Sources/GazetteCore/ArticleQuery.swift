/// What `GET /v1/articles` (and the feeds) asks for: filters, order and page.
///
/// Values are already validated (see the API's parameter parsing); the store turns a query into
/// one SQL statement.
public struct ArticleQuery: Sendable, Equatable {
    /// A `category=` value: a name anywhere on a path, or a full path.
    public enum CategoryFilter: Sendable, Hashable {
        case name(String)
        case path(CategoryPath)
    }

    /// The order of results.
    public enum Sort: String, Sendable, Equatable {
        /// `-published_at`: newest first, undated last (the default).
        case newest = "-published_at"
        /// `published_at`: oldest first, undated last.
        case oldest = "published_at"
        /// `relevance`: best search match first (only with a search).
        case relevance
    }

    /// Categories to match; several are ORed.
    public var categories: [CategoryFilter] = []
    /// Exact tags; several are ORed.
    public var tags: [String] = []
    /// Exact authors; several are ORed.
    public var authors: [String] = []
    /// Inclusive lower bound on `published_at`, seconds since the epoch.
    public var since: Int64?
    /// Exclusive upper bound on `published_at`.
    public var until: Int64?
    public var sort: Sort = .newest
    /// Page size, 1–100.
    public var limit: Int = 20
    /// Keyset position: the page starts after this article.
    public var cursor: ArticleCursor?
    /// Rows to skip instead of a cursor (page-number frontends), at most 10,000.
    public var offset: Int = 0
    /// Full-text search (`q`), parsed.
    public var search: SearchQuery?

    public init() {}

    /// Whether any filter narrows the articles (not counting paging).
    public var hasFilters: Bool {
        !categories.isEmpty || !tags.isEmpty || !authors.isEmpty || since != nil || until != nil || search != nil
    }
}

/// A position in a listing: the last article of a page, by its sort key.
///
/// Encoded opaquely for clients as base64url of `v1:<sort>:<key>:<id>`, the key being the
/// date (`-` when undated) or, by relevance, the score's bits; a cursor only continues the
/// order it came from.
public struct ArticleCursor: Sendable, Equatable {
    public var sort: ArticleQuery.Sort
    public var publishedAt: Int64?
    /// The relevance score (lower is better) when sorting by relevance.
    public var score: Double?
    public var id: Int64

    public init(sort: ArticleQuery.Sort, publishedAt: Int64?, id: Int64, score: Double? = nil) {
        self.sort = sort
        self.publishedAt = publishedAt
        self.id = id
        self.score = score
    }

    /// The opaque token.
    public var token: String {
        let key: String
        let kind: String
        switch sort {
        case .newest:
            kind = "d"
            key = publishedAt.map(String.init) ?? "-"
        case .oldest:
            kind = "a"
            key = publishedAt.map(String.init) ?? "-"
        case .relevance:
            kind = "r"
            key = String((score ?? 0).bitPattern, radix: 16)
        }
        return Base64URL.encode(Array("v1:\(kind):\(key):\(id)".utf8))
    }

    /// Decodes a token; `nil` when it is not one this server made.
    public init?(token: String) {
        guard token.utf8.count <= 128, let bytes = Base64URL.decode(token),
            let text = String(validating: bytes, as: UTF8.self)
        else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let id = Int64(parts[3]), id > 0 else { return nil }
        switch parts[1] {
        case "d": sort = .newest
        case "a": sort = .oldest
        case "r":
            guard let bits = UInt64(parts[2], radix: 16), Double(bitPattern: bits).isFinite else { return nil }
            sort = .relevance
            score = Double(bitPattern: bits)
            publishedAt = nil
            self.id = id
            return
        default: return nil
        }
        if parts[2] == "-" {
            publishedAt = nil
        } else {
            guard let date = Int64(parts[2]) else { return nil }
            publishedAt = date
        }
        self.id = id
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(value >> UInt32(shift) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            var value = UInt32(bytes[index]) << 16
            if rest == 2 { value |= UInt32(bytes[index + 1]) << 8 }
            out.append(alphabet[Int(value >> 18 & 63)])
            out.append(alphabet[Int(value >> 12 & 63)])
            if rest == 2 { out.append(alphabet[Int(value >> 6 & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "-"): values.append(62)
            case UInt8(ascii: "_"): values.append(63)
            default: return nil
            }
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var value: UInt32 = 0
            for (offset, v) in chunk.enumerated() { value |= UInt32(v) << UInt32(18 - 6 * offset) }
            out.append(UInt8(value >> 16 & 0xFF))
            if chunk.count > 2 { out.append(UInt8(value >> 8 & 0xFF)) }
            if chunk.count > 3 { out.append(UInt8(value & 0xFF)) }
            index += 4
        }
        return out
    }
}
