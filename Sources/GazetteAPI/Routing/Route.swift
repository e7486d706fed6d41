import HTTPServer

/// The routes of the API; also the `route` label of the metrics.
enum Route: String, CaseIterable, Sendable {
    case reader = "/"
    case healthz = "/healthz"
    case readyz = "/readyz"
    case metrics = "/metrics"
    case openAPI = "/openapi.json"
    case articlePage = "/articles/{id}"
    case articles = "/v1/articles"
    case article = "/v1/articles/{id}"
    case articleBody = "/v1/articles/{id}/body"
    case categories = "/v1/categories"
    case tags = "/v1/tags"
    case authors = "/v1/authors"
    case changes = "/v1/changes"
    case stream = "/v1/stream"
    case feedAtom = "/v1/feed.atom"
    case feedRSS = "/v1/feed.rss"
    case feedJSON = "/v1/feed.json"
    case unmatched = "unmatched"

    /// The route of a decoded path and, for article routes, the `{id-or-slug}` segment.
    static func match(_ path: String) -> (Route, String?) {
        switch path {
        case "/": return (.reader, nil)
        case "/healthz": return (.healthz, nil)
        case "/readyz": return (.readyz, nil)
        case "/metrics": return (.metrics, nil)
        case "/openapi.json": return (.openAPI, nil)
        case "/v1/articles", "/v1/articles/": return (.articles, nil)
        case "/v1/categories": return (.categories, nil)
        case "/v1/tags": return (.tags, nil)
        case "/v1/authors": return (.authors, nil)
        case "/v1/changes": return (.changes, nil)
        case "/v1/stream": return (.stream, nil)
        case "/v1/feed.atom": return (.feedAtom, nil)
        case "/v1/feed.rss": return (.feedRSS, nil)
        case "/v1/feed.json": return (.feedJSON, nil)
        default: break
        }
        if let key = segment(of: path, after: "/articles/") { return (.articlePage, key) }
        let prefix = "/v1/articles/"
        guard path.hasPrefix(prefix) else { return (.unmatched, nil) }
        let rest = path.dropFirst(prefix.count)
        if rest.hasSuffix("/body") {
            return oneSegment(rest.dropLast(5)).map { (.articleBody, $0) } ?? (.unmatched, nil)
        }
        return oneSegment(rest).map { (.article, $0) } ?? (.unmatched, nil)
    }

    /// The one non-empty segment after `prefix`, when `path` is `prefix` and one segment.
    private static func segment(of path: String, after prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        return oneSegment(path.dropFirst(prefix.count))
    }

    /// `text` when it is one non-empty path segment (no `/`; a byte search, not Foundation's
    /// string search, on every request).
    private static func oneSegment(_ text: Substring) -> String? {
        text.isEmpty || text.utf8.contains(UInt8(ascii: "/")) ? nil : String(text)
    }

    /// The methods a route answers (HEAD with every GET; OPTIONS everywhere, for CORS).
    var allowedMethods: [HTTPMethod] {
        switch self {
        case .articles: return [.get, .head, .post, .options]
        case .article: return [.get, .head, .put, .delete, .options]
        case .unmatched: return []
        default: return [.get, .head, .options]
        }
    }

    /// ``allowedMethods`` as the `Allow` header lists them.
    var allowHeader: String { allowedMethods.map(\.rawValue).joined(separator: ", ") }
}
