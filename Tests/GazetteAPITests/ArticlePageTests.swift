import Foundation
import Testing

/// `GET /articles/{id-or-slug}`: the server-rendered article page, end to end.
@Suite(.timeLimit(.minutes(1)))
struct ArticlePageTests {
    @Test func page_showsTheArticleAndItsPreviewMeta() throws {
        try withAPIServer { server in
            let client = try server.client()
            let article = try client.get("/v1/articles/jiangsu").json()
            let page = try client.get("/articles/jiangsu")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            let html = page.text
            let title = "江苏省委书记：把疫情防控首要任务抓紧抓实"
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<h1>\(title)</h1>"))
            #expect(html.contains("<meta property=\"og:title\" content=\"\(title)\">"))
            #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
            #expect(html.contains("<meta property=\"og:image\" content=\"https://n.example/jiangsu.jpg\">"))
            #expect(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
            #expect(html.contains("<meta property=\"article:published_time\" content=\"2021-07-28T10:50:17Z\">"))
            #expect(html.contains("<span class=\"author\">新浪财经</span>"))
            #expect(html.contains("<time datetime=\"2021-07-28T10:50:17Z\">2021-07-28 10:50 UTC</time>"))
            #expect(html.contains("金融"))
            #expect(html.contains("#疫情"))
            let body = try #require(article["body_html"] as? String)
            #expect(html.contains(body))
            let excerpt = try #require(article["excerpt"] as? String)
            #expect(html.contains("<meta property=\"og:description\" content=\"\(excerpt)\">"))
            let canonical = "http://127.0.0.1:\(server.port)/articles/jiangsu"
            #expect(html.contains("<link rel=\"canonical\" href=\"\(canonical)\">"))
            #expect(!html.contains("<script"))
            let policy = try #require(page.header("Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src"))
        }
    }

    @Test func page_byIdEqualsPageBySlug() throws {
        try withAPIServer { server in
            let client = try server.client()
            let id = try ArticleTests.id(of: "jiangsu", client)
            let byID = try client.get("/articles/\(id)")
            #expect(byID.status == 200)
            #expect(byID.body == (try client.get("/articles/jiangsu")).body)
        }
    }

    @Test func markupInFields_isEscaped() throws {
        let post = TestPost.hexo(
            "awkward.md", ["title: \"Tom & <b>Jerry</b> \\\"quoted\\\"\"", "author: \"<i>me</i>\""],
            body: "\nPlain text.\n")
        try withAPIServer(posts: [post]) { server in
            let html = try server.client().get("/articles/awkward").text
            #expect(html.contains("<h1>Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; &quot;quoted&quot;</h1>"))
            #expect(html.contains("content=\"Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; &quot;quoted&quot;\""))
            #expect(html.contains("&lt;i&gt;me&lt;/i&gt;"))
            #expect(!html.contains("<b>Jerry") && !html.contains("<i>me"))
        }
    }

    @Test func unknownArticle_is404Problem() throws {
        try withAPIServer { server in
            let client = try server.client()
            expectProblem(try client.get("/articles/no-such-article"), status: 404)
            expectProblem(try client.get("/articles/999999"), status: 404)
            expectProblem(try client.get("/articles/jiangsu/extra"), status: 404)
        }
    }

    @Test func page_answersHeadConditionalRequestsAndGzip() throws {
        try withAPIServer { server in
            let client = try server.client()
            let page = try client.get("/articles/jiangsu")
            let etag = try #require(page.header("ETag"))
            #expect(page.header("Last-Modified") != nil)
            let again = try client.get("/articles/jiangsu", headers: [("If-None-Match", etag)])
            #expect(again.status == 304)
            let head = try client.request("HEAD", "/articles/jiangsu")
            #expect(head.status == 200 && head.header("ETag") == etag && head.body.isEmpty)
            let zipped = try client.get("/articles/jiangsu", headers: [("Accept-Encoding", "gzip")])
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(try zipped.decodedBody() == page.body)
            expectProblem(try client.request("POST", "/articles/jiangsu"), status: 405)
        }
    }

    @Test func feedEntries_linkToArticlePages() throws {
        try withAPIServer { server in
            let client = try server.client()
            let feed = try client.get("/v1/feed.json?limit=50").json()
            let items = try #require(feed["items"] as? [[String: Any]])
            let jiangsu = try #require(items.first { ($0["title"] as? String)?.hasPrefix("江苏") == true })
            let url = try #require(jiangsu["url"] as? String)
            #expect(url == "http://127.0.0.1:\(server.port)/articles/jiangsu")
            let path = try #require(URL(string: url)?.path)
            #expect(try client.get(path).header("Content-Type") == "text/html; charset=utf-8")
        }
    }
}
