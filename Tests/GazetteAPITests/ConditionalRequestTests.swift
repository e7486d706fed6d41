import Foundation
import Testing

/// `ETag`/`If-None-Match` and `Last-Modified`/`If-Modified-Since` (RFC 9110 §13).
@Suite(.timeLimit(.minutes(10)))
struct ConditionalRequestTests {
    @Test func ifNoneMatch_withTheETag_is304WithoutABody() throws {
        try withAPIServer { server in
            let client = try server.client()
            for path in [
                "/v1/articles", "/v1/articles/jiangsu", "/v1/articles/jiangsu/body", "/v1/categories", "/v1/tags",
                "/v1/authors", "/v1/changes", "/openapi.json",
            ] {
                let first = try client.get(path)
                #expect(first.status == 200, "\(path)")
                let etag = try #require(first.header("ETag"), "\(path)")
                let second = try client.get(path, headers: [("If-None-Match", etag)])
                #expect(second.status == 304, "\(path)")
                #expect(second.body.count == 0)
                #expect(second.header("Content-Length") == nil || second.header("Content-Length") == "0")
                #expect(second.header("ETag") == etag)
                // A list of tags, a weak comparison and `*` match too; another tag does not.
                #expect(try client.get(path, headers: [("If-None-Match", "\"other\", \(etag)")]).status == 304)
                #expect(try client.get(path, headers: [("If-None-Match", "W/\(etag)")]).status == 304)
                #expect(try client.get(path, headers: [("If-None-Match", "*")]).status == 304)
                #expect(try client.get(path, headers: [("If-None-Match", "\"other\"")]).status == 200)
            }
            // The connection still frames the next response correctly after the 304s.
            #expect(try client.get("/healthz").status == 200)
        }
    }

    @Test func etag_changesAfterAWrite() throws {
        try withAPIServer { server in
            let client = try server.client()
            let before = try client.get("/v1/articles")
            let etag = try #require(before.header("ETag"))
            let article = Array(#"{"title":"写入之后","body_markdown":"新的正文"}"#.utf8)
            #expect(
                try client.request(
                    "POST", "/v1/articles", headers: authorized + [("Content-Type", "application/json")], body: article
                )
                .status == 201)
            let after = try client.get("/v1/articles", headers: [("If-None-Match", etag)])
            #expect(after.status == 200)
            #expect(after.header("ETag") != etag)
            #expect(try after.meta()["total"] as? Int == 11)
            let newTag = try #require(after.header("ETag"))
            #expect(try client.get("/v1/articles", headers: [("If-None-Match", newTag)]).status == 304)
        }
    }

    @Test func etag_differsBetweenURLs() throws {
        try withAPIServer { server in
            let client = try server.client()
            let a = try client.get("/v1/articles?limit=1").header("ETag")
            let b = try client.get("/v1/articles?limit=2").header("ETag")
            #expect(a != nil && b != nil && a != b)
        }
    }

    @Test func ifModifiedSince_onAnArticle_is304WhenNotModified() throws {
        try withAPIServer { server in
            let client = try server.client()
            let first = try client.get("/v1/articles/jiangsu")
            let modified = try #require(first.header("Last-Modified"))
            let same = try client.get("/v1/articles/jiangsu", headers: [("If-Modified-Since", modified)])
            #expect(same.status == 304)
            #expect(same.body.count == 0)
            let later = try client.get(
                "/v1/articles/jiangsu", headers: [("If-Modified-Since", "Tue, 01 Jan 2030 00:00:00 GMT")])
            #expect(later.status == 304)
            let earlier = try client.get(
                "/v1/articles/jiangsu", headers: [("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")])
            #expect(earlier.status == 200)
            #expect(earlier.text == first.text)
            // If-None-Match takes precedence (RFC 9110 §13.2.2): a non-matching tag means 200.
            let both = try client.get(
                "/v1/articles/jiangsu", headers: [("If-None-Match", "\"other\""), ("If-Modified-Since", modified)])
            #expect(both.status == 200)
        }
    }

    @Test func ifModifiedSince_onTheFirstRequest_is304AsWell() throws {
        // The first request of a URL (nothing cached yet) and a repeated one answer alike.
        try withAPIServer { server in
            let client = try server.client()
            let fresh = try client.get(
                "/v1/articles/world", headers: [("If-Modified-Since", "Tue, 01 Jan 2030 00:00:00 GMT")])
            #expect(fresh.status == 304)
        }
    }
}
