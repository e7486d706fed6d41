import Foundation
import GazetteCore
import GazetteStore
import TestSupport
import Testing

/// Keyset pagination over thousands of articles stays exact while articles are added and
/// removed between pages: every article present throughout is seen exactly once, an article
/// deleted before its page is never seen, and the order never goes backwards.
@Suite(.timeLimit(.minutes(10)))
struct CursorWalkTests {
    static let articleCount = 3_000
    static let base: Int64 = 1_600_000_000

    /// 3,000 articles in one transaction: dates shared by six articles each, one in 17 undated,
    /// one in 3 in category 甲.
    static func seed(_ store: ArticleStore) throws {
        try store.transaction {
            for index in 0..<articleCount {
                let date: Int64? = index % 17 == 0 ? nil : base + Int64(index % 500) * 3_600
                let article = Article(
                    slug: "seeded-\(index)", title: "Seeded article \(index)", author: "Seeder", publishedAt: date,
                    categoryPaths: index % 3 == 0 ? [CategoryPath(["甲"])].compactMap { $0 } : [], tags: [],
                    bodyHTML: "<p>Body \(index)</p>", bodyText: "Body \(index)", bodyRaw: "Body \(index)",
                    contentHash: "sha256:seeded-\(index)", ingestedAt: base, updatedAt: base)
                try store.insert(article, sourcePath: nil, ingestVersion: 1)
            }
        }
    }

    /// The sort key of a list item, as a tuple comparable in the listing's order.
    struct Key: Comparable {
        let date: Int64?
        let id: Int
        let oldestFirst: Bool

        /// Dated before undated in both orders; then by date and id in the sort's direction.
        static func < (a: Key, b: Key) -> Bool {
            switch (a.date, b.date) {
            case (nil, nil): return a.oldestFirst ? a.id < b.id : a.id > b.id
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if x != y { return a.oldestFirst ? x < y : x > y }
                return a.oldestFirst ? a.id < b.id : a.id > b.id
            }
        }

        static func == (a: Key, b: Key) -> Bool { a.date == b.date && a.id == b.id }
    }

    @Test(arguments: ["", "&sort=published_at", "&category=%E7%94%B2", "&category=%E7%94%B2&sort=published_at"])
    func cursorWalk_seesEveryArticleExactlyOnce_whileOthersAreAddedAndDeleted(query: String) throws {
        let oldestFirst = query.contains("sort=published_at")
        let inCategory = query.contains("category")
        try withAPIServer(posts: [], seed: Self.seed) { server in
            let reader = try server.client()
            let writer = try server.client()
            var random = SplitMix64(seed: 42)  // deterministic, so a failure can be replayed

            // The initial matching articles, by id.
            var initial: [Int: Int] = [:]  // id → seeded index
            var offsetPage = 0
            while true {
                let page = try reader.get("/v1/articles?limit=100&offset=\(offsetPage * 100)&fields=id,slug\(query)")
                let items = try page.data()
                for item in items {
                    let slug = item["slug"] as? String ?? ""
                    initial[item["id"] as? Int ?? 0] = Int(slug.dropFirst("seeded-".count)) ?? -1
                }
                if items.count < 100 { break }
                offsetPage += 1
            }
            #expect(initial.count == (inCategory ? Self.articleCount / 3 : Self.articleCount))
            var deletable = Array(initial.keys).sorted()

            var seenPage: [Int: Int] = [:]
            var deletedAtPage: [Int: Int] = [:]
            var keys: [Key] = []
            var cursor: String?
            var pageNumber = 0
            var posted = 0
            repeat {
                let response = try reader.get(
                    "/v1/articles?limit=100&fields=id,published_at\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""))
                try #require(response.status == 200, "\(response.text)")
                for item in try response.data() {
                    let id = try #require(item["id"] as? Int)
                    #expect(seenPage[id] == nil, "article \(id) seen on pages \(seenPage[id] ?? -1) and \(pageNumber)")
                    seenPage[id] = pageNumber
                    let date = (item["published_at"] as? String).flatMap { RFC3339Parsing.seconds($0) }
                    keys.append(Key(date: date, id: id, oldestFirst: oldestFirst))
                }
                cursor = try response.meta()["next_cursor"] as? String
                pageNumber += 1

                // Between pages: two articles added (one at a date already taken, sometimes
                // undated), two of the initial ones deleted (seen or not yet).
                for _ in 0..<2 {
                    posted += 1
                    let hour = Int64.random(in: 0..<500, using: &random)
                    let date = posted % 5 == 0 ? "" : #","published_at":"\#(RFC3339.format(Self.base + hour * 3_600))""#
                    let categories = inCategory ? #","categories":["甲"]"# : ""
                    let body = #"{"title":"Added \#(posted)","body_markdown":"Added \#(posted)"\#(date)\#(categories)}"#
                    let created = try writer.request(
                        "POST", "/v1/articles", headers: authorized + [("Content-Type", "application/json")],
                        body: Array(body.utf8))
                    try #require(created.status == 201, "\(created.text)")
                }
                for _ in 0..<2 where !deletable.isEmpty {
                    let id = deletable.remove(at: Int.random(in: 0..<deletable.count, using: &random))
                    let deleted = try writer.request("DELETE", "/v1/articles/\(id)", headers: authorized)
                    try #require(deleted.status == 204)
                    deletedAtPage[id] = pageNumber
                }
                try #require(pageNumber < 200, "the walk does not end")
            } while cursor != nil

            for (id, _) in initial {
                if let deletedAt = deletedAtPage[id] {
                    if let seen = seenPage[id] {
                        #expect(
                            seen < deletedAt, "article \(id) deleted after page \(deletedAt) was seen on page \(seen)")
                    }
                } else {
                    #expect(seenPage[id] != nil, "article \(id), present throughout, was skipped")
                }
            }
            #expect(deletedAtPage.values.contains { $0 < pageNumber / 2 })
            for (earlier, later) in zip(keys, keys.dropFirst()) {
                #expect(earlier < later, "order went backwards: \(earlier) then \(later)")
            }
            let undatedSeen = keys.filter { $0.date == nil }.count
            #expect(undatedSeen > 0)
            #expect(keys.suffix(undatedSeen).allSatisfy { $0.date == nil }, "undated articles come last")
        }
    }
}

/// Parses the API's own `published_at` form, `2021-07-28T10:50:17Z`.
enum RFC3339Parsing {
    static func seconds(_ text: String) -> Int64? {
        DateParser(timeZone: TimeZone(secondsFromGMT: 0) ?? .current).parse(text)
    }
}
