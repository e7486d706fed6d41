import Foundation
import GazetteCore
import GazetteIngest
import GazetteStore
import Testing

/// `POST /v1/articles`, `PUT /v1/articles/{slug}`, `DELETE /v1/articles/{id-or-slug}`.
@Suite(.timeLimit(.minutes(10)))
struct WriteTests {
    static let markdown = authorized + [("Content-Type", "text/markdown; charset=utf-8")]
    static let json = authorized + [("Content-Type", "application/json")]

    /// A real post shipped in `Samples/`, with a date, categories and Sina boilerplate.
    static func samplePost() throws -> (name: String, bytes: [UInt8]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let name = "0！北京昨日本土无新增.md"
        let data = try Data(contentsOf: root.appendingPathComponent("Samples").appendingPathComponent(name))
        return (name, Array(data))
    }

    @Test func postMarkdown_creates201WithLocation_andTheSameContentAgainIs200() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let post = TestPost.catalog[0].text
            let created = try client.request("POST", "/v1/articles", headers: Self.markdown, body: Array(post.utf8))
            #expect(created.status == 201)
            let article = try created.json()
            let id = try #require(article["id"] as? Int)
            #expect(created.header("Location") == "/v1/articles/\(id)")
            #expect(article["title"] as? String == "江苏省委书记：把疫情防控首要任务抓紧抓实")
            #expect(article["slug"] as? String == "2021-07-28-江苏省委书记：把疫情防控首要任务抓紧抓实")
            #expect(article["categories"] as? [String] == ["金融", "新浪财经", "国内"])
            #expect(article["published_at"] as? String == "2021-07-28T10:50:17Z")
            #expect((article["body_html"] as? String)?.isEmpty == false)

            let fetched = try client.get(try #require(created.header("Location")))
            #expect(fetched.status == 200)
            #expect(fetched.body == created.body)
            let bySlug = try client.get("/v1/articles/" + ArticleListTests.encoded(article["slug"] as? String ?? ""))
            #expect(bySlug.status == 200)

            let again = try client.request("POST", "/v1/articles", headers: Self.markdown, body: Array(post.utf8))
            #expect(again.status == 200)
            #expect(try again.json()["id"] as? Int == id)
            #expect(again.header("Location") == nil)
            #expect(try client.get("/v1/articles").meta()["total"] as? Int == 1)
        }
    }

    @Test func postMarkdown_withoutASlug_getsUniqueSlugsOnCollision() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let first = "---\ntitle: 同名\ndate: 2021-07-01\n---\none\n"
            let second = "---\ntitle: 同名\ndate: 2021-07-01\n---\ntwo\n"
            let a = try client.request("POST", "/v1/articles", headers: Self.markdown, body: Array(first.utf8))
            let b = try client.request("POST", "/v1/articles", headers: Self.markdown, body: Array(second.utf8))
            #expect(a.status == 201 && b.status == 201)
            #expect(try a.json()["slug"] as? String == "2021-07-01-同名")
            #expect(try b.json()["slug"] as? String == "2021-07-01-同名-2")
        }
    }

    @Test func postJSON_createsTheArticleFromItsFields() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let body = """
                {"title": "JSON 文章", "body_markdown": "第一段。\\n\\n第二段 **加粗**。", "categories": ["科技", "手机"],
                 "tags": ["测试", "JSON"], "published_at": "2021-08-01T09:00:00Z", "author": "编辑部",
                 "thumbnail": "https://img.example/t.jpg"}
                """
            let created = try client.request("POST", "/v1/articles", headers: Self.json, body: Array(body.utf8))
            #expect(created.status == 201)
            let article = try created.json()
            let id = try #require(article["id"] as? Int)
            #expect(created.header("Location") == "/v1/articles/\(id)")
            #expect(article["title"] as? String == "JSON 文章")
            #expect(article["categories"] as? [String] == ["科技", "手机"])
            #expect(article["category_paths"] as? [[String]] == [["科技", "手机"]])
            #expect(article["tags"] as? [String] == ["测试", "JSON"])
            #expect(article["published_at"] as? String == "2021-08-01T09:00:00Z")
            #expect(article["author"] as? String == "编辑部")
            #expect(article["thumbnail"] as? String == "https://img.example/t.jpg")
            #expect((article["body_html"] as? String)?.contains("<strong>加粗</strong>") == true)
            #expect(article["body_text"] as? String == "第一段。\n\n第二段 加粗。")
            #expect(article["slug"] as? String == "2021-08-01-JSON-文章")

            let html =
                #"{"title":"HTML 正文","body_html":"<p>安全</p><script>alert(1)</script><p onclick=\"x()\">文字</p>","category_paths":[["甲","乙"],["丙"]]}"#
            let second = try client.request("POST", "/v1/articles", headers: Self.json, body: Array(html.utf8))
            #expect(second.status == 201)
            let sanitized = try second.json()
            let bodyHTML = sanitized["body_html"] as? String ?? ""
            #expect(bodyHTML.contains("安全") && !bodyHTML.contains("script") && !bodyHTML.contains("onclick"))
            #expect(sanitized["category_paths"] as? [[String]] == [["甲", "乙"], ["丙"]])
            #expect(sanitized["published_at"] is NSNull)

            // Both are listed, and in their categories.
            #expect(try client.get("/v1/articles").meta()["total"] as? Int == 2)
            #expect(
                try client.get("/v1/articles?category=" + ArticleListTests.encoded("手机")).slugs() == [
                    "2021-08-01-JSON-文章"
                ])
            #expect(try client.get("/v1/articles?category=" + ArticleListTests.encoded("丙")).data().count == 1)
            let again = try client.request("POST", "/v1/articles", headers: Self.json, body: Array(body.utf8))
            #expect(again.status == 200)
            #expect(try again.json()["id"] as? Int == id)
        }
    }

    @Test func put_bySlug_createsThenReplacesKeepingTheId() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let first = "---\ntitle: 第一版\ncategories: [甲]\ndate: 2021-07-01\n---\n第一版正文\n"
            let created = try client.request(
                "PUT", "/v1/articles/my-story", headers: Self.markdown, body: Array(first.utf8))
            #expect(created.status == 201)
            let id = try #require(try created.json()["id"] as? Int)
            #expect(try created.json()["slug"] as? String == "my-story")
            #expect(created.header("Location") == "/v1/articles/\(id)")

            let same = try client.request(
                "PUT", "/v1/articles/my-story", headers: Self.markdown, body: Array(first.utf8))
            #expect(same.status == 200)
            #expect(try same.json()["id"] as? Int == id)

            let second =
                #"{"title":"第二版","body_html":"<p>第二版正文</p>","categories":["乙"],"published_at":"2021-07-02T00:00:00Z"}"#
            let replaced = try client.request(
                "PUT", "/v1/articles/my-story", headers: Self.json, body: Array(second.utf8))
            #expect(replaced.status == 200)
            let article = try replaced.json()
            #expect(article["id"] as? Int == id)
            #expect(article["slug"] as? String == "my-story")
            #expect(article["title"] as? String == "第二版")
            #expect(article["body_text"] as? String == "第二版正文")
            #expect(article["published_at"] as? String == "2021-07-02T00:00:00Z")

            let fetched = try client.get("/v1/articles/my-story").json()
            #expect(fetched["title"] as? String == "第二版")
            #expect(try client.get("/v1/articles").meta()["total"] as? Int == 1)
            #expect(try client.get("/v1/articles?category=" + ArticleListTests.encoded("甲")).data().isEmpty)
            #expect(try client.get("/v1/articles?category=" + ArticleListTests.encoded("乙")).slugs() == ["my-story"])
            #expect(try client.get("/v1/categories?flat=true").data().compactMap { $0["path"] as? [String] } == [["乙"]])
        }
    }

    @Test func delete_is204_thenTheArticleIs404() throws {
        try withAPIServer { server in
            let client = try server.client()
            let id = try ArticleTests.id(of: "world", client)
            let deleted = try client.request("DELETE", "/v1/articles/\(id)", headers: authorized)
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            expectProblem(try client.get("/v1/articles/\(id)"), status: 404)
            expectProblem(try client.get("/v1/articles/world"), status: 404)
            expectProblem(try client.request("DELETE", "/v1/articles/\(id)", headers: authorized), status: 404)
            #expect(try client.request("DELETE", "/v1/articles/jiangsu", headers: authorized).status == 204)
            expectProblem(try client.get("/v1/articles/jiangsu/body"), status: 404)
            let list = try client.get("/v1/articles")
            #expect(try list.meta()["total"] as? Int == 8)
            #expect(try !list.slugs().contains("world") && !list.slugs().contains("jiangsu"))
        }
    }

    @Test func postedArticle_equalsTheSamePostIngestedFromAFile() throws {
        let (name, bytes) = try Self.samplePost()
        // Ingest the file into a store of its own.
        let folder = try APITestServer.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let postFolder = folder + "/posts"
        try FileManager.default.createDirectory(atPath: postFolder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: postFolder + "/" + name))
        let store = try ArticleStore(location: .file(folder + "/ingested.sqlite"))
        let summary = try Ingestor(store: store, logger: quietLogger).ingest(paths: [postFolder])
        #expect(summary.added == 1)
        var ingested: Article?
        try store.reader.forEachArticle { ingested = try $0.decoded() }
        let file = try #require(ingested)

        try withAPIServer(posts: []) { server in
            let response = try server.client().request("POST", "/v1/articles", headers: Self.markdown, body: bytes)
            #expect(response.status == 201)
            let posted = try response.json()
            #expect(posted["title"] as? String == file.title)
            #expect(posted["body_html"] as? String == file.bodyHTML)
            #expect(posted["body_text"] as? String == file.bodyText)
            #expect(posted["excerpt"] as? String == file.excerpt)
            #expect(posted["char_count"] as? Int == file.charCount)
            #expect(posted["categories"] as? [String] == file.categories)
            #expect(posted["published_at"] as? String == file.publishedAt.map(RFC3339.format))
            #expect(posted["author"] as? String == file.author)
            #expect(posted["content_hash"] as? String == file.contentHash)
            #expect(posted["thumbnail"] as? String == file.thumbnail)
            #expect(file.bodyHTML.isEmpty == false)
            #expect(file.publishedAt != nil)
            let raw = try server.client().get("/v1/articles/\(posted["id"] as? Int ?? 0)/body?format=raw")
            #expect(raw.text == file.bodyRaw)
        }
    }
}
