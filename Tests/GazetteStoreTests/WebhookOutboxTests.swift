import Foundation
import GazetteCore
import Testing

@testable import GazetteStore

struct WebhookOutboxTests {
    func article(_ slug: String, paths: [[String]] = [], tags: [String] = [], author: String? = nil) -> Article {
        Article(
            slug: slug, title: "T \(slug)", author: author, publishedAt: 1_600_000_000,
            categoryPaths: paths.compactMap(CategoryPath.init), tags: tags, bodyHTML: "<p>x</p>", bodyText: "x",
            contentHash: "sha256:\(slug)", ingestedAt: 10, updatedAt: 10)
    }

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// Every message of the endpoint, oldest first, as (webhook-id, parsed body).
    func messages(_ outbox: WebhookOutbox, endpoint: Int64) throws -> [(String, [String: Any])] {
        var found: [(String, [String: Any])] = []
        while let message = try outbox.nextPendingMessage(endpoint: endpoint) {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(message.body.utf8)) as? [String: Any])
            found.append((message.messageID, object))
            try outbox.markDelivered(message.id, now: 0)
        }
        return found
    }

    @Test func writes_queueOneMessagePerChange_withTheAPIBody() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        try store.syncWebhookEndpoints([WebhookEndpoint(url: "https://example.com/a", secret: Self.secret)])
        let stored = try store.transaction { try store.insert(article("one"), sourcePath: nil, ingestVersion: 1) }
        var changed = stored
        changed.title = "Changed"
        try store.transaction { try store.update(changed, sourcePath: nil, ingestVersion: 1) }
        try store.transaction { _ = try store.delete(id: stored.id) }

        let outbox = WebhookOutbox(store: store)
        let endpoint = try #require(try outbox.activeEndpoints().first)
        #expect(endpoint.secret == Self.secret)
        let found = try messages(outbox, endpoint: endpoint.id)
        #expect(found.map { $0.1["type"] as? String } == ["article.upserted", "article.upserted", "article.deleted"])
        #expect(Set(found.map(\.0)).count == 3)
        #expect(found.allSatisfy { $0.0.hasPrefix("msg_") && !$0.0.contains(".") })
        let first = try #require(found.first?.1["data"] as? [String: Any])
        #expect(first["id"] as? Int == Int(stored.id))
        #expect(first["slug"] as? String == "one")
        #expect(first["change"] as? String == "upserted")
        #expect((first["article"] as? [String: Any])?["title"] as? String == "T one")
        let second = try #require(found[1].1["data"] as? [String: Any])
        #expect((second["article"] as? [String: Any])?["title"] as? String == "Changed")
        let last = try #require(found.last?.1["data"] as? [String: Any])
        #expect(last["change"] as? String == "deleted")
        #expect(last["article"] is NSNull)
    }

    @Test func everyLoggedChange_becomesAMessage_movedFilesIncluded() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        try store.syncWebhookEndpoints([WebhookEndpoint(url: "https://example.com/a", secret: Self.secret)])
        let stored = try store.transaction { try store.insert(article("one"), sourcePath: "/a.md", ingestVersion: 1) }
        try store.transaction { try store.adoptSourcePath("/b.md", forArticle: stored.id) }
        var changes = 0
        try store.reader.forEachChange(after: 0, limit: 100) { _ in changes += 1 }
        let outbox = WebhookOutbox(store: store)
        let endpoint = try #require(try outbox.activeEndpoints().first)
        #expect(try messages(outbox, endpoint: endpoint.id).count == changes)
        #expect(changes == 2)
    }

    @Test func rolledBackWrite_leavesNoMessage() throws {
        struct Abort: Error {}
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        try store.syncWebhookEndpoints([WebhookEndpoint(url: "https://example.com/a", secret: Self.secret)])
        #expect(throws: Abort.self) {
            try store.transaction {
                try store.insert(article("gone"), sourcePath: nil, ingestVersion: 1)
                throw Abort()
            }
        }
        let outbox = WebhookOutbox(store: store)
        let endpoint = try #require(try outbox.activeEndpoints().first)
        #expect(try outbox.nextPendingMessage(endpoint: endpoint.id) == nil)
    }

    @Test func filters_chooseWhichChangesBecomeMessages() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        try store.syncWebhookEndpoints([
            WebhookEndpoint(url: "https://example.com/finance", secret: Self.secret, categories: ["金融"]),
            WebhookEndpoint(url: "https://example.com/path", secret: Self.secret, categories: ["科技/手机"]),
            WebhookEndpoint(url: "https://example.com/tag", secret: Self.secret, tags: ["x"]),
            WebhookEndpoint(url: "https://example.com/author", secret: Self.secret, authors: ["Ann"]),
            WebhookEndpoint(url: "https://example.com/deletions", secret: Self.secret, events: [.deleted]),
        ])
        try store.transaction {
            try store.insert(article("f", paths: [["财经", "金融"]]), sourcePath: nil, ingestVersion: 1)
            try store.insert(article("p", paths: [["科技", "手机", "新品"]], tags: ["x"]), sourcePath: nil, ingestVersion: 1)
            try store.insert(article("q", paths: [["手机"]], author: "Ann"), sourcePath: nil, ingestVersion: 1)
        }
        let doomed = try store.transaction {
            try store.insert(article("d", tags: ["x"]), sourcePath: nil, ingestVersion: 1)
        }
        try store.transaction { _ = try store.delete(id: doomed.id) }

        let outbox = WebhookOutbox(store: store)
        var slugs: [String: [String]] = [:]
        for endpoint in try outbox.activeEndpoints() {
            slugs[endpoint.url] = try messages(outbox, endpoint: endpoint.id).compactMap {
                ($0.1["data"] as? [String: Any])?["slug"] as? String
            }
        }
        #expect(slugs["https://example.com/finance"] == ["f"])
        #expect(slugs["https://example.com/path"] == ["p"])
        #expect(slugs["https://example.com/tag"] == ["p", "d", "d"])
        #expect(slugs["https://example.com/author"] == ["q"])
        #expect(slugs["https://example.com/deletions"] == ["d"])
    }

    @Test func sync_deactivatesEndpointsNoLongerConfigured_andSummariesCount() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        try store.syncWebhookEndpoints([
            WebhookEndpoint(url: "https://example.com/a", secret: Self.secret),
            WebhookEndpoint(url: "https://example.com/b", secret: Self.secret),
        ])
        try store.transaction { _ = try store.insert(article("one"), sourcePath: nil, ingestVersion: 1) }
        try store.syncWebhookEndpoints([WebhookEndpoint(url: "https://example.com/a", secret: Self.secret)])
        try store.transaction { _ = try store.insert(article("two"), sourcePath: nil, ingestVersion: 1) }

        let outbox = WebhookOutbox(store: store)
        #expect(try outbox.activeEndpoints().map(\.url) == ["https://example.com/a"])
        let a = try #require(try outbox.activeEndpoints().first)
        let first = try #require(try outbox.nextPendingMessage(endpoint: a.id))
        try outbox.recordFailedAttempt(first.id, error: "HTTP 500", now: 5, retryAt: nil)
        let summaries = try outbox.endpointSummaries()
        #expect(
            summaries == [
                WebhookEndpointSummary(
                    url: "https://example.com/a", isActive: true, delivered: 0, pending: 1, failed: 1,
                    lastError: "HTTP 500"),
                WebhookEndpointSummary(
                    url: "https://example.com/b", isActive: false, delivered: 0, pending: 1, failed: 0, lastError: nil),
            ])
        #expect(try outbox.requeueFailed() == 1)
        #expect(try outbox.endpointSummaries().first?.pending == 2)
        // Requeued, the failed message is again the endpoint's oldest: order is kept.
        #expect(try outbox.nextPendingMessage(endpoint: a.id)?.id == first.id)
    }
}
