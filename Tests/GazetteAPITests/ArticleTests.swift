import Foundation
import Testing

/// `GET /v1/articles/{id-or-slug}` and `GET /v1/articles/{id-or-slug}/body`.
@Suite(.timeLimit(.minutes(10)))
struct ArticleTests {
    static func id(of slug: String, _ client: APITestClient) throws -> Int {
        let response = try client.get("/v1/articles/\(slug)")
        guard response.status == 200, let id = try response.json()["id"] as? Int else {
            throw APITestClient.Failure(description: "no article \(slug): \(response.text)")
        }
        return id
    }

    @Test func article_byIdAndBySlug_isTheSameFullArticle() throws {
        try withAPIServer { server in
            let client = try server.client()
            let bySlug = try client.get("/v1/articles/jiangsu")
            #expect(bySlug.status == 200)
            #expect(bySlug.header("Content-Type") == "application/json; charset=utf-8")
            let article = try bySlug.json()
            let id = try #require(article["id"] as? Int)
            let byID = try client.get("/v1/articles/\(id)")
            #expect(byID.status == 200)
            #expect(byID.body == bySlug.body)
            let expectedKeys: Set<String> = [
                "id", "slug", "title", "author", "published_at", "categories", "category_paths", "tags", "thumbnail",
                "excerpt", "char_count", "url", "original_title", "source", "editor", "headimg", "images", "body_html",
                "body_text", "content_hash", "ingested_at", "updated_at",
            ]
            #expect(expectedKeys.isSubset(of: Set(article.keys)), "missing: \(expectedKeys.subtracting(article.keys))")
            #expect(article["title"] as? String == "江苏省委书记：把疫情防控首要任务抓紧抓实")
            #expect((article["body_html"] as? String)?.contains("<p>") == true)
            #expect((article["body_text"] as? String)?.contains("\n\n") == true)
            #expect((article["content_hash"] as? String)?.hasPrefix("sha256:") == true)
            #expect(article["images"] as? [Any] != nil)
        }
    }

    @Test func allDigitSlug_fallsBackToSlugLookup() throws {
        try withAPIServer { server in
            let client = try server.client()
            let response = try client.get("/v1/articles/12345")
            #expect(response.status == 200)
            let article = try response.json()
            #expect(article["slug"] as? String == "12345")
            #expect(article["id"] as? Int != 12345)
        }
    }

    @Test func unknownIdOrSlug_is404Problem() throws {
        try withAPIServer { server in
            let client = try server.client()
            expectProblem(try client.get("/v1/articles/999999"), status: 404)
            expectProblem(try client.get("/v1/articles/no-such-article"), status: 404)
            expectProblem(try client.get("/v1/articles/99999999999999999999999"), status: 404)
            expectProblem(try client.get("/v1/articles/no-such-article/body"), status: 404)
            expectProblem(try client.get("/v1/articles/jiangsu/extra"), status: 404)
        }
    }

    @Test func body_isHTMLByDefault_andEqualsBodyHTML() throws {
        try withAPIServer { server in
            let client = try server.client()
            let article = try client.get("/v1/articles/jiangsu").json()
            let body = try client.get("/v1/articles/jiangsu/body")
            #expect(body.status == 200)
            #expect(body.header("Content-Type") == "text/html; charset=utf-8")
            #expect(body.text == article["body_html"] as? String)
            let explicit = try client.get("/v1/articles/jiangsu/body?format=html")
            #expect(explicit.body == body.body)
        }
    }

    @Test func body_formatText_isPlainText() throws {
        try withAPIServer { server in
            let client = try server.client()
            let id = try Self.id(of: "jiangsu", client)
            let article = try client.get("/v1/articles/\(id)").json()
            let body = try client.get("/v1/articles/\(id)/body?format=text")
            #expect(body.status == 200)
            #expect(body.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(body.text == article["body_text"] as? String)
            #expect(!body.text.contains("<p>"))
        }
    }

    @Test func body_formatRaw_isThePostAfterItsFrontMatterByteForByte() throws {
        try withAPIServer { server in
            let client = try server.client()
            for post in TestPost.catalog {
                let body = try client.get("/v1/articles/\(ArticleListTests.encoded(post.slug))/body?format=raw")
                #expect(body.status == 200)
                #expect(body.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(body.body == Array(post.body.utf8), "\(post.slug)")
            }
        }
    }

    @Test func body_badFormat_is400NamingFormat() throws {
        try withAPIServer { server in
            let client = try server.client()
            expectProblem(try client.get("/v1/articles/jiangsu/body?format=pdf"), status: 400, parameter: "format")
            expectProblem(try client.get("/v1/articles/jiangsu/body?format="), status: 400, parameter: "format")
        }
    }

    @Test func article_hasLastModified_fromUpdatedAt() throws {
        try withAPIServer { server in
            let client = try server.client()
            let response = try client.get("/v1/articles/jiangsu")
            #expect(response.header("Last-Modified") == "Mon, 24 Nov 2025 16:00:00 GMT")
            #expect(try response.json()["updated_at"] as? String == "2025-11-24T16:00:00Z")
            #expect(
                try client.get("/v1/articles/jiangsu/body").header("Last-Modified") == "Mon, 24 Nov 2025 16:00:00 GMT")
        }
    }
}
