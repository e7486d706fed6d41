import GazetteCore
import GazetteStore
import HTTPServer

extension GazetteApp {
    /// `GET /v1/feed.atom`, `/v1/feed.rss`, `/v1/feed.json`: the articles the list parameters
    /// select (the newest ``Feed/defaultItemCount`` by default) as a feed document.
    ///
    /// A data route, so the read pipeline gives it the data-version ETag, 304, gzip and the
    /// response cache; ``linkBaseVariant(_:route:)`` keeps those apart per base URL.
    func feed(_ request: Request, route: Route, context: LoopContext) throws -> Reply {
        let format: Feed.Format
        switch route {
        case .feedAtom: format = .atom
        case .feedRSS: format = .rss
        default: format = .json
        }
        let parameters = try ListParameters.parse(request, dates: dates, defaultLimit: Feed.defaultItemCount)
        let (ids, next) = try feedArticleIDs(parameters, context: context)
        var articles: [Article] = []
        articles.reserveCapacity(ids.count)
        for id in ids {
            // An article deleted between the two reads is simply left out.
            if let article = try context.reader.article(id: id) { articles.append(article) }
        }
        let base = Self.feedBaseURL(configured: configuration.baseURL, host: request.header("Host"))
        let feed = Feed(
            title: Self.feedTitle(parameters), description: Self.feedDescription(parameters), baseURL: base,
            selfURL: base + request.rawTarget, feedID: base + Self.target(request, removing: ["cursor", "offset"]),
            nextURL: next.map { base + Self.nextPageTarget(request, cursor: $0.token) }, articles: articles)
        return Reply(body: feed.rendered(as: format), contentType: format.contentType)
    }

    /// The ids of the page the parameters select, in order, and where the next page starts.
    ///
    /// This is the one place that chooses the listing: the same one `GET /v1/articles` uses
    /// (search included: `q` is part of the query).
    private func feedArticleIDs(_ parameters: ListParameters, context: LoopContext) throws -> ([Int64], ArticleCursor?)
    {
        var ids: [Int64] = []
        let listing = try context.reader.list(parameters.query) { ids.append($0.id) }
        return (ids, listing.nextCursor)
    }

    /// What, besides the request target, a response of `route` depends on: for feeds and
    /// article pages, the base URL of their absolute links (which may come from the `Host`
    /// header). Appended to the target that keys the response cache and the ETag, so a page
    /// fetched under one host name is never served under another.
    func linkBaseVariant(_ request: Request, route: Route) -> String {
        switch route {
        case .feedAtom, .feedRSS, .feedJSON, .articlePage:
            return "\u{0}" + Self.feedBaseURL(configured: configuration.baseURL, host: request.header("Host"))
        default:
            return ""
        }
    }

    /// The scheme and authority of absolute links in feeds: the `base_url` setting (trailing
    /// slashes removed), else `http://` and the request's `Host`, else `http://localhost`
    /// when `Host` is missing or not a plain host name (it is client input written into
    /// documents others read).
    static func feedBaseURL(configured: String?, host: String?) -> String {
        if var configured, !configured.isEmpty {
            while configured.hasSuffix("/") { configured.removeLast() }
            if !configured.isEmpty { return configured }
        }
        guard let host, isPlainHost(host) else { return "http://localhost" }
        return "http://" + host
    }

    /// A `Host` value made only of what names and ports use: letters, digits, `.-_:[]`
    /// (IPv6 literals included), at most 255 bytes. No spaces, controls, slashes, `@`, quotes.
    static func isPlainHost(_ host: String) -> Bool {
        let bytes = host.utf8
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "["),
                UInt8(ascii: "]"):
                return true
            default:
                return false
            }
        }
    }

    /// The request's path and query without the named parameters.
    static func target(_ request: Request, removing names: Set<String>) -> String {
        guard let query = request.rawQuery else { return request.path }
        let kept = query.split(separator: "&").filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return !names.contains(name)
        }
        return kept.isEmpty ? request.path : "\(request.path)?\(kept.joined(separator: "&"))"
    }

    /// `Gazette`, or `Gazette: 金融, 2021` with the filters' values.
    static func feedTitle(_ parameters: ListParameters) -> String {
        let query = parameters.query
        var names: [String] = query.categories.map { filter in
            switch filter {
            case .name(let name): return name
            case .path(let path): return path.joined
            }
        }
        names += query.tags + query.authors
        if let search = parameters.search { names.append("“\(search)”") }
        return names.isEmpty ? Feed.generator : "\(Feed.generator): \(names.joined(separator: ", "))"
    }

    static func feedDescription(_ parameters: ListParameters) -> String {
        let query = parameters.query
        let filtered =
            !query.categories.isEmpty || !query.tags.isEmpty || !query.authors.isEmpty
            || query.since != nil || query.until != nil || parameters.search != nil
        let order: String
        switch query.sort {
        case .newest: order = "The newest"
        case .oldest: order = "The oldest"
        case .relevance: order = "The best-matching"
        }
        return filtered ? "\(order) articles of Gazette that match the feed's filters" : "\(order) articles of Gazette"
    }
}
