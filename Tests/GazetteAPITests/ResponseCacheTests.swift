import Foundation
import GazetteCore
import GazetteStore
import TestSupport
import Testing

@testable import GazetteAPI

/// The in-memory response cache changes nothing a client can see, and a write invalidates it.
@Suite(.timeLimit(.minutes(10)))
struct ResponseCacheTests {
    static let targets = [
        "/v1/articles", "/v1/articles?limit=3", "/v1/articles?sort=published_at&fields=id,slug,published_at",
        "/v1/articles?category=%E9%87%91%E8%9E%8D", "/v1/articles?tag=AI", "/v1/articles?author=Tech+Daily",
        "/v1/articles?since=2021-07-26&until=2021-07-28", "/v1/articles?offset=4&limit=3", "/v1/articles/jiangsu",
        "/v1/articles/12345", "/v1/articles/multi/body", "/v1/articles/multi/body?format=text",
        "/v1/articles/multi/body?format=raw", "/v1/categories", "/v1/categories?flat=true", "/v1/tags", "/v1/authors",
        "/v1/changes", "/v1/articles?limit=0", "/v1/articles/nope",
    ]

    static func api(cache: Bool) -> APIConfiguration {
        APIConfiguration(writeToken: APITestServer.token, responseCacheEnabled: cache)
    }

    @Test func cacheOnAndOff_giveIdenticalBodies() throws {
        try withAPIServer(api: Self.api(cache: true)) { cached in
            try withAPIServer(api: Self.api(cache: false)) { uncached in
                let a = try cached.client()
                let b = try uncached.client()
                for gzip in [false, true] {
                    let headers = gzip ? [("Accept-Encoding", "gzip")] : []
                    for target in Self.targets {
                        let first = try a.get(target, headers: headers)
                        let repeated = try a.get(target, headers: headers)  // from the cache
                        let plain = try b.get(target, headers: headers)
                        #expect(first.status == plain.status, "\(target)")
                        #expect(repeated.status == plain.status, "\(target)")
                        #expect(try first.decodedBody() == plain.decodedBody(), "\(target)")
                        #expect(try repeated.decodedBody() == plain.decodedBody(), "\(target)")
                        #expect(repeated.header("Content-Type") == plain.header("Content-Type"))
                        #expect(repeated.header("Content-Encoding") == plain.header("Content-Encoding"), "\(target)")
                        #expect(repeated.header("Last-Modified") == plain.header("Last-Modified"), "\(target)")
                        #expect(repeated.header("Link") == plain.header("Link"), "\(target)")
                        #expect(repeated.header("ETag") == first.header("ETag"))
                    }
                }
            }
        }
    }

    @Test func aWrite_invalidatesTheCache() throws {
        try withAPIServer(api: Self.api(cache: true)) { server in
            let client = try server.client()
            let before = try client.get("/v1/articles")
            #expect(try client.get("/v1/articles").body == before.body)
            let tagsBefore = try client.get("/v1/tags").body
            let body = #"{"title":"缓存之后","body_markdown":"新的","tags":["新标签"],"published_at":"2030-01-01T00:00:00Z"}"#
            let created = try client.request(
                "POST", "/v1/articles", headers: authorized + [("Content-Type", "application/json")],
                body: Array(body.utf8))
            #expect(created.status == 201)
            let after = try client.get("/v1/articles")
            #expect(try after.meta()["total"] as? Int == 11)
            #expect(try after.data().first?["title"] as? String == "缓存之后")
            #expect(try client.get("/v1/tags").body != tagsBefore)

            // On every loop: fresh connections land on both of the server's loops.
            for _ in 0..<6 {
                let other = try server.client()
                #expect(try other.get("/v1/articles").meta()["total"] as? Int == 11)
            }
            #expect(try client.request("DELETE", "/v1/articles/jiangsu", headers: authorized).status == 204)
            expectProblem(try client.get("/v1/articles/jiangsu"), status: 404)
            #expect(try client.get("/v1/articles").meta()["total"] as? Int == 10)
        }
    }

    /// A write by another process (here: another connection, as `gazette ingest` beside the
    /// server) reaches cached answers once the loop asks SQLite again: at most
    /// `LoopContext.trustedFor` (1 ms) later.
    @Test func writeByAnotherConnection_isSeenWithinTheTrustWindow() throws {
        try withAPIServer(api: Self.api(cache: true)) { server in
            let client = try server.client()
            let before = try client.get("/v1/articles")
            #expect(try client.get("/v1/articles").body == before.body)  // cached
            let outside = try ArticleStore(location: .file(server.databasePath))
            try outside.insert(
                Article(
                    slug: "from-outside", title: "外部写入", publishedAt: 2_000_000_000, bodyText: "正文", contentHash: "x"),
                sourcePath: nil, ingestVersion: 1)
            // Time is the feature here: a request that starts once the trust window (1 ms, so
            // 10 ms to be generous) has passed since the write must see it, on every loop.
            let windowEnd = ContinuousClock.now + .milliseconds(10)
            while ContinuousClock.now < windowEnd {}
            for _ in 0..<4 {  // fresh connections land on both loops
                let after = try server.client().get("/v1/articles")
                #expect(try after.data().first?["slug"] as? String == "from-outside")
                #expect(after.header("ETag") != before.header("ETag"))
            }
        }
    }

    /// The cache's gauges of `/metrics`, summed over the loops.
    static func cacheGauges(_ server: APITestServer) throws -> (entries: Double?, bytes: Double?) {
        let text = String(decoding: try server.client().get("/metrics").body, as: UTF8.self)
        let samples = try MetricsTests.samples(text)
        return (
            samples.first { $0.name == "gazette_response_cache_entries" }?.value,
            samples.first { $0.name == "gazette_response_cache_bytes" }?.value
        )
    }

    @Test func metrics_reportTheCachedBytes_withinTheBound() throws {
        var api = Self.api(cache: true)
        api.responseCacheBytes = 40_000  // two loops: 20,000 bytes each, responses up to 2,500 bytes
        try withAPIServer(api: api) { server in
            #expect(try Self.cacheGauges(server) == (0, 0))
            let client = try server.client()
            for target in Self.targets {
                for headers in [[], [("Accept-Encoding", "gzip")]] { _ = try client.get(target, headers: headers) }
            }
            let (entries, bytes) = try Self.cacheGauges(server)
            #expect(try #require(entries) > 0)
            #expect(try #require(bytes) > 0)
            #expect(try #require(bytes) <= 40_000)
        }
    }

    @Test func responseOverAnEighthOfTheLoopsShare_isServedButNotCached() throws {
        var api = Self.api(cache: true)
        api.responseCacheBytes = 24_000  // two loops: 12,000 bytes each, responses up to 1,500 bytes
        try withAPIServer(api: api) { server in
            let client = try server.client()
            let first = try client.get("/v1/articles/jiangsu")
            #expect(first.body.count > 1_500)
            let second = try client.get("/v1/articles/jiangsu")
            #expect(first.status == 200 && second.status == 200)
            #expect(second.body == first.body)
            #expect(second.header("ETag") == first.header("ETag"))
            #expect(try Self.cacheGauges(server) == (0, 0))
            // A small response still is cached.
            let small = try client.get("/v1/articles?limit=1&fields=id")
            #expect(small.status == 200 && small.body.count < 200)
            let (entries, bytes) = try Self.cacheGauges(server)
            #expect(entries == 1)
            #expect(try #require(bytes) <= 1_500)
        }
    }
}

/// `ResponseCache` on its own: what it keeps, for which data version, and what it drops first.
@Suite struct ResponseCacheUnitTests {
    private static func entry(_ text: String) -> ResponseCache.Entry {
        ResponseCache.Entry(status: 200, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
    }

    private static func body(_ entry: ResponseCache.Entry?) -> String? {
        entry.map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// A cache that has seen `version` (the first lookup of a version opens it for storing).
    private static func cache(capacity: Int, bytes: Int = 1 << 30, version: Int64 = 1) -> ResponseCache {
        var cache = ResponseCache(limits: ResponseCache.Limits(entries: capacity, bytes: bytes))
        _ = cache.entry(for: "", version: version)
        return cache
    }

    /// An entry whose body is `size` bytes.
    private static func entry(size: Int) -> ResponseCache.Entry {
        ResponseCache.Entry(
            status: 200, headers: [("Content-Type", "text/plain")], body: Array(repeating: 65, count: size))
    }

    @Test func storedEntry_isFoundUnderTheSameKeyAndVersion() {
        var cache = Self.cache(capacity: 4)
        cache.store(Self.entry("a"), for: "/v1/articles", version: 1)
        let found = cache.entry(for: "/v1/articles", version: 1)
        #expect(Self.body(found) == "a")
        #expect(found?.status == 200)
        #expect(found?.headers.first?.0 == "Content-Type")
        #expect(cache.entry(for: "/v1/articles?limit=3", version: 1) == nil)
    }

    @Test func newDataVersion_dropsEveryEntry() {
        var cache = Self.cache(capacity: 4)
        cache.store(Self.entry("a"), for: "a", version: 1)
        cache.store(Self.entry("b"), for: "b", version: 1)
        #expect(cache.entry(for: "a", version: 2) == nil)
        // Gone for good: going back to the old version does not bring them back.
        #expect(cache.entry(for: "b", version: 2) == nil)
        #expect(cache.entry(for: "b", version: 1) == nil)
    }

    @Test func entryOfAnOlderVersion_isNotStored() {
        var cache = Self.cache(capacity: 4, version: 2)
        cache.store(Self.entry("stale"), for: "a", version: 1)
        #expect(cache.entry(for: "a", version: 2) == nil)
    }

    @Test func fullCache_dropsTheOldestEntryFirst() {
        var cache = Self.cache(capacity: 3)
        for key in ["a", "b", "c", "d"] { cache.store(Self.entry(key), for: key, version: 1) }
        #expect(cache.entry(for: "a", version: 1) == nil)
        #expect(["b", "c", "d"].map { Self.body(cache.entry(for: $0, version: 1)) } == ["b", "c", "d"])
    }

    @Test func manyMoreEntriesThanCapacity_keepExactlyTheNewest() {
        var cache = Self.cache(capacity: 5)
        for index in 0..<1_000 { cache.store(Self.entry("\(index)"), for: "k\(index)", version: 1) }
        let kept = (0..<1_000).filter { cache.entry(for: "k\($0)", version: 1) != nil }
        #expect(kept == Array(995..<1_000))
    }

    @Test func storingAKeyAgain_replacesItsEntry_withoutTakingASecondPlace() {
        var cache = Self.cache(capacity: 2)
        cache.store(Self.entry("a1"), for: "a", version: 1)
        cache.store(Self.entry("a2"), for: "a", version: 1)
        cache.store(Self.entry("b"), for: "b", version: 1)
        #expect(Self.body(cache.entry(for: "a", version: 1)) == "a2")
        #expect(Self.body(cache.entry(for: "b", version: 1)) == "b")
    }

    @Test func capacityZero_keepsNothing() {
        var cache = Self.cache(capacity: 0)
        cache.store(Self.entry("a"), for: "a", version: 1)
        #expect(cache.entry(for: "a", version: 1) == nil)
    }

    @Test func cost_countsKeyHeadersAndBody_plusTheBookkeeping() {
        let entry = ResponseCache.Entry(
            status: 200, headers: [("ETag", "\"1-abc\""), ("Vary", "Accept-Encoding")],
            body: Array(repeating: 0, count: 1_000))
        let expected =
            ResponseCache.entryOverheadBytes + "/v1/tags".utf8.count + 1_000
            + 2 * ResponseCache.headerOverheadBytes + "ETag".utf8.count + "\"1-abc\"".utf8.count
            + "Vary".utf8.count + "Accept-Encoding".utf8.count
        #expect(ResponseCache.cost(of: entry, key: "/v1/tags") == expected)
    }

    /// Sizes from a few bytes to the largest entry kept, in a random order: after every store the
    /// total stays within the bound and equals the sum of what is kept, and entries that fit are
    /// never dropped while there is room.
    @Test func byteTotal_neverExceedsTheBound_underAMixOfSizes() {
        let bound = 64 * 1_024
        var cache = Self.cache(capacity: 10_000, bytes: bound)
        var random = SplitMix64(seed: 13)
        var costs: [String: Int] = [:]
        var sawEviction = false
        for index in 0..<2_000 {
            let size =
                switch index % 4 {
                case 0: Int.random(in: 0...64, using: &random)
                case 1: Int.random(in: 100...2_000, using: &random)
                case 2: Int.random(in: 2_000...6_000, using: &random)
                default: Int.random(in: 0...(bound / 8 - 400), using: &random)
                }
            let key = "/k\(Int.random(in: 0..<300, using: &random))"
            let entry = Self.entry(size: size)
            costs[key] = ResponseCache.cost(of: entry, key: key)
            cache.store(entry, for: key, version: 1)
            #expect(cache.byteCount <= bound)
            let kept = cache.keysByUse
            #expect(cache.byteCount == kept.reduce(0) { $0 + (costs[$1] ?? 0) })
            #expect(kept.last == key, "a stored entry is the most recent")
            if cache.count < costs.count { sawEviction = true }
        }
        #expect(sawEviction, "the mix must be larger than the bound, or the test proves nothing")
        #expect(cache.byteCount > bound / 2, "eviction stops once the entry fits")
    }

    @Test func byteBound_dropsTheLeastRecentlyUsedFirst() {
        let size = 1_000
        let cost = ResponseCache.cost(of: Self.entry(size: size), key: "k0")
        // Room for eight entries, not nine (and an eighth of the bound still holds one entry).
        var cache = Self.cache(capacity: 100, bytes: 8 * cost + cost / 2)
        let keys = (0..<8).map { "k\($0)" }
        for key in keys { cache.store(Self.entry(size: size), for: key, version: 1) }
        #expect(cache.keysByUse == keys)
        #expect(cache.entry(for: "k0", version: 1) != nil)  // k0 is now the most recent: k1 the least
        cache.store(Self.entry(size: size), for: "k8", version: 1)
        #expect(cache.keysByUse == Array(keys[2...]) + ["k0", "k8"])
        #expect(cache.entry(for: "k1", version: 1) == nil)
        #expect(cache.entry(for: "k2", version: 1) != nil)  // k3 is now the least recent
        cache.store(Self.entry(size: size), for: "k9", version: 1)
        #expect(cache.keysByUse == Array(keys[4...]) + ["k0", "k8", "k2", "k9"])
    }

    @Test func entryBound_dropsTheLeastRecentlyUsedFirst() {
        var cache = Self.cache(capacity: 3)
        for key in ["a", "b", "c"] { cache.store(Self.entry(key), for: key, version: 1) }
        _ = cache.entry(for: "b", version: 1)
        _ = cache.entry(for: "a", version: 1)
        cache.store(Self.entry("d"), for: "d", version: 1)
        #expect(cache.keysByUse == ["b", "a", "d"])
        #expect(cache.entry(for: "c", version: 1) == nil)
    }

    @Test func oversizedEntry_isNotStored_andDropsNothing() {
        let bound = 80_000
        var cache = Self.cache(capacity: 100, bytes: bound)
        for key in ["a", "b"] { cache.store(Self.entry(size: 1_000), for: key, version: 1) }
        let largest = ResponseCache.Limits(entries: 100, bytes: bound).largestEntryBytes
        #expect(largest == bound / 8)
        let justFits = largest - ResponseCache.cost(of: Self.entry(size: 0), key: "fits")
        cache.store(Self.entry(size: justFits), for: "fits", version: 1)
        cache.store(Self.entry(size: justFits + 1), for: "huge", version: 1)  // one byte over
        #expect(cache.keysByUse == ["a", "b", "fits"])
        #expect(cache.entry(for: "huge", version: 1) == nil)
        // A key whose new response is too large loses its old one rather than serving it.
        cache.store(Self.entry(size: largest), for: "a", version: 1)
        #expect(cache.keysByUse == ["b", "fits"])
    }

    @Test func byteBoundZero_keepsNothing() {
        var cache = Self.cache(capacity: 10, bytes: 0)
        cache.store(Self.entry("a"), for: "a", version: 1)
        #expect(cache.entry(for: "a", version: 1) == nil)
        #expect(cache.byteCount == 0)
    }

    @Test func newDataVersion_resetsTheByteCount() {
        var cache = Self.cache(capacity: 10)
        cache.store(Self.entry(size: 500), for: "a", version: 1)
        #expect(cache.byteCount > 500)
        _ = cache.entry(for: "a", version: 2)
        #expect(cache.byteCount == 0)
        #expect(cache.count == 0)
        cache.store(Self.entry(size: 10), for: "b", version: 2)
        #expect(cache.keysByUse == ["b"])
    }
}
