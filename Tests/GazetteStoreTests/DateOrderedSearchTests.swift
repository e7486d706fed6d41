import GazetteCore
import TestSupport
import Testing

@testable import GazetteStore

/// Date-ordered search (#13) against a brute-force scan of a generated corpus: the walk of the
/// date index, the sort of the matches, the switch between them at the expected match count,
/// and the walk that gives up for the sort when the matches are all far from the start.
struct DateOrderedSearchTests {
    struct Post {
        var id: Int64 = 0
        var title: String
        var body: String
        var at: Int64?
        var author: String?
        var isFinance: Bool
    }

    static let articleCount = 1_200
    /// The page the boundary terms are asked for (the walk then wants `limit + 1` matches).
    static let boundaryLimit = 20

    /// The fewest matches for which a first page of ``boundaryLimit`` is walked rather than
    /// sorted: the smallest m with `wanted · articles / m ≤ walkedRowsPerSortedMatch · m`.
    static var walkThreshold: Int {
        let wanted = Double(boundaryLimit + 1)
        let rate = Double(DateOrderedSearch.walkedRowsPerSortedMatch)
        var m = 1
        while wanted * Double(articleCount) / Double(m) > rate * Double(m) { m += 1 }
        return m
    }

    /// Articles with 旧闻, all older than the others: enough for a walk to be chosen, few
    /// enough that it passes its budget (twice the break-even) before the page is full.
    static let oldCount = 60

    /// The same corpus in every test. Filler text never holds a probe term; the probes:
    /// - 市场 in about half the articles, titles or bodies (walked);
    /// - 稀有 in three (sorted);
    /// - 旧闻 in the oldest ``oldCount`` dated articles only (walked newest first until the
    ///   budget runs out, then sorted; walked straight away oldest first);
    /// - 甲乙 in `walkThreshold - 1` articles and 丙丁 in `walkThreshold` (either side of the switch).
    /// Dates repeat (ties are broken by id) and every 13th article is undated.
    static func corpus(_ store: ArticleStore) throws -> [Post] {
        var generator = SplitMix64(seed: 13)
        func random(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        let filler = Array("的一是人中国在了不和。，")
        func text(_ length: Int) -> String { String((0..<length).map { _ in filler[random(filler.count)] }) }
        var posts: [Post] = (0..<articleCount).map { index in
            Post(
                title: text(2 + random(6)), body: text(random(60)),
                at: index % 13 == 0 ? nil : Int64(random(90)), author: index % 3 == 0 ? "甲" : nil,
                isFinance: index % 2 == 0)
        }
        func put(_ term: String, into index: Int) {
            if random(3) == 0 { posts[index].title += term } else { posts[index].body += "。" + term }
        }
        for index in posts.indices where random(2) == 0 { put("市场", into: index) }
        for index in [5, 300, 590] { put("稀有", into: index) }
        let oldest = posts.indices.filter { posts[$0].at != nil }.sorted {
            (posts[$0].at ?? 0, $0) < (posts[$1].at ?? 0, $1)
        }
        for index in oldest.prefix(oldCount) { put("旧闻", into: index) }
        var shuffled = Array(posts.indices)
        shuffled.shuffle(using: &generator)
        for index in shuffled.prefix(walkThreshold - 1) { put("甲乙", into: index) }
        for index in shuffled.suffix(walkThreshold) { put("丙丁", into: index) }
        try store.transaction {
            for index in posts.indices {
                let post = posts[index]
                posts[index].id = try store.insert(
                    Article(
                        slug: "p\(index)", title: post.title, author: post.author, publishedAt: post.at,
                        categoryPaths: post.isFinance ? [CategoryPath(["金融"])].compactMap { $0 } : [],
                        bodyText: post.body, contentHash: "h\(index)"),
                    sourcePath: nil, ingestVersion: 1
                ).id
            }
        }
        return posts
    }

    /// The ids of the posts holding every term, in `sort` order: dated first (by date, ties by
    /// id, both in the sort's direction), then undated (by id, same direction).
    static func scan(
        _ posts: [Post], _ terms: [String], sort: ArticleQuery.Sort, where keep: (Post) -> Bool = { _ in true }
    )
        -> [Int64]
    {
        let newestFirst = sort == .newest
        return posts.filter { post in
            keep(post) && terms.allSatisfy { post.title.contains($0) || post.body.contains($0) }
        }
        .sorted { a, b in
            switch (a.at, b.at) {
            case (let x?, let y?):
                return newestFirst ? (x > y || (x == y && a.id > b.id)) : (x < y || (x == y && a.id < b.id))
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return newestFirst ? a.id > b.id : a.id < b.id
            }
        }
        .map(\.id)
    }

    static func page(
        _ store: ArticleStore, _ q: String, sort: ArticleQuery.Sort, limit: Int, offset: Int = 0,
        cursor: ArticleCursor? = nil, configure: (inout ArticleQuery) -> Void = { _ in }
    ) throws -> (ids: [Int64], listing: ArticleListing, work: DateOrderedSearch.Work) {
        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: q)
        query.sort = sort
        query.limit = limit
        query.offset = offset
        query.cursor = cursor
        configure(&query)
        var ids: [Int64] = []
        let listing = try store.reader.list(query) { ids.append($0.id) }
        return (ids, listing, store.connection.lastDateSearchWork)
    }

    /// Every page by cursor, `limit` at a time.
    static func allPages(
        _ store: ArticleStore, _ q: String, sort: ArticleQuery.Sort, limit: Int,
        configure: (inout ArticleQuery) -> Void = { _ in }
    ) throws -> [Int64] {
        var cursor: ArticleCursor?
        var paged: [Int64] = []
        // Bounded, so that a cursor that does not advance fails the test instead of hanging it.
        repeat {
            let (ids, listing, _) = try page(store, q, sort: sort, limit: limit, cursor: cursor, configure: configure)
            paged += ids
            cursor = listing.nextCursor
        } while cursor != nil && paged.count <= articleCount
        return paged
    }

    @Test(arguments: ["市场", "稀有", "旧闻", "甲乙", "丙丁", "的", "市场 的", "市场 -稀有"])
    func pagesAndTotals_equalTheScan_inBothOrders(_ q: String) throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        let terms = q.split(separator: " ").filter { !$0.hasPrefix("-") }.map(String.init)
        let excluded = q.split(separator: " ").filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
        for sort in [ArticleQuery.Sort.newest, .oldest] {
            let expected = Self.scan(posts, terms, sort: sort) { post in
                excluded.allSatisfy { !post.title.contains($0) && !post.body.contains($0) }
            }
            #expect(!expected.isEmpty)
            for (limit, offset) in [(20, 0), (1, 0), (7, 3), (100, 0), (5, max(0, expected.count - 3))] {
                let (ids, listing, _) = try Self.page(store, q, sort: sort, limit: limit, offset: offset)
                #expect(
                    ids == Array(expected.dropFirst(offset).prefix(limit)), "\(sort) limit \(limit) offset \(offset)")
                #expect(listing.total == expected.count)
                #expect((listing.nextCursor != nil) == (offset + limit < expected.count))
            }
            for limit in [1, 9, 45] {
                #expect(try Self.allPages(store, q, sort: sort, limit: limit) == expected, "\(sort) by \(limit)")
            }
        }
    }

    @Test func strategy_followsTheMatchCount() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        #expect(Self.scan(posts, ["甲乙"], sort: .newest).count == Self.walkThreshold - 1)
        #expect(Self.scan(posts, ["丙丁"], sort: .newest).count == Self.walkThreshold)
        let limit = Self.boundaryLimit
        #expect(try Self.page(store, "甲乙", sort: .newest, limit: limit).work.strategy == .sort)
        // Right at the switch the walk may pass its break-even by chance; it is chosen all the same.
        #expect(try Self.page(store, "丙丁", sort: .newest, limit: limit).work.strategy != .sort)
        #expect(try Self.page(store, "稀有", sort: .newest, limit: limit).work.strategy == .sort)
        let common = try Self.page(store, "市场", sort: .newest, limit: limit).work
        #expect(common.strategy == .walk)
        // About half the articles match: the page of 21 is found within the first few dozen.
        #expect(common.walked < 100 && common.sorted == 0)
    }

    @Test func walkFarFromTheMatches_givesWayToTheSort() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        let rate = DateOrderedSearch.walkedRowsPerSortedMatch
        let dated = posts.filter { $0.at != nil }.count
        // The premise: a walk is chosen, and newest first it must pass more than its budget.
        try #require(21 * Self.articleCount <= rate * Self.oldCount * Self.oldCount)
        try #require(dated - Self.oldCount + 21 > 2 * rate * Self.oldCount)
        let newest = try Self.page(store, "旧闻", sort: .newest, limit: 20)
        #expect(newest.work.strategy == .walkThenSort)
        #expect(newest.work.walked == 2 * rate * Self.oldCount)
        #expect(newest.work.sorted == Self.oldCount)
        #expect(newest.ids == Array(Self.scan(posts, ["旧闻"], sort: .newest).prefix(20)))
        let oldest = try Self.page(store, "旧闻", sort: .oldest, limit: 20)
        #expect(oldest.work.strategy == .walk)
        #expect(oldest.ids == Array(Self.scan(posts, ["旧闻"], sort: .oldest).prefix(20)))
    }

    @Test(arguments: ["市场", "稀有", "旧闻"])
    func filters_combineWithTheWalkAndTheSort(_ q: String) throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        let cases: [(String, (inout ArticleQuery) -> Void, (Post) -> Bool)] = [
            ("category", { $0.categories = [.name("金融")] }, { $0.isFinance }),
            ("author", { $0.authors = ["甲"] }, { $0.author == "甲" }),
            ("since", { $0.since = 40 }, { ($0.at ?? -1) >= 40 }),
            ("until", { $0.until = 30 }, { $0.at.map { $0 < 30 } ?? false }),
            (
                "category, since and until",
                {
                    $0.categories = [.name("金融")]; $0.since = 10; $0.until = 70
                },
                { $0.isFinance && ($0.at.map { $0 >= 10 && $0 < 70 } ?? false) }
            ),
        ]
        for (name, configure, keep) in cases {
            for sort in [ArticleQuery.Sort.newest, .oldest] {
                let expected = Self.scan(posts, [q], sort: sort, where: keep)
                let (ids, listing, _) = try Self.page(store, q, sort: sort, limit: 10, configure: configure)
                #expect(ids == Array(expected.prefix(10)), "\(name), \(sort)")
                #expect(listing.total == expected.count, "\(name), \(sort)")
                #expect(try Self.allPages(store, q, sort: sort, limit: 8, configure: configure) == expected)
            }
        }
    }

    @Test func matchSet_testsMembershipAndListsAscending() {
        var set = MatchSet()
        var generator = SplitMix64(seed: 3)
        var expected = Set<Int64>()
        for _ in 0..<2_000 {
            let id = Int64(generator.next() % 50_000)
            set.insert(id)
            expected.insert(id)
        }
        // Ids outside the bitmap (negative, or past its limit) are kept too.
        for id in [-5, MatchSet.bitmapLimit, MatchSet.bitmapLimit + 70, Int64.max, 0] {
            set.insert(id)
            expected.insert(id)
        }
        set.insert(17)
        expected.insert(17)
        #expect(set.count == expected.count)
        var listed: [Int64] = []
        set.forEach { listed.append($0) }
        #expect(listed == expected.sorted())
        for id in Int64(-10)..<60_000 {
            if set.contains(id) != expected.contains(id) {
                Issue.record("contains(\(id))")
                break
            }
        }
        #expect(set.contains(Int64.max) && !set.contains(Int64.max - 1))
    }

    /// One phrase with no filter is collected by walking the phrase's rows (``PhraseRows``);
    /// anything else by the statement. Both give the scan's pages and totals (the tests above).
    @Test func matchPass_walksOnePhraseWithoutFilters() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        for q in ["市场", "的", "稀有", "无此"] {
            let (ids, listing, work) = try Self.page(store, q, sort: .newest, limit: 20)
            #expect(work.matchPass == .phraseWalk, "\(q)")
            #expect(listing.total == Self.scan(posts, [q], sort: .newest).count, "\(q)")
            #expect(ids == Array(Self.scan(posts, [q], sort: .newest).prefix(20)), "\(q)")
        }
        for q in ["市场 的", "市场 -稀有", "market"] {
            #expect(try Self.page(store, q, sort: .newest, limit: 20).work.matchPass == .statement, "\(q)")
        }
        let filtered = try Self.page(store, "市场", sort: .newest, limit: 20) { $0.categories = [.name("金融")] }
        #expect(filtered.work.matchPass == .statement)
    }

    /// The walk runs no virtual-machine step, so it honours the read's time limit itself.
    @Test func phraseWalk_stopsAtTheDeadline() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        _ = try Self.corpus(store)
        let connection = store.connection
        let sql = "SELECT \(PhraseRows.functionName)(search_index) FROM search_index WHERE search_index MATCH ? LIMIT 1"
        connection.phraseRows.pointee.reset(deadline: .now - .seconds(1))
        #expect {
            _ = try connection.statement(sql).first([.text("市场")]) { _ in () }
        } throws: { ($0 as? SQLiteError)?.isInterrupted == true }
        connection.phraseRows.pointee.reset(deadline: .now + .seconds(3_600))
        _ = try connection.statement(sql).first([.text("市场")]) { _ in () }
        #expect(connection.phraseRows.pointee.outcome == .collected)
        #expect(connection.phraseRows.pointee.matches.count > 100)
    }
}
