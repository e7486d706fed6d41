import Foundation
import Testing

/// `GET /v1/articles`: filters, order, paging and sparse fieldsets, over the catalog of
/// ``TestPost``.
@Suite(.timeLimit(.minutes(10)))
struct ArticleListTests {
    /// The slugs of a list, the total and the next cursor.
    struct Page {
        let slugs: [String]
        let total: Int?
        let nextCursor: String?
        let response: APIResponse
    }

    static func page(_ client: APITestClient, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Page
    {
        let response = try client.get("/v1/articles" + query)
        #expect(response.status == 200, "\(query): \(response.text)", sourceLocation: sourceLocation)
        let meta = try response.meta()
        return Page(
            slugs: try response.slugs(), total: meta["total"] as? Int, nextCursor: meta["next_cursor"] as? String,
            response: response)
    }

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: Order

    @Test func defaultOrder_isNewestFirstWithUndatedLast() throws {
        try withAPIServer { server in
            let page = try Self.page(try server.client(), "")
            #expect(Array(page.slugs.prefix(8)) == TestPost.datedNewestFirst)
            #expect(Set(page.slugs.suffix(2)) == TestPost.undated)
            #expect(page.total == 10)
            #expect(page.nextCursor == nil)
            #expect(try page.response.meta()["limit"] as? Int == 20)
            #expect(page.response.header("Link") == nil)
        }
    }

    @Test func sortPublishedAt_isOldestFirstWithUndatedStillLast() throws {
        try withAPIServer { server in
            let client = try server.client()
            let page = try Self.page(client, "?sort=published_at")
            #expect(Array(page.slugs.prefix(8)) == TestPost.datedNewestFirst.reversed())
            #expect(Set(page.slugs.suffix(2)) == TestPost.undated)
            #expect(try Self.page(client, "?sort=-published_at").slugs == (try Self.page(client, "").slugs))
            expectProblem(try client.get("/v1/articles?sort=newest"), status: 400, parameter: "sort")
        }
    }

    // MARK: Filters

    @Test func category_byNameAtAnyLevel_includesDescendants() throws {
        try withAPIServer { server in
            let client = try server.client()
            let finance = try Self.page(client, "?category=" + Self.encoded("金融"))
            #expect(finance.slugs == ["jiangsu", "world", "stocks", "multi"])
            #expect(finance.total == 4)
            let sina = try Self.page(client, "?category=" + Self.encoded("新浪财经"))
            #expect(sina.slugs == ["jiangsu", "world"])
            #expect(sina.total == 2)
            // 国内 is a leaf under 金融 › 新浪财经 and under 科技: the name matches both.
            let domestic = try Self.page(client, "?category=" + Self.encoded("国内"))
            #expect(domestic.slugs == ["jiangsu", "phones"])
            #expect(domestic.total == 2)
            // Any of an article's paths counts (Hexo's list of lists).
            let sports = try Self.page(client, "?category=" + Self.encoded("体育"))
            #expect(sports.slugs == ["2021-07-22-dated-by-name", "multi"])
            let none = try Self.page(client, "?category=" + Self.encoded("不存在"))
            #expect(none.slugs.isEmpty)
            #expect(none.total == 0)
            #expect(none.nextCursor == nil)
        }
    }

    @Test func category_repeated_isOr() throws {
        try withAPIServer { server in
            let page = try Self.page(
                try server.client(), "?category=" + Self.encoded("证券") + "&category=" + Self.encoded("体育"))
            #expect(page.slugs == ["stocks", "2021-07-22-dated-by-name", "multi"])
            #expect(page.total == 3)
            // An article under both is listed and counted once.
            let nested = try Self.page(
                try server.client(), "?category=" + Self.encoded("金融") + "&category=" + Self.encoded("新浪财经"))
            #expect(nested.slugs == ["jiangsu", "world", "stocks", "multi"])
            #expect(nested.total == 4)
        }
    }

    @Test(arguments: ["金融›新浪财经›国内", "金融/新浪财经/国内", "金融 › 新浪财经 › 国内", "金融 / 新浪财经 / 国内"])
    func category_fullPath_namesOnePath(path: String) throws {
        try withAPIServer { server in
            let client = try server.client()
            let page = try Self.page(client, "?category=" + Self.encoded(path))
            #expect(page.slugs == ["jiangsu"])
            #expect(page.total == 1)
            // A path is a path: 科技 › 国内 is another node than 金融 › 新浪财经 › 国内.
            let tech = try Self.page(
                client, "?category=" + Self.encoded(path.replacingOccurrences(of: "金融", with: "科技")))
            #expect(tech.slugs.isEmpty)
            let prefix = try Self.page(client, "?category=" + Self.encoded("金融›新浪财经"))
            #expect(prefix.slugs == ["jiangsu", "world"])
        }
    }

    @Test func emptyFilters_areNotGiven_butBlankCategoryIs400() throws {
        try withAPIServer { server in
            let client = try server.client()
            let all = try Self.page(client, "")
            // A form's blank fields: the same list as no filter at all.
            let blank = try Self.page(client, "?category=&tag=&author=&q=&since=&until=&cursor=&fields=")
            #expect(blank.slugs == all.slugs)
            #expect(try blank.response.meta()["total"] as? Int == (try all.response.meta()["total"] as? Int))
            expectProblem(try client.get("/v1/articles?category=%20"), status: 400, parameter: "category")
            for name in ["sort", "limit", "offset"] {
                expectProblem(try client.get("/v1/articles?\(name)="), status: 400, parameter: name)
            }
        }
    }

    @Test func tag_isExactAndRepeatedIsOr() throws {
        try withAPIServer { server in
            let client = try server.client()
            let epidemic = try Self.page(client, "?tag=" + Self.encoded("疫情"))
            #expect(epidemic.slugs == ["jiangsu", "stocks", "phones"])
            #expect(epidemic.total == 3)
            let ai = try Self.page(client, "?tag=AI")
            #expect(ai.slugs == ["ai", "undated-note"])
            #expect(try Self.page(client, "?tag=ai").slugs.isEmpty)
            #expect(try Self.page(client, "?tag=A").slugs.isEmpty)
            let either = try Self.page(client, "?tag=AI&tag=" + Self.encoded("油价"))
            #expect(either.slugs == ["ai", "world", "undated-note"])
            #expect(either.total == 3)
            let both = try Self.page(client, "?tag=" + Self.encoded("疫情") + "&tag=" + Self.encoded("江苏"))
            #expect(both.slugs == ["jiangsu", "stocks", "phones"])
            #expect(both.total == 3)
        }
    }

    @Test func author_isExactAndRepeatedIsOr() throws {
        try withAPIServer { server in
            let client = try server.client()
            let xinhua = try Self.page(client, "?author=" + Self.encoded("新华社"))
            #expect(Array(xinhua.slugs.prefix(2)) == ["2021-07-22-dated-by-name", "multi"])
            #expect(xinhua.slugs.last == "another-undated")
            #expect(xinhua.total == 3)
            #expect(try Self.page(client, "?author=Tech+Daily").slugs == ["ai", "undated-note"])
            #expect(try Self.page(client, "?author=tech+daily").slugs.isEmpty)
            #expect(try Self.page(client, "?author=Tech").slugs.isEmpty)
            let two = try Self.page(client, "?author=" + Self.encoded("新浪财经") + "&author=" + Self.encoded("证券时报"))
            #expect(two.slugs == ["jiangsu", "world", "stocks"])
            #expect(two.total == 3)
        }
    }

    @Test func filters_combine_withAnd() throws {
        try withAPIServer { server in
            let client = try server.client()
            let page = try Self.page(client, "?category=" + Self.encoded("金融") + "&tag=" + Self.encoded("疫情"))
            #expect(page.slugs == ["jiangsu", "stocks"])
            #expect(page.total == 2)
            let dated = try Self.page(client, "?tag=" + Self.encoded("疫情") + "&since=2021-07-26")
            #expect(dated.slugs == ["jiangsu", "stocks"])
            #expect(dated.total == 2)
        }
    }

    @Test func sinceIsInclusive_untilIsExclusive_forDates() throws {
        try withAPIServer { server in
            let client = try server.client()
            let since = try Self.page(client, "?since=2021-07-28")
            #expect(since.slugs == ["jiangsu", "ai"])
            #expect(since.total == 2)
            let until = try Self.page(client, "?until=2021-07-28")
            #expect(until.slugs == ["world", "stocks", "phones", "2021-07-22-dated-by-name", "12345", "multi"])
            #expect(until.total == 6)
        }
    }

    @Test func sinceIsInclusive_untilIsExclusive_forDateTimes() throws {
        try withAPIServer { server in
            let client = try server.client()
            let window = try Self.page(client, "?since=2021-07-25T23:59:59Z&until=2021-07-27T08:00:00Z")
            #expect(window.slugs == ["stocks", "phones"])
            #expect(window.total == 2)
            let offset = try Self.page(client, "?since=" + Self.encoded("2021-07-28T08:00:00+08:00"))
            #expect(offset.slugs == ["jiangsu", "ai"])
            let oldest = try Self.page(client, "?until=2021-07-21T00:00:01Z&sort=published_at")
            #expect(oldest.slugs == ["multi", "12345"])
        }
    }

    @Test(arguments: ["since", "until"])
    func badDate_is400NamingTheParameter(name: String) throws {
        try withAPIServer { server in
            let client = try server.client()
            for value in ["yesterday", "2021-13-01", "28/07/2021", "2021-07-28T25:00:00Z", " "] {
                expectProblem(
                    try client.get("/v1/articles?\(name)=\(Self.encoded(value))"), status: 400, parameter: name)
            }
        }
    }

    // MARK: Paging

    @Test func limit_defaultsTo20_andAcceptsOneToHundred() throws {
        try withAPIServer { server in
            let client = try server.client()
            #expect(try Self.page(client, "").response.meta()["limit"] as? Int == 20)
            let one = try Self.page(client, "?limit=1")
            #expect(one.slugs == ["jiangsu"])
            #expect(try one.response.meta()["limit"] as? Int == 1)
            #expect(one.total == 10)
            let hundred = try Self.page(client, "?limit=100")
            #expect(hundred.slugs.count == 10)
            #expect(try hundred.response.meta()["limit"] as? Int == 100)
        }
    }

    @Test(arguments: ["0", "101", "abc", "-1", "", "1.5", "+5", "99999999999999999999"])
    func limit_outOfRange_is400NamingLimit(value: String) throws {
        try withAPIServer { server in
            expectProblem(
                try server.client().get("/v1/articles?limit=\(Self.encoded(value))"), status: 400, parameter: "limit")
        }
    }

    @Test func cursor_walksEveryPage_andNextCursorIsNullOnTheLast() throws {
        try withAPIServer { server in
            let client = try server.client()
            var seen: [String] = []
            var page = try Self.page(client, "?limit=3")
            var pages = 1
            while true {
                seen += page.slugs
                #expect(page.total == 10)
                guard let cursor = page.nextCursor else {
                    #expect(page.response.header("Link") == nil)
                    break
                }
                #expect(page.slugs.count == 3)
                page = try Self.page(client, "?limit=3&cursor=\(cursor)")
                pages += 1
                try #require(pages <= 5)
            }
            #expect(pages == 4)
            #expect(Array(seen.prefix(8)) == TestPost.datedNewestFirst)
            #expect(Set(seen.suffix(2)) == TestPost.undated)
        }
    }

    @Test func link_rel_next_isTheNextPage_withTheFiltersKept() throws {
        try withAPIServer { server in
            let client = try server.client()
            let query = "?category=" + Self.encoded("金融") + "&limit=2&sort=published_at"
            let first = try Self.page(client, query)
            #expect(first.slugs == ["multi", "stocks"])
            let link = try #require(first.response.header("Link"))
            #expect(link.hasSuffix(#">; rel="next""#))
            let target = String(try #require(link.split(separator: ">").first).dropFirst())
            #expect(target.hasPrefix("/v1/articles?"))
            #expect(target.contains("cursor=\(try #require(first.nextCursor))"))
            let second = try client.get(target)
            #expect(second.status == 200)
            #expect(try second.slugs() == ["world", "jiangsu"])
            #expect(try second.meta()["next_cursor"] is NSNull)
            #expect(second.header("Link") == nil)
        }
    }

    @Test func cursor_thatIsNotOurs_is400NamingCursor() throws {
        try withAPIServer { server in
            let client = try server.client()
            for value in ["garbage!", "abc", "djE6ZDp4Onk", String(repeating: "A", count: 200)] {
                expectProblem(try client.get("/v1/articles?cursor=\(value)"), status: 400, parameter: "cursor")
            }
            // A cursor continues only the order it came from.
            let newest = try #require(try Self.page(client, "?limit=2").nextCursor)
            expectProblem(
                try client.get("/v1/articles?limit=2&sort=published_at&cursor=\(newest)"), status: 400,
                parameter: "cursor")
        }
    }

    @Test func offset_skipsRows_upTo10000() throws {
        try withAPIServer { server in
            let client = try server.client()
            let all = try Self.page(client, "?limit=100").slugs
            let page = try Self.page(client, "?offset=3&limit=4")
            #expect(page.slugs == Array(all[3..<7]))
            #expect(page.total == 10)
            let oldest = try Self.page(client, "?offset=6&limit=4&sort=published_at")
            #expect(Array(oldest.slugs.prefix(2)) == ["ai", "jiangsu"])
            #expect(Set(oldest.slugs.suffix(2)) == TestPost.undated)
            #expect(oldest.nextCursor == nil)
            let last = try Self.page(client, "?offset=8&limit=5")
            #expect(Set(last.slugs) == TestPost.undated)
            #expect(last.nextCursor == nil)
            let far = try Self.page(client, "?offset=10000")
            #expect(far.slugs.isEmpty)
            #expect(far.total == 10)
            expectProblem(try client.get("/v1/articles?offset=10001"), status: 400, parameter: "offset")
            expectProblem(try client.get("/v1/articles?offset=-1"), status: 400, parameter: "offset")
        }
    }

    @Test func fields_returnsOnlyTheNamedSummaryFields() throws {
        try withAPIServer { server in
            let client = try server.client()
            let response = try client.get("/v1/articles?fields=id,title&limit=3")
            #expect(response.status == 200)
            for item in try response.data() {
                #expect(Set(item.keys) == ["id", "title"])
            }
            let full = try client.get("/v1/articles?limit=1")
            let keys = Set(try #require(try full.data().first).keys)
            #expect(
                keys == [
                    "id", "slug", "title", "author", "published_at", "categories", "category_paths", "tags",
                    "thumbnail",
                    "excerpt", "char_count", "url",
                ])
            expectProblem(try client.get("/v1/articles?fields=id,nope"), status: 400, parameter: "fields")
            expectProblem(try client.get("/v1/articles?fields=body_html"), status: 400, parameter: "fields")
        }
    }

    @Test func summary_hasTheContractsValues() throws {
        try withAPIServer { server in
            let client = try server.client()
            let items = try client.get("/v1/articles?limit=100").data()
            let bySlug = Dictionary(uniqueKeysWithValues: items.map { ($0["slug"] as? String ?? "", $0) })
            let jiangsu = try #require(bySlug["jiangsu"])
            #expect(jiangsu["published_at"] as? String == "2021-07-28T10:50:17Z")
            #expect(jiangsu["categories"] as? [String] == ["金融", "新浪财经", "国内"])
            #expect(jiangsu["category_paths"] as? [[String]] == [["金融", "新浪财经", "国内"]])
            #expect(jiangsu["tags"] as? [String] == ["疫情", "江苏"])
            #expect(jiangsu["author"] as? String == "新浪财经")
            #expect(jiangsu["thumbnail"] as? String == "https://n.example/jiangsu.jpg")
            let id = try #require(jiangsu["id"] as? Int)
            #expect(jiangsu["url"] as? String == "/v1/articles/\(id)")
            #expect((jiangsu["excerpt"] as? String)?.hasPrefix("江苏：7月28日上午") == true)
            #expect((jiangsu["char_count"] as? Int ?? 0) > 0)
            #expect(bySlug["stocks"]?["published_at"] as? String == "2021-07-26T09:30:00Z")
            #expect(bySlug["2021-07-22-dated-by-name"]?["published_at"] as? String == "2021-07-22T00:00:00Z")
            #expect(bySlug["multi"]?["published_at"] as? String == "2021-07-20T04:00:00Z")
            #expect(bySlug["multi"]?["categories"] as? [String] == ["体育", "奥运"])
            #expect(bySlug["multi"]?["category_paths"] as? [[String]] == [["体育", "奥运"], ["金融"]])
            let phones = try #require(bySlug["phones"])
            #expect(phones["author"] is NSNull)
            #expect(phones["thumbnail"] is NSNull)
            let undated = try #require(bySlug["another-undated"])
            #expect(undated["published_at"] is NSNull)
            #expect(undated["categories"] as? [String] == [])
            #expect(undated["tags"] as? [String] == [])
        }
    }
}
