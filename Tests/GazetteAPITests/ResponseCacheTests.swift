import Foundation
import GazetteAPI
import GazetteCore
import GazetteStore
import Testing

/// The in-memory response cache changes nothing a client can see, and a write invalidates it.
@Suite(.timeLimit(.minutes(1)))
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
            Thread.sleep(forTimeInterval: 0.005)
            for _ in 0..<4 {  // fresh connections land on both loops
                let after = try server.client().get("/v1/articles")
                #expect(try after.data().first?["slug"] as? String == "from-outside")
                #expect(after.header("ETag") != before.header("ETag"))
            }
        }
    }
}
