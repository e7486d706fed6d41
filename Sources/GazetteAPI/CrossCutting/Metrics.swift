import Foundation
import GazetteIngest
import Synchronization

/// Request counters and latency histograms, kept per event loop (so recording never contends)
/// and summed for `GET /metrics` in the Prometheus text format (version 0.0.4).
final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    struct Key: Hashable, Sendable {
        let route: Route
        let status: Int
    }

    struct Counters: Sendable {
        var requests: [Key: Int] = [:]
        /// Per route: count of observations at or under each bucket bound (cumulative at export).
        var bucketCounts: [Route: [Int]] = [:]
        var sums: [Route: Double] = [:]
        var counts: [Route: Int] = [:]
    }

    /// One loop's counters behind their own lock (uncontended: only its loop records).
    private final class LoopCounters: Sendable {
        let counters = Mutex(Counters())
    }

    private let perLoop: [LoopCounters]
    /// Webhook attempts by endpoint URL and outcome (recorded by the delivery worker's queue).
    private let webhookDeliveries = Mutex<[WebhookDeliveryKey: Int]>([:])

    struct WebhookDeliveryKey: Hashable, Sendable {
        let endpoint: String
        let outcome: WebhookDeliverer.Outcome
    }

    init(loopCount: Int) {
        perLoop = (0..<max(1, loopCount)).map { _ in LoopCounters() }
    }

    /// Records one request handled on `loop`.
    func record(route: Route, status: Int, seconds: Double, loop: Int) {
        let index = loop < perLoop.count ? loop : 0
        perLoop[index].counters.withLock { counters in
            counters.requests[Key(route: route, status: status), default: 0] += 1
            var buckets = counters.bucketCounts[route] ?? Array(repeating: 0, count: Self.buckets.count)
            if let slot = Self.buckets.firstIndex(where: { seconds <= $0 }) { buckets[slot] += 1 }
            counters.bucketCounts[route] = buckets
            counters.sums[route, default: 0] += seconds
            counters.counts[route, default: 0] += 1
        }
    }

    /// Records one webhook attempt.
    func recordWebhookDelivery(endpoint: String, outcome: WebhookDeliverer.Outcome) {
        webhookDeliveries.withLock { $0[WebhookDeliveryKey(endpoint: endpoint, outcome: outcome), default: 0] += 1 }
    }

    /// The exposition text, with the gauges the caller knows (`connections`: the HTTP server's;
    /// `responseCache`: the response caches of all loops, summed; `watch`: the folder watcher,
    /// when serving with `--watch`).
    func exposition(
        connections: ConnectionGauges, articles: Int, openStreams: Int = 0,
        responseCache: (entries: Int, bytes: Int) = (0, 0), watch: WatchStatus? = nil
    ) -> String {
        var total = Counters()
        for loop in perLoop {
            let counters = loop.counters.withLock { $0 }
            total.requests.merge(counters.requests, uniquingKeysWith: +)
            total.sums.merge(counters.sums, uniquingKeysWith: +)
            total.counts.merge(counters.counts, uniquingKeysWith: +)
            total.bucketCounts.merge(counters.bucketCounts) { a, b in zip(a, b).map(+) }
        }
        var out = "# HELP gazette_http_requests_total HTTP requests answered, by route and status.\n"
        out += "# TYPE gazette_http_requests_total counter\n"
        for (key, count) in total.requests.sorted(by: {
            ($0.key.route.rawValue, $0.key.status) < ($1.key.route.rawValue, $1.key.status)
        }) {
            out += "gazette_http_requests_total{route=\"\(key.route.rawValue)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP gazette_http_request_duration_seconds Time to handle a request, by route.\n"
        out += "# TYPE gazette_http_request_duration_seconds histogram\n"
        for route in total.counts.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let counts = total.bucketCounts[route] ?? []
            var cumulative = 0
            for (bound, count) in zip(Self.buckets, counts) {
                cumulative += count
                out +=
                    "gazette_http_request_duration_seconds_bucket{route=\"\(route.rawValue)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            let n = total.counts[route] ?? 0
            out += "gazette_http_request_duration_seconds_bucket{route=\"\(route.rawValue)\",le=\"+Inf\"} \(n)\n"
            out += "gazette_http_request_duration_seconds_sum{route=\"\(route.rawValue)\"} \(total.sums[route] ?? 0)\n"
            out += "gazette_http_request_duration_seconds_count{route=\"\(route.rawValue)\"} \(n)\n"
        }
        out += "# HELP gazette_http_connections_open Open client connections.\n"
        out += "# TYPE gazette_http_connections_open gauge\n"
        out += "gazette_http_connections_open \(connections.open)\n"
        out +=
            "# HELP gazette_http_connections_limit Open connections at which new clients wait in the backlog: "
            + "max_connections, or less when the descriptor limit (less reserved_descriptors) is lower.\n"
        out += "# TYPE gazette_http_connections_limit gauge\n"
        out += "gazette_http_connections_limit \(connections.limit)\n"
        out +=
            "# HELP gazette_http_accepts_refused_total Times accepting a connection failed for lack of "
            + "descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM); the listener paused each time.\n"
        out += "# TYPE gazette_http_accepts_refused_total counter\n"
        out += "gazette_http_accepts_refused_total \(connections.refusedAccepts)\n"
        out += "# HELP gazette_articles Articles in the database.\n"
        out += "# TYPE gazette_articles gauge\n"
        out += "gazette_articles \(articles)\n"
        out += "# HELP gazette_streams_open Open /v1/stream clients.\n"
        out += "# TYPE gazette_streams_open gauge\n"
        out += "gazette_streams_open \(openStreams)\n"
        out += "# HELP gazette_response_cache_entries Responses held by the in-memory response cache.\n"
        out += "# TYPE gazette_response_cache_entries gauge\n"
        out += "gazette_response_cache_entries \(responseCache.entries)\n"
        out +=
            "# HELP gazette_response_cache_bytes Bytes held by the in-memory response cache "
            + "(key, headers, body and bookkeeping; bounded by response_cache_bytes).\n"
        out += "# TYPE gazette_response_cache_bytes gauge\n"
        out += "gazette_response_cache_bytes \(responseCache.bytes)\n"
        if let watch { out += Self.exposition(of: watch) }
        let deliveries = webhookDeliveries.withLock { $0 }
        if !deliveries.isEmpty {
            out += "# HELP gazette_webhook_deliveries_total Webhook delivery attempts, by endpoint and outcome.\n"
            out += "# TYPE gazette_webhook_deliveries_total counter\n"
            for (key, count) in deliveries.sorted(by: {
                ($0.key.endpoint, $0.key.outcome.rawValue) < ($1.key.endpoint, $1.key.outcome.rawValue)
            }) {
                out +=
                    "gazette_webhook_deliveries_total{endpoint=\"\(Self.labelValue(key.endpoint))\","
                    + "outcome=\"\(key.outcome.rawValue)\"} \(count)\n"
            }
        }
        return out
    }

    /// The folder watcher's counters and gauges (`serve --watch`).
    private static func exposition(of watch: WatchStatus) -> String {
        let lines: [(name: String, type: String, help: String, value: Int)] = [
            (
                "gazette_watch_changes_applied_total", "counter",
                "Articles added, updated or deleted by the folder watcher.", watch.applied
            ),
            (
                "gazette_watch_failures_total", "counter",
                "Watched files that failed to ingest (logged with path and reason), and failed writes.",
                watch.failures
            ),
            (
                "gazette_watch_rescans_total", "counter",
                "Full rescans of the watched folders (event queue overflows, periodic fallback rescans).",
                watch.rescans
            ),
            (
                "gazette_watch_limit_fallbacks_total", "counter",
                "Folders inotify could not watch (ENOSPC: fs.inotify.max_user_watches), so periodic rescans took over.",
                watch.watchLimitFallbacks
            ),
            ("gazette_watch_pending", "gauge", "Changed paths waiting to be applied.", watch.pending),
            (
                "gazette_watch_reconciled", "gauge", "1 once the watched folders are reconciled with the database.",
                watch.isReconciled ? 1 : 0
            ),
        ]
        var out = ""
        for line in lines {
            out += "# HELP \(line.name) \(line.help)\n# TYPE \(line.name) \(line.type)\n\(line.name) \(line.value)\n"
        }
        return out
    }

    /// A label value escaped as the text format requires (backslash, double quote, line feed).
    private static func labelValue(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// What the HTTP server says of its connections, for `GET /metrics`.
public struct ConnectionGauges: Sendable, Equatable {
    /// Connections open now, across all loops.
    public var open: Int
    /// Open connections at which the server stops accepting (new clients wait in the backlog).
    public var limit: Int
    /// Accepts that failed for lack of descriptors or memory since the server started.
    public var refusedAccepts: Int

    /// Gauges as read from the server.
    public init(open: Int = 0, limit: Int = 0, refusedAccepts: Int = 0) {
        self.open = open
        self.limit = limit
        self.refusedAccepts = refusedAccepts
    }
}
