import GazetteCore
import TestSupport
import Testing

@testable import GazetteStore

/// Relevance order: the one-pass collector against a plain sort, and the order a reader sees
/// through pages, cursors, offsets and filters.
struct SearchRankingTests {
    @Test func collector_keepsExactlyTheBestMatchesAfterTheCursor() {
        var generator = SplitMix64(seed: 7)
        let matches = (0..<2_000).map { index in
            // Few distinct scores, so ties (broken by the newer id) are common.
            RelevanceCollector.Match(score: -Double(generator.next() % 9), id: Int64(index))
        }
        let sorted = matches.sorted { $0.precedes($1) }
        var collector = RelevanceCollector()
        for (capacity, cursorIndex) in [(1, nil), (21, nil), (21, 500), (300, 1_990), (5_000, nil), (10, 1_999)] {
            let after = cursorIndex.map { sorted[$0] }
            collector.reset(keeping: capacity, after: after)
            for match in matches { collector.offer(match) }
            let start = cursorIndex.map { $0 + 1 } ?? 0
            #expect(collector.best() == Array(sorted[start...].prefix(capacity)))
            #expect(collector.matched == matches.count)
        }
    }

    @Test func titleMatchesComeFirst_thenMoreHits_thenNewer() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        func add(_ slug: String, title: String, body: String, at: Int64) throws -> Int64 {
            try store.insert(
                Article(slug: slug, title: title, publishedAt: at, bodyText: body, contentHash: slug),
                sourcePath: nil, ingestVersion: 1
            ).id
        }
        let onceOld = try add("once-old", title: "天气", body: "疫情一次。", at: 3)
        let titled = try add("titled", title: "疫情通报", body: "今日通报。", at: 1)
        let thrice = try add("thrice", title: "报道", body: "疫情，疫情，又是疫情。", at: 2)
        let onceNew = try add("once-new", title: "新闻", body: "疫情一次。", at: 4)
        _ = try add("none", title: "无关", body: "天气很好。", at: 5)

        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: "疫情")
        query.sort = .relevance
        var ids: [Int64] = []
        let listing = try store.reader.list(query) { ids.append($0.id) }
        #expect(ids == [titled, thrice, onceNew, onceOld])
        #expect(listing.total == 4)
    }

    @Test func pagesByCursorAndByOffset_seeEveryMatchOnceInOneOrder_withFilters() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        try store.transaction {
            for index in 0..<96 {
                // Equal scores in runs of three; every other article in 金融; a third by 甲.
                let hits = String(repeating: "市场。", count: 1 + index % 3)
                try store.insert(
                    Article(
                        slug: "a\(index)", title: index % 10 == 0 ? "市场周报" : "第\(index)篇",
                        author: index % 3 == 0 ? "甲" : nil,
                        publishedAt: Int64(index), categoryPaths: index % 2 == 0 ? [CategoryPath(["金融"])!] : [],
                        bodyText: hits + "其他内容。", contentHash: "h\(index)"),
                    sourcePath: nil, ingestVersion: 1)
            }
        }
        for (category, author, expectedTotal) in [(nil, nil, 96), ("金融", nil, 48), (nil, "甲", 32), ("金融", "甲", 16)] {
            var query = ArticleQuery()
            query.search = try SearchQuery(parsing: "市场")
            query.sort = .relevance
            query.categories = category.map { [.name($0)] } ?? []
            query.authors = author.map { [$0] } ?? []
            query.limit = 100
            var whole: [Int64] = []
            let all = try store.reader.list(query) { whole.append($0.id) }
            #expect(all.total == expectedTotal && whole.count == expectedTotal)

            query.limit = 7
            var byCursor: [Int64] = []
            repeat {
                let page = try store.reader.list(query) { byCursor.append($0.id) }
                #expect(page.total == expectedTotal)
                query.cursor = page.nextCursor
            } while query.cursor != nil
            #expect(byCursor == whole)

            var byOffset: [Int64] = []
            for offset in stride(from: 0, to: expectedTotal, by: 7) {
                query.offset = offset
                _ = try store.reader.list(query) { byOffset.append($0.id) }
            }
            #expect(byOffset == whole)
        }
    }
}
