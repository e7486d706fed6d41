import Foundation
import GazetteCore
import TestSupport
import Testing

@testable import GazetteStore

/// Relevance with several phrases (#13) against a brute-force scoring of every match: rows
/// whose best possible score (title hits as they are, bodies at their limit, each phrase
/// weighted by its inverse document frequency) cannot reach the worst kept row are counted,
/// not scored; the pages, totals and cursors must be exactly those of scoring everything.
struct RelevancePruneTests {
    struct Post {
        var id: Int64 = 0
        var title: String
        var body: String
    }

    /// Filler never holds a probe: 市场 in most articles (a low weight), 金融 in a third, 稀有 in
    /// a few (a high weight), each sometimes in the title and often repeated in the body.
    static func corpus(_ store: ArticleStore) throws -> [Post] {
        var generator = SplitMix64(seed: 17)
        func random(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        let filler = Array("的一是人中国在了不和。，")
        func text(_ length: Int) -> String { String((0..<length).map { _ in filler[random(filler.count)] }) }
        var posts: [Post] = (0..<500).map { _ in Post(title: text(1 + random(6)), body: text(random(50))) }
        func sprinkle(_ term: String, percent: Int, titlePercent: Int) {
            for index in posts.indices where random(100) < percent {
                if random(100) < titlePercent { posts[index].title += term }
                for _ in 0..<random(5) { posts[index].body += text(random(8)) + term }
            }
        }
        sprinkle("市场", percent: 70, titlePercent: 15)
        sprinkle("金融", percent: 35, titlePercent: 20)
        sprinkle("稀有", percent: 6, titlePercent: 30)
        try store.transaction {
            for index in posts.indices {
                posts[index].id = try store.insert(
                    Article(
                        slug: "r\(index)", title: posts[index].title, publishedAt: Int64(index % 40),
                        bodyText: posts[index].body, contentHash: "h\(index)"),
                    sourcePath: nil, ingestVersion: 1
                ).id
            }
        }
        return posts
    }

    /// Occurrences of `term` in `text`, overlapping ones included (every position is a hit).
    static func hits(_ term: String, in text: String) -> Int32 {
        let characters = Array(text)
        let pattern = Array(term)
        guard characters.count >= pattern.count else { return 0 }
        var count: Int32 = 0
        for start in 0...(characters.count - pattern.count)
        where Array(characters[start..<(start + pattern.count)]) == pattern {
            count += 1
        }
        return count
    }

    /// The matches of `terms` (all present) without any of `excluded`, best first, ties newer id
    /// first, scored as `SearchRanking` describes: per phrase 5·sat(title hits) + sat(body
    /// hits), weighted by the phrase's inverse document frequency when the query has several
    /// phrases (excluded ones count as phrases, scoring nothing in a matching row).
    static func byRelevance(_ posts: [Post], _ terms: [String], excluded: [String] = []) -> [Int64] {
        let phraseCount = terms.count + excluded.count
        let weights = terms.map { term in
            let matching = posts.filter { $0.title.contains(term) || $0.body.contains(term) }.count
            return phraseCount > 1
                ? SearchRanking.inverseDocumentFrequency(rows: Int64(posts.count), matching: Int64(matching)) : 1
        }
        return posts.compactMap { post -> (Double, Int64)? in
            let contains = { (term: String) in post.title.contains(term) || post.body.contains(term) }
            guard terms.allSatisfy(contains), !excluded.contains(where: contains) else { return nil }
            var score = 0.0
            for (term, weight) in zip(terms, weights) {
                let phrase =
                    5 * SearchRanking.saturated(hits(term, in: post.title))
                    + SearchRanking.saturated(hits(term, in: post.body))
                score += phrase * weight
            }
            return (score, post.id)
        }
        .sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) }
        .map(\.1)
    }

    static func page(
        _ store: ArticleStore, _ q: String, limit: Int, offset: Int = 0, cursor: ArticleCursor? = nil
    ) throws -> (ids: [Int64], listing: ArticleListing) {
        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: q)
        query.sort = .relevance
        query.limit = limit
        query.offset = offset
        query.cursor = cursor
        var ids: [Int64] = []
        let listing = try store.reader.list(query) { ids.append($0.id) }
        return (ids, listing)
    }

    static let queries: [(q: String, terms: [String], excluded: [String])] = [
        ("市场 金融", ["市场", "金融"], []),
        ("金融 市场", ["金融", "市场"], []),
        ("市场 稀有", ["市场", "稀有"], []),
        ("稀有 金融 市场", ["稀有", "金融", "市场"], []),
        ("市场 -稀有", ["市场"], ["稀有"]),
        ("金融 的", ["金融", "的"], []),
    ]

    @Test(arguments: queries.indices)
    func pagesTotalsAndCursors_equalScoringEverything(_ index: Int) throws {
        let (q, terms, excluded) = Self.queries[index]
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        let expected = Self.byRelevance(posts, terms, excluded: excluded)
        #expect(expected.count > 5, "\(q)")
        for (limit, offset) in [(20, 0), (1, 0), (3, 0), (6, 11), (100, 0), (4, max(0, expected.count - 2))] {
            let (ids, listing) = try Self.page(store, q, limit: limit, offset: offset)
            #expect(ids == Array(expected.dropFirst(offset).prefix(limit)), "\(q): limit \(limit), offset \(offset)")
            #expect(listing.total == expected.count, "\(q)")
        }
        for limit in [1, 7, 40] {
            var cursor: ArticleCursor?
            var paged: [Int64] = []
            repeat {
                let (ids, listing) = try Self.page(store, q, limit: limit, cursor: cursor)
                paged += ids
                cursor = listing.nextCursor
            } while cursor != nil && paged.count <= posts.count  // bounded: a stuck cursor fails, not hangs
            #expect(paged == expected, "\(q): pages of \(limit)")
        }
    }

    /// The prune is at work on several phrases: most rows of a common pair are only counted.
    @Test func mostRowsOfACommonPair_areCountedNotScored() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let posts = try Self.corpus(store)
        let expected = Self.byRelevance(posts, ["市场", "金融"])
        let (ids, listing) = try Self.page(store, "市场 金融", limit: 5)
        #expect(ids == Array(expected.prefix(5)))
        let collector = store.connection.relevance.pointee
        #expect(collector.matched == listing.total)
        #expect(collector.scored * 2 < collector.matched, "scored \(collector.scored) of \(collector.matched)")
    }
}
