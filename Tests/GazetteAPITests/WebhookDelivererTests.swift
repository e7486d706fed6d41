import Dispatch
import Foundation
import GazetteCore
import GazetteStore
import HTTPServer
import Synchronization
import TestSupport
import Testing

@testable import GazetteAPI

/// The delivery worker against a receiver written in the test, over 127.0.0.1, with a real
/// SQLite file.
@Suite(.serialized)
struct WebhookDelivererTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// A store, an outbox of its own, and a worker with short delays, for one test.
    final class Harness {
        let folder: TemporaryFolder
        let store: ArticleStore
        let deliverer: WebhookDeliverer
        private final class Outcomes: Sendable {
            let value = Mutex<[WebhookDeliverer.Outcome]>([])
        }
        private let outcomes = Outcomes()
        private let reported = DispatchSemaphore(value: 0)

        init(
            endpoints: [WebhookEndpoint], retryDelays: [Duration] = [.milliseconds(50), .milliseconds(50)],
            allowsPrivateTargets: Bool = true
        ) throws {
            folder = try TemporaryFolder()
            let path = folder.path + "/gazette.sqlite"
            store = try ArticleStore(location: .file(path))
            try store.syncWebhookEndpoints(endpoints)
            let outcomes = outcomes
            let reported = reported
            deliverer = WebhookDeliverer(
                outbox: try WebhookOutbox(location: .file(path)),
                configuration: WebhookConfiguration(
                    retryDelays: retryDelays, timeout: .seconds(10), allowsPrivateTargets: allowsPrivateTargets,
                    pollInterval: .milliseconds(20)),
                logger: quietLogger,
                report: { _, outcome in
                    outcomes.value.withLock { $0.append(outcome) }
                    reported.signal()
                })
        }

        deinit { deliverer.stop() }

        @discardableResult
        func insert(_ slug: String) throws -> Article {
            try store.transaction {
                try store.insert(
                    Article(
                        slug: slug, title: "Title \(slug)", publishedAt: 1_600_000_000, bodyHTML: "<p>x</p>",
                        bodyText: "x", contentHash: "sha256:\(slug)", ingestedAt: 10, updatedAt: 10),
                    sourcePath: nil, ingestVersion: 1)
            }
        }

        /// Waits until `count` attempts in all were reported (generous: 60 s each); returns them.
        func waitForOutcomes(_ count: Int) -> [WebhookDeliverer.Outcome] {
            while outcomes.value.withLock({ $0.count }) < count {
                guard reported.wait(timeout: .now() + 60) == .success else { break }
            }
            return outcomes.value.withLock { $0 }
        }

        var summaries: [WebhookEndpointSummary] { (try? WebhookOutbox(store: store).endpointSummaries()) ?? [] }
    }

    /// Verifies a delivery as a receiver would, independently of ``WebhookSignature``: the key
    /// decoded by Foundation, the MAC by the RFC 4231-tested HMAC, the header split by hand.
    static func verifies(_ delivery: WebhookReceiver.Delivery, secret: String) -> Bool {
        guard let id = delivery.headers["webhook-id"], let timestamp = delivery.headers["webhook-timestamp"],
            let signatures = delivery.headers["webhook-signature"],
            let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
        else { return false }
        let mac = HMACSHA256.authenticationCode(
            key: Array(key), message: Array("\(id).\(timestamp).".utf8) + delivery.body)
        let expected = Data(mac).base64EncodedString()
        return signatures.split(separator: " ").contains { $0 == "v1,\(expected)" }
    }

    @Test func signature_matchesTheStandardWebhooksKnownAnswer() throws {
        // standard-webhooks libraries/python/tests/test_webhooks.py.
        let key = try #require(WebhookEndpoint(url: "", secret: Self.secret).secretKey)
        #expect(
            WebhookSignature.header(
                messageID: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                body: Array(#"{"test": 2432232314}"#.utf8), key: key)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func delivery_isSignedAndCarriesTheMessage() throws {
        let receiver = try WebhookReceiver()
        let harness = try Harness(endpoints: [WebhookEndpoint(url: receiver.url, secret: Self.secret)])
        let stored = try harness.insert("first")
        harness.deliverer.start()
        let delivery = try #require(receiver.waitForDeliveries(1).first)
        #expect(delivery.method == "POST")
        #expect(delivery.headers["content-type"] == "application/json")
        #expect(delivery.headers["webhook-id"]?.hasPrefix("msg_") == true)
        let timestamp = try #require(delivery.headers["webhook-timestamp"].flatMap { Int64($0) })
        #expect(abs(timestamp - Int64(Date().timeIntervalSince1970)) < 600)
        #expect(Self.verifies(delivery, secret: Self.secret))
        #expect(!Self.verifies(delivery, secret: "whsec_" + Data(repeating: 7, count: 24).base64EncodedString()))
        let json = try #require(delivery.json)
        #expect(json["type"] as? String == "article.upserted")
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["id"] as? Int == Int(stored.id))
        #expect((data["article"] as? [String: Any])?["title"] as? String == "Title first")
        #expect(harness.waitForOutcomes(1) == [.delivered])
        #expect(harness.summaries.first?.delivered == 1)
    }

    @Test func failingReceiver_getsTheSameMessageAgain_untilItAnswers2xx() throws {
        let receiver = try WebhookReceiver(statuses: [500, 500])
        let harness = try Harness(
            endpoints: [WebhookEndpoint(url: receiver.url, secret: Self.secret)],
            retryDelays: [.milliseconds(50), .milliseconds(50), .milliseconds(50)])
        try harness.insert("retried")
        harness.deliverer.start()
        #expect(harness.waitForOutcomes(3) == [.retrying, .retrying, .delivered])
        let deliveries = receiver.deliveries
        #expect(deliveries.count == 3)
        #expect(Set(deliveries.compactMap { $0.headers["webhook-id"] }).count == 1)
        #expect(deliveries.allSatisfy { Self.verifies($0, secret: Self.secret) })
        #expect(harness.summaries.first?.delivered == 1)
        #expect(harness.summaries.first?.pending == 0)
    }

    @Test func scheduleRunOut_marksTheMessageFailed_withItsError() throws {
        let receiver = try WebhookReceiver(statuses: [503, 503])
        let harness = try Harness(
            endpoints: [WebhookEndpoint(url: receiver.url, secret: Self.secret)], retryDelays: [.milliseconds(50)])
        try harness.insert("doomed")
        harness.deliverer.start()
        #expect(harness.waitForOutcomes(2) == [.retrying, .failed])
        let summary = try #require(harness.summaries.first)
        #expect(summary.failed == 1)
        #expect(summary.lastError == "HTTP 503")
    }

    @Test func messages_arriveInOrderPerEndpoint_evenAcrossRetries() throws {
        let receiver = try WebhookReceiver(statuses: [500, 200, 500, 500, 200, 500])
        let harness = try Harness(
            endpoints: [WebhookEndpoint(url: receiver.url, secret: Self.secret)],
            retryDelays: [.milliseconds(30), .milliseconds(30), .milliseconds(30)])
        let slugs = ["a", "b", "c", "d", "e"]
        for slug in slugs { try harness.insert(slug) }
        harness.deliverer.start()
        _ = harness.waitForOutcomes(9)
        let received = receiver.deliveries.compactMap(\.slug)
        // Each message's attempts are consecutive and the messages come in write order.
        var collapsed: [String] = []
        for slug in received where collapsed.last != slug { collapsed.append(slug) }
        #expect(collapsed == slugs)
        #expect(received == ["a", "a", "b", "b", "b", "c", "c", "d", "e"])
    }

    @Test func loopbackTarget_isRefused_unlessAllowed() throws {
        let receiver = try WebhookReceiver()
        let harness = try Harness(
            endpoints: [WebhookEndpoint(url: receiver.url, secret: Self.secret)], retryDelays: [],
            allowsPrivateTargets: false)
        try harness.insert("private")
        harness.deliverer.start()
        #expect(harness.waitForOutcomes(1) == [.failed])
        #expect(receiver.deliveries.isEmpty)
        let summary = try #require(harness.summaries.first)
        #expect(summary.failed == 1)
        #expect(summary.lastError?.contains("refused: 127.0.0.1 resolves to 127.0.0.1") == true)
    }

    @Test func redirect_isNotFollowed_andCountsAsAFailure() throws {
        let target = try WebhookReceiver()
        let receiver = try WebhookReceiver(
            statuses: [307], extraHeaders: [HTTPHeader(name: "Location", value: target.url)])
        let harness = try Harness(endpoints: [WebhookEndpoint(url: receiver.url, secret: Self.secret)], retryDelays: [])
        try harness.insert("redirected")
        harness.deliverer.start()
        #expect(harness.waitForOutcomes(1) == [.failed])
        #expect(receiver.deliveries.count == 1)
        #expect(target.deliveries.isEmpty)
        #expect(harness.summaries.first?.lastError == "HTTP 307")
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("172.16.0.1", true), ("172.32.0.1", false), ("192.168.1.1", true),
        ("169.254.169.254", true), ("100.64.0.1", true), ("0.0.0.0", true), ("224.0.0.1", true),
        ("93.184.215.14", false), ("8.8.8.8", false), ("::1", true), ("::", true), ("fe80::1", true),
        ("fd00::1", true), ("::ffff:127.0.0.1", true), ("::ffff:8.8.8.8", false), ("64:ff9b::a00:1", true),
        ("2002:7f00:1::", true), ("2606:4700::1111", false),
    ])
    func addressGuard_refusesInternalAddresses(address: String, refused: Bool) throws {
        let resolved = TargetAddressGuard.resolve(address)
        #expect(resolved.count >= 1)
        #expect(resolved.allSatisfy { TargetAddressGuard.isRefused($0) == refused })
    }

    @Test func addressGuard_checksEveryAddressOfAName() {
        #expect(throws: TargetAddressGuard.Refusal.self) { try TargetAddressGuard.check(host: "localhost") }
        #expect(throws: TargetAddressGuard.Refusal.self) { try TargetAddressGuard.check(host: "[::1]") }
    }

    @Test func metrics_countAttemptsByEndpointAndOutcome() throws {
        try withAPIServer { server in
            server.app.recordWebhookDelivery(endpoint: "https://example.com/h", outcome: .retrying)
            server.app.recordWebhookDelivery(endpoint: "https://example.com/h", outcome: .retrying)
            server.app.recordWebhookDelivery(endpoint: "https://example.com/h", outcome: .delivered)
            let lines = try server.client().get("/metrics").text.split(separator: "\n").map(String.init)
            #expect(lines.contains("# TYPE gazette_webhook_deliveries_total counter"))
            #expect(
                lines.contains(
                    #"gazette_webhook_deliveries_total{endpoint="https://example.com/h",outcome="retrying"} 2"#))
            #expect(
                lines.contains(
                    #"gazette_webhook_deliveries_total{endpoint="https://example.com/h",outcome="delivered"} 1"#))
        }
    }
}
