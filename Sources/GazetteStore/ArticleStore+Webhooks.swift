import GazetteCore

/// The webhook outbox's write side: each change that an active endpoint wants becomes a
/// message in the same transaction as the change (API.md, "Webhooks": at least once, nothing
/// lost to a crash). The body is fixed here, when the change is made.
extension ArticleStore {
    /// Makes the endpoint table say what the config file says: endpoints are matched by URL,
    /// their secret and filters replaced; endpoints no longer listed become inactive (their
    /// messages stay, and count, but are not sent). One transaction.
    public func syncWebhookEndpoints(_ endpoints: [WebhookEndpoint]) throws {
        try transaction {
            try connection.execute("UPDATE webhook_endpoints SET is_active = 0")
            let upsert = try connection.statement(
                """
                INSERT INTO webhook_endpoints (url, secret, events, categories, tags, authors, is_active)
                VALUES (?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (url) DO UPDATE SET secret = excluded.secret, events = excluded.events,
                    categories = excluded.categories, tags = excluded.tags, authors = excluded.authors, is_active = 1
                """)
            for endpoint in endpoints {
                try upsert.execute([
                    .text(endpoint.url), .text(endpoint.secret),
                    .text(endpoint.events.map(\.rawValue).sorted().joined(separator: "\n")),
                    .text(endpoint.categories.joined(separator: "\n")), .text(endpoint.tags.joined(separator: "\n")),
                    .text(endpoint.authors.joined(separator: "\n")),
                ])
            }
        }
    }

    /// Runs `body` in a transaction unless one is open already (the HTTP writes and the ingest
    /// open their own), so that an article write and its messages always commit together.
    func atomically<T>(_ body: () throws -> T) throws -> T {
        connection.isInTransaction ? try body() : try transaction(body)
    }

    /// The active endpoints with their filters (a few rows: read per write, so that endpoints
    /// another process synced are seen at once).
    private func activeWebhookEndpoints() throws -> [(id: Int64, endpoint: WebhookEndpoint)] {
        var found: [(id: Int64, endpoint: WebhookEndpoint)] = []
        try connection.statement(
            "SELECT id, url, events, categories, tags, authors FROM webhook_endpoints WHERE is_active = 1"
        ).forEachRow { row in
            func list(_ column: Int32) -> [String] {
                row.string(column).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            }
            let endpoint = WebhookEndpoint(
                url: row.string(1), secret: "", events: Set(list(2).compactMap(WebhookEndpoint.Event.init)),
                categories: list(3), tags: list(4), authors: list(5))
            found.append((row.int64(0), endpoint))
        }
        return found
    }

    /// Queues one message per matching endpoint for the change just logged (the newest row of
    /// `changes`, written by the schema's trigger in this transaction).
    ///
    /// - Parameters:
    ///   - facets: the article's category paths, tags and author (for a deletion, as they were).
    func enqueueWebhookMessages(
        for event: WebhookEndpoint.Event, facets: (paths: [CategoryPath], tags: [String], author: String?)
    ) throws {
        let articleFacets = ArticleFacets(paths: facets.paths, tags: facets.tags, author: facets.author)
        let endpoints = try activeWebhookEndpoints().filter { $0.endpoint.matches(event, articleFacets) }
        guard !endpoints.isEmpty else { return }
        guard
            let change = try connection.statement(
                "SELECT seq, article_id, slug, at FROM changes WHERE seq = (SELECT max(seq) FROM changes)"
            ).first([], { (sequence: $0.int64(0), articleID: $0.int64(1), slug: $0.string(2), at: $0.int64(3)) })
        else { return }
        var json = JSONWriter(capacity: 1_024)
        json.objectStart()
        json.key("type")
        json.string("article.\(event.rawValue)")
        json.key("timestamp")
        json.date(change.at)
        json.key("data")
        json.objectStart()
        ChangeEntryJSON.writeFields(
            articleID: change.articleID, slug: change.slug, isDeletion: event == .deleted, at: change.at, to: &json)
        json.key("article")
        let wroteSummary: Bool =
            try event == .upserted
            && (connection.statement("SELECT \(SummaryRow.columns) FROM articles a WHERE a.id = ?").first(
                [.integer(change.articleID)]
            ) {
                ListedArticle(row: $0, hasText: false).writeSummaryJSON(fields: nil, snippet: nil, to: &json)
                return true
            } ?? false)
        if !wroteSummary { json.null() }
        json.objectEnd()
        json.objectEnd()
        let body = json.string
        let insert = try connection.statement(
            "INSERT INTO webhook_messages (endpoint_id, message_id, change_seq, body) VALUES (?, ?, ?, ?)")
        for (id, _) in endpoints {
            try insert.execute([.integer(id), .text(Self.newMessageID()), .integer(change.sequence), .text(body)])
        }
    }

    /// The facets of the article with `id` as stored (read before it is deleted); `nil` when
    /// there is none.
    func webhookFacets(ofArticle id: Int64) throws -> (paths: [CategoryPath], tags: [String], author: String?)? {
        guard
            try connection.statement("SELECT 1 FROM webhook_endpoints WHERE is_active = 1").first([], { _ in true })
                != nil
        else { return nil }
        guard let article = try reader.article(id: id) else { return nil }
        return (article.categoryPaths, article.tags, article.author)
    }

    /// `msg_` + 24 random base64url characters: unique per message, never a `.` (Standard
    /// Webhooks signs `{id}.{timestamp}.{body}`).
    static func newMessageID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "msg_" + Base64URL.encode((0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
