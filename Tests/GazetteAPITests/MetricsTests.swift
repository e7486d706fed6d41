import Foundation
import HTTPServer
import Testing

@testable import GazetteAPI

/// `Metrics`: what `GET /metrics` exposes, read back by an independent parser of the
/// Prometheus text format (version 0.0.4).
@Suite struct MetricsTests {
    /// One sample line: `name{label="value",…} number`.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// The samples of an exposition; fails on a line that is neither a comment nor a sample.
    static func samples(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            let parts = line.split(separator: " ")
            try #require(parts.count == 2, "not a sample line: \(line)")
            let value = try #require(Double(parts[1]), "not a number in \(line)")
            var name = String(parts[0])
            var labels: [String: String] = [:]
            if let open = name.firstIndex(of: "{") {
                try #require(name.hasSuffix("}"), "unclosed labels in \(line)")
                let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
                for pair in inner.split(separator: ",") {
                    let halves = pair.split(separator: "=", maxSplits: 1)
                    try #require(halves.count == 2 && halves[1].hasPrefix("\"") && halves[1].hasSuffix("\""))
                    labels[String(halves[0])] = String(halves[1].dropFirst().dropLast())
                }
                name = String(name[..<open])
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return samples
    }

    private static let duration = "gazette_http_request_duration_seconds"

    /// The app reads the server's gauges without keeping the server alive: once a server that
    /// answered `/metrics` has stopped and its harness is gone, the app and the server are freed
    /// (the server holds the app through its handler; a strong reference back was a cycle that
    /// kept both, and their SQLite connections, for the life of the process).
    @Test func appAndServer_areFreed_afterTheServerStops() throws {
        weak var app: GazetteApp?
        weak var http: HTTPServer?
        try withAPIServer { server in
            app = server.app
            http = server.http
            let metrics = try server.client().get("/metrics")
            #expect(metrics.status == 200)
            let open = try Self.samples(metrics.text).first { $0.name == "gazette_http_connections_open" }
            #expect(open.map { $0.value >= 1 } == true)
        }
        #expect(http == nil)
        #expect(app == nil)
    }

    @Test func requests_areCountedByRouteAndStatus_acrossLoops() throws {
        let metrics = Metrics(loopCount: 2)
        metrics.record(route: .articles, status: 200, seconds: 0.001, loop: 0)
        metrics.record(route: .articles, status: 200, seconds: 0.001, loop: 1)
        metrics.record(route: .articles, status: 400, seconds: 0.001, loop: 1)
        metrics.record(route: .tags, status: 200, seconds: 0.001, loop: 0)
        let requests = try Self.samples(metrics.exposition(connections: ConnectionGauges(), articles: 0))
            .filter { $0.name == "gazette_http_requests_total" }
        #expect(
            requests == [
                Sample(
                    name: "gazette_http_requests_total", labels: ["route": "/v1/articles", "status": "200"], value: 2),
                Sample(
                    name: "gazette_http_requests_total", labels: ["route": "/v1/articles", "status": "400"], value: 1),
                Sample(name: "gazette_http_requests_total", labels: ["route": "/v1/tags", "status": "200"], value: 1),
            ])
    }

    @Test func histogram_bucketsAreCumulative_boundsInclusive_andInfEqualsTheCount() throws {
        let metrics = Metrics(loopCount: 2)
        // 0.0003 s and exactly 0.001 s fall in le=0.001; 0.3 s first fits le=0.5; 10 s only +Inf.
        for (seconds, loop) in [(0.0003, 0), (0.001, 1), (0.3, 0), (10.0, 1)] {
            metrics.record(route: .article, status: 200, seconds: seconds, loop: loop)
        }
        let samples = try Self.samples(metrics.exposition(connections: ConnectionGauges(), articles: 0))
        let buckets = samples.filter { $0.name == Self.duration + "_bucket" }
        #expect(buckets.allSatisfy { $0.labels["route"] == "/v1/articles/{id}" })
        let byBound = Dictionary(buckets.map { ($0.labels["le"] ?? "?", $0.value) }) { first, _ in first }
        func count(atMost bound: Double) -> Double? {
            buckets.first { Double($0.labels["le"] ?? "") == bound }?.value
        }
        #expect(count(atMost: 0.0005) == 1)
        #expect(count(atMost: 0.001) == 2)
        #expect(count(atMost: 0.25) == 2)
        #expect(count(atMost: 0.5) == 3)
        #expect(count(atMost: 2.5) == 3)
        #expect(byBound["+Inf"] == 4)
        // Cumulative: never decreasing, in order of their bounds, ending with +Inf.
        let values = buckets.map(\.value)
        #expect(values == values.sorted())
        let bounds = buckets.map { $0.labels["le"] == "+Inf" ? Double.infinity : Double($0.labels["le"] ?? "") ?? -1 }
        #expect(bounds == bounds.sorted() && bounds.last == .infinity && Set(bounds).count == bounds.count)
        #expect(bounds.dropLast().allSatisfy { $0 > 0 })
        let sum = try #require(samples.first { $0.name == Self.duration + "_sum" }?.value)
        #expect(abs(sum - 10.3013) < 1e-9)
        #expect(samples.first { $0.name == Self.duration + "_count" }?.value == 4)
    }

    @Test func eachMetric_hasHelpAndTypeBeforeItsSamples() throws {
        let metrics = Metrics(loopCount: 1)
        metrics.record(route: .healthz, status: 200, seconds: 0.0001, loop: 0)
        let text = metrics.exposition(
            connections: ConnectionGauges(open: 3, limit: 900, refusedAccepts: 7), articles: 42)
        #expect(text.hasSuffix("\n"))
        let types = [
            "gazette_http_requests_total": "counter", Self.duration: "histogram",
            "gazette_http_connections_open": "gauge", "gazette_http_connections_limit": "gauge",
            "gazette_http_accepts_refused_total": "counter", "gazette_articles": "gauge",
            "gazette_streams_open": "gauge",
            "gazette_response_cache_entries": "gauge", "gazette_response_cache_bytes": "gauge",
        ]
        var declared: [String: String] = [:]
        var helped: Set<String> = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("# HELP ") {
                helped.insert(String(words[2]))
            } else if line.hasPrefix("# TYPE ") {
                declared[String(words[2])] = String(words[3])
            } else {
                let name = String(words[0].prefix { $0 != "{" })
                let family = name.hasPrefix(Self.duration) ? Self.duration : name
                #expect(declared[family] != nil && helped.contains(family), "\(name) has samples before its TYPE")
            }
        }
        #expect(declared == types)
    }

    @Test func gauges_sayWhatTheCallerKnows() throws {
        let samples = try Self.samples(
            Metrics(loopCount: 1).exposition(
                connections: ConnectionGauges(open: 3, limit: 960, refusedAccepts: 11), articles: 42, openStreams: 5,
                responseCache: (entries: 7, bytes: 9_000)))
        #expect(samples.first { $0.name == "gazette_http_connections_open" }?.value == 3)
        #expect(samples.first { $0.name == "gazette_http_connections_limit" }?.value == 960)
        #expect(samples.first { $0.name == "gazette_http_accepts_refused_total" }?.value == 11)
        #expect(samples.first { $0.name == "gazette_articles" }?.value == 42)
        #expect(samples.first { $0.name == "gazette_streams_open" }?.value == 5)
        #expect(samples.first { $0.name == "gazette_response_cache_entries" }?.value == 7)
        #expect(samples.first { $0.name == "gazette_response_cache_bytes" }?.value == 9_000)
        // Nothing recorded yet: no request lines, no histogram, no webhook counts: only the gauges.
        #expect(samples.count == 7)
    }

    @Test func loopIndexOutOfRange_isCountedRatherThanLost() throws {
        let metrics = Metrics(loopCount: 1)
        metrics.record(route: .tags, status: 200, seconds: 0.01, loop: 7)
        let samples = try Self.samples(metrics.exposition(connections: ConnectionGauges(), articles: 0))
        #expect(samples.first { $0.name == "gazette_http_requests_total" }?.value == 1)
    }
}
