/// One webhook target of the config file (API.md, "Webhooks"): where changes are sent, the
/// secret that signs them, and which changes it wants.
public struct WebhookEndpoint: Sendable, Equatable {
    /// The kinds of change an endpoint can ask for.
    public enum Event: String, Sendable, CaseIterable {
        case upserted
        case deleted
    }

    /// The `http` or `https` URL messages are posted to.
    public var url: String
    /// `whsec_` + base64 of the key bytes (Standard Webhooks' form).
    public var secret: String
    /// The changes sent; API.md's default is both.
    public var events: Set<Event>
    /// Category filter: an article matches when one of these is on its path (a name anywhere on
    /// it, or a full path `A › B` from the root), as `category=` of `/v1/articles`; empty: any.
    public var categories: [String]
    /// Tag filter, exact; empty: any.
    public var tags: [String]
    /// Author filter, exact; empty: any.
    public var authors: [String]

    public init(
        url: String, secret: String, events: Set<Event> = Set(Event.allCases), categories: [String] = [],
        tags: [String] = [], authors: [String] = []
    ) {
        self.url = url
        self.secret = secret
        self.events = events
        self.categories = categories
        self.tags = tags
        self.authors = authors
    }

    /// The endpoint's filters as the list's query (``ArticleQuery/categoryFilter(parsing:)``
    /// reads each category as `category=` does).
    public var filter: ArticleQuery {
        var query = ArticleQuery()
        query.categories = categories.compactMap(ArticleQuery.categoryFilter(parsing:))
        query.tags = tags
        query.authors = authors
        return query
    }

    /// Whether a change of kind `event` to an article with `facets` is sent to this endpoint:
    /// the event is wanted and the article passes ``filter`` as the list would.
    public func matches(_ event: Event, _ facets: ArticleFacets) -> Bool {
        events.contains(event) && filter.matches(facets)
    }

    /// The key bytes of ``secret``: the base64 after `whsec_` (the prefix is optional, as the
    /// Standard Webhooks libraries accept); `nil` when that is not base64.
    public var secretKey: [UInt8]? {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        return Base64.decode(encoded)
    }
}
