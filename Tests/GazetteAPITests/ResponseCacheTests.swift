import Foundation
import GazetteCore
import GazetteStore
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
    private static func cache(capacity: Int, version: Int64 = 1) -> ResponseCache {
        var cache = ResponseCache(capacity: capacity)
        _ = cache.entry(for: "", version: version)
        return cache
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
}
