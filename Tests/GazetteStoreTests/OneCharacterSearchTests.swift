import GazetteCore
import TestSupport
import Testing

@testable import GazetteStore

/// One-character search (#11) against a brute-force scan of a generated corpus: the total,
/// the relevance order (where rows without a title hit are only counted once enough rows with
/// one are kept, see `SearchRanking.swift`) and the date order.
struct OneCharacterSearchTests {
    /// The same corpus in every test: common and rare characters, titles with and without them,
    /// dates with ties and some missing.
    static func corpus(_ store: ArticleStore) throws -> [(id: Int64, title: String, body: String, at: Int64?)] {
        var generator = SplitMix64(seed: 11)
        // 的 is everywhere; 稀 is in many bodies but only three titles; 市 in between.
        let alphabet = Array("的的的的的一是市场金融股中国稀人。，")
        func text(_ length: Int) -> String {
            String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        var rows: [(id: Int64, title: String, body: String, at: Int64?)] = []
        try store.transaction {
            for index in 0..<400 {
                var title = text(2 + Int(generator.next() % 8)).replacingOccurrences(of: "稀", with: "新")
                if [10, 200, 390].contains(index) { title += "稀" }
                let body = text(Int(generator.next() % 120))
                let at: Int64? = index % 17 == 0 ? nil : Int64(generator.next() % 50)
                let id = try store.insert(
                    Article(slug: "a\(index)", title: title, publishedAt: at, bodyText: body, contentHash: "h\(index)"),
                    sourcePath: nil, ingestVersion: 1
                ).id
                rows.append((id, title, body, at))
            }
        }
        return rows
    }

    /// The matches of `character`, best first: 5·sat(title hits) + sat(body hits), ties newer id first.
    static func byRelevance(
        _ character: Character, _ rows: [(id: Int64, title: String, body: String, at: Int64?)]
    ) -> [Int64] {
        rows.compactMap { row -> (Double, Int64)? in
            let title = Int32(row.title.filter { $0 == character }.count)
            let body = Int32(row.body.filter { $0 == character }.count)
            guard title + body > 0 else { return nil }
            return (5 * SearchRanking.saturated(title) + SearchRanking.saturated(body), row.id)
        }
        .sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) }
        .map(\.1)
    }

    /// The matches of `character`, newest first, undated last, ties newer id first.
    static func byDate(_ character: Character, _ rows: [(id: Int64, title: String, body: String, at: Int64?)])
        -> [Int64]
    {
        rows.filter { $0.title.contains(character) || $0.body.contains(character) }
            .sorted { a, b in
                switch (a.at, b.at) {
                case (let x?, let y?): return x > y || (x == y && a.id > b.id)
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return a.id > b.id
                }
            }
            .map(\.id)
    }

    static func page(
        _ store: ArticleStore, _ character: Character, sort: ArticleQuery.Sort, limit: Int, offset: Int = 0,
        cursor: ArticleCursor? = nil
    ) throws -> (ids: [Int64], listing: ArticleListing) {
        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: String(character))
        query.sort = sort
        query.limit = limit
        query.offset = offset
        query.cursor = cursor
        var ids: [Int64] = []
        let listing = try store.reader.list(query) { ids.append($0.id) }
        return (ids, listing)
    }

    @Test(arguments: ["的", "市", "稀"] as [Character])
    func relevancePages_equalTheScan(_ character: Character) throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let rows = try Self.corpus(store)
        let expected = Self.byRelevance(character, rows)
        #expect(expected.count > 100)
        for (limit, offset) in [(20, 0), (1, 0), (5, 37), (100, 0), (10, expected.count - 4)] {
            let (ids, listing) = try Self.page(store, character, sort: .relevance, limit: limit, offset: offset)
            #expect(ids == Array(expected.dropFirst(offset).prefix(limit)), "limit \(limit), offset \(offset)")
            #expect(listing.total == expected.count)
        }
        var cursor: ArticleCursor?
        var paged: [Int64] = []
        repeat {
            let (ids, listing) = try Self.page(store, character, sort: .relevance, limit: 30, cursor: cursor)
            paged += ids
            cursor = listing.nextCursor
        } while cursor != nil
        #expect(paged == expected)
    }

    /// 稀 is in three titles: a page of twenty cannot be filled from titles, so rows with body
    /// hits only must be ranked among themselves; a page of two can.
    @Test func fewerTitleHitsThanThePage_rankBodyOnlyRowsToo() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let rows = try Self.corpus(store)
        let expected = Self.byRelevance("稀", rows)
        let titled = Set(rows.filter { $0.title.contains("稀") }.map(\.id))
        #expect(titled.count == 3)
        #expect(Set(expected.prefix(3)) == titled)
        for limit in [2, 3, 4, 20] {
            let (ids, _) = try Self.page(store, "稀", sort: .relevance, limit: limit)
            #expect(ids == Array(expected.prefix(limit)), "limit \(limit)")
        }
    }

    @Test(arguments: ["的", "稀"] as [Character])
    func dateOrder_equalsTheScan(_ character: Character) throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let rows = try Self.corpus(store)
        let expected = Self.byDate(character, rows)
        let (first, listing) = try Self.page(store, character, sort: .newest, limit: 20)
        #expect(first == Array(expected.prefix(20)))
        #expect(listing.total == expected.count)
        var cursor: ArticleCursor?
        var paged: [Int64] = []
        repeat {
            let (ids, listing) = try Self.page(store, character, sort: .newest, limit: 45, cursor: cursor)
            paged += ids
            cursor = listing.nextCursor
        } while cursor != nil
        #expect(paged == expected)
    }

    @Test func searchIndex_hasAOneCharacterPrefixIndex() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let sql = try store.connection.statement("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
            .first { $0.string(0) }
        #expect(sql?.contains("prefix = '1'") == true)
    }
}
