import GazetteCore
import HTTPServer
import Testing

@testable import GazetteAPI

/// `ListParameters.parse`: the query of `GET /v1/articles` and the feeds, from the raw target.
@Suite struct ListParametersTests {
    /// The parameters of `GET /v1/articles?…query`.
    private func parse(_ query: String, defaultLimit: Int = 20) throws(APIError) -> ListParameters {
        let request: Request
        do {
            request = try Request(target: query.isEmpty ? "/v1/articles" : "/v1/articles?\(query)")
        } catch {
            throw APIError(.badRequest, "the test's target is not a valid request: \(error)")
        }
        return try ListParameters.parse(request, dates: DateParser(), defaultLimit: defaultLimit)
    }

    /// The error `query` is refused with, or `nil` when it is accepted.
    private func refusal(_ query: String) -> APIError? {
        do {
            _ = try parse(query)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Defaults

    @Test func noParameters_giveTheNewestTwentyWithNoFilter() throws {
        let parameters = try parse("")
        #expect(parameters.query == ArticleQuery())
        #expect(parameters.query.limit == 20)
        #expect(parameters.query.sort == .newest)
        #expect(parameters.fields == nil && parameters.search == nil)
    }

    @Test func defaultLimit_isTheCallersUntilLimitIsGiven() throws {
        #expect(try parse("", defaultLimit: 50).query.limit == 50)
        #expect(try parse("limit=3", defaultLimit: 50).query.limit == 3)
    }

    @Test func unknownParameters_areIgnored() throws {
        #expect(try parse("_=1700000000&utm_source=x").query == ArticleQuery())
    }

    @Test func blankFilters_countAsNotGiven() throws {
        let parameters = try parse("q=&category=&tag=&author=&since=&until=&cursor=&fields=")
        #expect(parameters.query == ArticleQuery())
        #expect(parameters.search == nil && parameters.fields == nil)
    }

    // MARK: limit and offset

    @Test(arguments: ["1", "20", "100"])
    func limitFromOneToAHundred_isAccepted(value: String) throws {
        #expect(try parse("limit=\(value)").query.limit == Int(value))
    }

    @Test(arguments: ["0", "101", "-1", "+5", "%205", "5.0", "1e2", "abc", "", "99999999999999999999"])
    func limitOutsideOneToAHundredOrNotAPlainInteger_is400NamingLimit(value: String) {
        let error = refusal("limit=\(value)")
        #expect(error?.status == .badRequest, "limit=\(value)")
        #expect(error?.parameter == "limit", "limit=\(value)")
    }

    @Test func offsetUpToTenThousand_isAccepted() throws {
        #expect(try parse("offset=0").query.offset == 0)
        #expect(try parse("offset=10000").query.offset == 10_000)
    }

    @Test(arguments: ["10001", "-1", "x", ""])
    func offsetPastTheCapOrNotAnInteger_is400NamingOffset(value: String) {
        let error = refusal("offset=\(value)")
        #expect(error?.status == .badRequest, "offset=\(value)")
        #expect(error?.parameter == "offset", "offset=\(value)")
    }

    @Test func cursorAndOffsetTogether_are400NamingCursor() throws {
        let cursor = ArticleCursor(sort: .newest, publishedAt: 1_600_000_000, id: 7).token
        #expect(try parse("cursor=\(cursor)").query.cursor != nil)
        #expect(refusal("cursor=\(cursor)&offset=2")?.parameter == "cursor")
    }

    // MARK: Filters

    @Test func categoryName_isOneFilterByName_trimmed() throws {
        #expect(try parse("category=%20%E9%87%91%E8%9E%8D%20").query.categories == [.name("金融")])
    }

    @Test(arguments: [
        ("A%E2%80%BAB", ["A", "B"]),  // A›B
        ("A%20/%20B", ["A", "B"]),  // A / B
        ("%E6%96%B0%E5%AA%92%E4%BD%93%20%E2%80%BA%2036kr", ["新媒体", "36kr"]),  // 新媒体 › 36kr
    ])
    func categoryWithASeparator_isAPath(encoded: String, components: [String]) throws {
        let path = try #require(CategoryPath(components))
        #expect(try parse("category=\(encoded)").query.categories == [.path(path)])
    }

    @Test(arguments: ["%E2%80%BA", "%20/%20", "%E2%80%BA/", "%20%20"])
    func categoryThatNamesNothing_is400NamingCategory(encoded: String) {
        let error = refusal("category=\(encoded)")
        #expect(error?.status == .badRequest, "category=\(encoded)")
        #expect(error?.parameter == "category", "category=\(encoded)")
    }

    @Test func categoryProblems_sayWhetherTheValueIsBlankOrNotAPath() {
        // Blank (whitespace only, U+3000 included): nothing named at all.
        #expect(refusal("category=%20%20")?.detail == "category must name a category")
        #expect(refusal("category=%E3%80%80")?.detail == "category must name a category")
        // Separators with blank names: a path that names nothing, quoted back.
        #expect(refusal("category=%20/%20")?.detail == "' / ' is not a category path")
        #expect(refusal("category=%E2%80%BA")?.detail == "'›' is not a category path")
    }

    @Test func repeatedFilters_areAllKept_inOrder() throws {
        let query = try parse("tag=a&tag=b+c&author=X&author=Y&category=A&category=B").query
        #expect(query.tags == ["a", "b c"])
        #expect(query.authors == ["X", "Y"])
        #expect(query.categories == [.name("A"), .name("B")])
    }

    @Test func sinceAndUntil_takeADateOrAnRFC3339DateTime() throws {
        let query = try parse("since=2021-07-28&until=2021-07-28T10:50:17Z").query
        #expect(query.since == 1_627_430_400)  // 2021-07-28T00:00:00Z
        #expect(query.until == 1_627_469_417)  // 2021-07-28T10:50:17Z
        #expect(try parse("since=2021-07-28T12:50:17%2B02:00").query.since == 1_627_469_417)
    }

    @Test(arguments: ["since", "until"])
    func dateThatIsNotADate_is400NamingItsParameter(name: String) {
        for value in ["yesterday", "2021", "28-07-2021", "2021/07/28", "1627430400"] {
            let error = refusal("\(name)=\(value)")
            #expect(error?.status == .badRequest, "\(name)=\(value)")
            #expect(error?.parameter == name, "\(name)=\(value)")
        }
    }

    @Test func fields_areASubsetOfTheSummaryFields() throws {
        #expect(try parse("fields=id,%20title").fields == ["id", "title"])
        let error = refusal("fields=id,password")
        #expect(error?.parameter == "fields")
        #expect(error?.detail.contains("password") == true)
        #expect(refusal("fields=id,,title")?.parameter == "fields")
    }

    // MARK: Sort and search

    @Test func sort_takesTheThreeOrdersAndNothingElse() throws {
        #expect(try parse("sort=-published_at").query.sort == .newest)
        #expect(try parse("sort=published_at").query.sort == .oldest)
        #expect(try parse("sort=published_at&q=x").query.sort == .oldest)
        #expect(refusal("sort=sideways")?.parameter == "sort")
        #expect(refusal("sort=")?.parameter == "sort")
    }

    @Test func search_defaultsToRelevance_andRelevanceNeedsASearch() throws {
        let parameters = try parse("q=%E5%8C%97%E4%BA%AC")
        #expect(parameters.search == "北京")
        #expect(parameters.query.search != nil)
        #expect(parameters.query.sort == .relevance)
        #expect(refusal("sort=relevance")?.parameter == "sort")
    }

    @Test(arguments: ["%21%21%21", "-x"])
    func searchWithNothingToFind_is400NamingQ(value: String) {
        let error = refusal("q=\(value)")
        #expect(error?.status == .badRequest, "q=\(value)")
        #expect(error?.parameter == "q", "q=\(value)")
    }

    @Test func cursor_mustBeOneTheServerGaveOut_forTheSameSort() throws {
        #expect(refusal("cursor=nope")?.parameter == "cursor")
        let newest = ArticleCursor(sort: .newest, publishedAt: 1_600_000_000, id: 7).token
        #expect(try parse("cursor=\(newest)").query.cursor?.id == 7)
        let error = refusal("cursor=\(newest)&sort=published_at")
        #expect(error?.parameter == "cursor")
    }

    @Test func badPercentEncoding_is400NamingTheParameter() {
        let error = refusal("tag=%FF%FE")
        #expect(error?.status == .badRequest)
        #expect(error?.parameter == "tag")
    }
}
