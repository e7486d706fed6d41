import Foundation
import Testing

@testable import GazetteAPI

/// `q` over HTTP: Chinese words of two characters, snippets, filters, relevance paging, and
/// hostile input that must never give a 500.
@Suite(.timeLimit(.minutes(10)))
struct SearchAPITests {
    static let posts: [TestPost] = [
        TestPost.hexo(
            "a.md", ["title: 南京疫情通报", "date: 2021-08-08 10:00:00", "categories: [新闻, 国内]"],
            body: "<p>南京市今日无新增本土确诊病例。股市平稳。</p>"),
        TestPost.hexo(
            "b.md", ["title: 股市收盘", "date: 2021-08-09 10:00:00", "categories: [金融]"],
            body: "<p>沪指上涨，两市成交额破万亿。疫情影响有限。</p>"),
        TestPost.hexo(
            "c.md", ["title: Café culture returns", "date: 2021-08-10 10:00:00", "categories: [生活]"],
            body: "<p>Cafes in Nanjing reopen after the <b>outbreak</b>.</p>"),
        TestPost.hexo(
            "d.md", ["title: 无关文章", "date: 2021-08-11 10:00:00", "categories: [新闻]"],
            body: "<p>今天天气很好 &lt;script&gt;</p>"),
    ]

    @Test func twoCharacterChineseWord_findsEveryArticleWithIt_titleFirst() throws {
        try withAPIServer(posts: Self.posts) { server in
            let response = try server.client().get("/v1/articles?q=" + ArticleListTests.encoded("疫情"))
            #expect(response.status == 200)
            let data = try response.data()
            #expect(data.map { $0["title"] as? String } == ["南京疫情通报", "股市收盘"])
            #expect(try response.meta()["total"] as? Int == 2)
            let snippet = try #require(data.last?["snippet"] as? String)
            #expect(snippet.contains("<mark>疫情</mark>"))
        }
    }

    @Test func oneCharacterAndFoldedLatinQueries_match() throws {
        try withAPIServer(posts: Self.posts) { server in
            let client = try server.client()
            #expect(try client.get("/v1/articles?q=" + ArticleListTests.encoded("沪")).meta()["total"] as? Int == 1)
            // Case and diacritics folded; the last word matches as a prefix.
            let cafe = try client.get("/v1/articles?q=CAFE").data().compactMap { $0["title"] as? String }
            #expect(cafe == ["Café culture returns"])
            #expect(try client.get("/v1/articles?q=outbr").meta()["total"] as? Int == 1)
            #expect(try client.get("/v1/articles?q=%22outbr%22").meta()["total"] as? Int == 0)
        }
    }

    @Test func exclusionPhrasesAndFilters_combine() throws {
        try withAPIServer(posts: Self.posts) { server in
            let client = try server.client()
            let notStocks = try client.get("/v1/articles?q=" + ArticleListTests.encoded("疫情 -股市")).data()
            #expect(notStocks.isEmpty)
            let inNews = try client.get(
                "/v1/articles?category=" + ArticleListTests.encoded("新闻") + "&q=" + ArticleListTests.encoded("疫情"))
            #expect(try inNews.data().map { $0["title"] as? String } == ["南京疫情通报"])
            let byDate = try client.get("/v1/articles?sort=-published_at&q=" + ArticleListTests.encoded("疫情")).data()
            #expect(byDate.map { $0["title"] as? String } == ["股市收盘", "南京疫情通报"])
        }
    }

    @Test func relevanceCursor_pagesThroughEveryMatchOnce() throws {
        try withAPIServer(posts: Self.posts) { server in
            let client = try server.client()
            var target = "/v1/articles?limit=1&q=" + ArticleListTests.encoded("市")
            var seen: [Int] = []
            for _ in 0..<10 {
                let response = try client.get(target)
                seen += try response.data().compactMap { $0["id"] as? Int }
                guard let next = try response.meta()["next_cursor"] as? String else { break }
                target = "/v1/articles?limit=1&q=" + ArticleListTests.encoded("市") + "&cursor=" + next
            }
            #expect(seen.count == 2 && Set(seen).count == 2)
        }
    }

    @Test func snippet_escapesHTMLOutsideTheMarks() throws {
        try withAPIServer(posts: Self.posts) { server in
            let data = try server.client().get("/v1/articles?q=" + ArticleListTests.encoded("天气")).data()
            let snippet = try #require(data.first?["snippet"] as? String)
            #expect(snippet.contains("&lt;script&gt;") && !snippet.contains("<script"))
        }
    }

    @Test(arguments: [
        "%22", "%22%22", "AND", "OR", "NOT", "NEAR", "NEAR(a%20b)", "a%20OR%20b", "*", "%5E", "a*", "(", ")", "((a)",
        "title1:x", "%7Btitle1%7D:x", "-", "--x", "%22unclosed", "%27;%20DROP%20TABLE%20articles;--", "%5C", "%25",
        "%ED%A0%80", "%F0%9F%98%80", "%C3%28", "%00", "%E5%AD",
    ])
    func hostileQuery_isNever500(q: String) throws {
        try withAPIServer(posts: Self.posts) { server in
            let response = try server.client().get("/v1/articles?q=" + q)
            #expect(response.status == 200 || response.status == 400, "\(q): \(response.status) \(response.text)")
            if response.status == 400 { expectProblem(response, status: 400, parameter: "q") }
        }
    }

    @Test func longQueries_areRefusedWithAProblem() throws {
        try withAPIServer(posts: Self.posts) { server in
            // 10 KB does not fit the request line (8 KiB): the server answers 414 itself.
            let huge = try server.client().get("/v1/articles?q=" + String(repeating: "%E5%AD%97", count: 1_200))
            expectProblem(huge, status: 414)
            // Under the line limit but over q's own limit: 400 naming q.
            let long = try server.client().get("/v1/articles?q=" + String(repeating: "%E5%AD%97", count: 600))
            expectProblem(long, status: 400, parameter: "q")
        }
    }
}
