import Foundation
import GazetteCore
import Testing

@testable import GazetteStore

/// ``ArticleReader``, the SQLite ``ArticleReading``: the `{id-or-slug}` rule, the named views,
/// the data version as a read-only reader sees it, readiness.
struct ArticleReaderTests {
    func article(_ slug: String, at: Int64? = 1_600_000_000) -> Article {
        Article(
            slug: slug, title: "Title of \(slug)", author: "甲", publishedAt: at,
            categoryPaths: [CategoryPath(["金融", "国内"])].compactMap { $0 }, tags: ["x"], thumbnail: "https://e/t.jpg",
            bodyHTML: "<p>html \(slug)</p>", bodyText: "text \(slug)", bodyRaw: "raw \(slug)",
            contentHash: "sha256:\(slug)", ingestedAt: 10, updatedAt: 20)
    }

    @Test func idOrSlug_digitsNameAnID_elseASlug_andLongDigitsAreASlug() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let first = try store.insert(article("first"), sourcePath: nil, ingestVersion: 1)
        let digits = try store.insert(article("4242"), sourcePath: nil, ingestVersion: 1)
        let long = try store.insert(article("00000000000000000001"), sourcePath: nil, ingestVersion: 1)
        #expect(try store.reader.withArticle(idOrSlug: "\(first.id)") { $0.slug } == "first")
        #expect(try store.reader.withArticle(idOrSlug: "first") { $0.id } == first.id)
        #expect(try store.reader.withArticle(idOrSlug: "4242") { $0.id } == digits.id)
        // 20 digits: past Int64's 19, so only a slug; it must not be read as id 1.
        #expect(try store.reader.withArticle(idOrSlug: "00000000000000000001") { $0.id } == long.id)
        #expect(try store.reader.withArticle(idOrSlug: "missing") { $0.id } == nil)
        #expect(try store.reader.withArticle(idOrSlug: "") { $0.id } == nil)
    }

    @Test func categories_comeMostUsedFirst_thenByPathBytes() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        // Counts: 金融 3, 金融 › 国内 2, 科技 2, Zebra 1, apple 1, 金融 › 国际 1.
        let placements: [[String]] = [
            ["金融", "国内"], ["金融", "国内"], ["金融", "国际"], ["科技"], ["科技"], ["apple"], ["Zebra"],
        ]
        for (index, names) in placements.enumerated() {
            var item = article("c\(index)")
            item.categoryPaths = [CategoryPath(names)].compactMap { $0 }
            _ = try store.insert(item, sourcePath: nil, ingestVersion: 1)
        }
        var order: [String] = []
        try store.reader.forEachCategory { order.append("\($0.count) \($0.path)") }
        // Ties by path as bytes (SQLite's BINARY): "Z" (0x5A) before "a" (0x61); 科 (E7 A7 91)
        // before 金 (E9 87 91).
        #expect(order == ["3 金融", "2 科技", "2 金融 › 国内", "1 Zebra", "1 apple", "1 金融 › 国际"])
    }

    @Test func changeLogBounds_areTheFirstAndLastChange_readByTwoKeyLookups_notAScan() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        #expect(try store.reader.changeLogBounds() == ChangeLogBounds(oldest: nil, newest: 0))
        for slug in ["a", "b", "c"] { _ = try store.insert(article(slug), sourcePath: nil, ingestVersion: 1) }
        let bounds = try store.reader.changeLogBounds()
        #expect(bounds.oldest == 1)
        #expect(bounds.newest == 3)
        var plan: [String] = []
        try store.connection.statement("EXPLAIN QUERY PLAN " + ArticleReader.changeLogBoundsSQL).forEachRow {
            plan.append($0.string(3))
        }
        // "SCAN changes" would read every change; each bound is one search of the primary key.
        #expect(plan.filter { $0.hasPrefix("SEARCH changes") }.count == 2)
        #expect(!plan.contains { $0.hasPrefix("SCAN changes") })
    }

    @Test func storedArticle_namedAccessorsAndBodies_matchWhatWasWritten() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let stored = try store.insert(article("a", at: nil), sourcePath: nil, ingestVersion: 1)
        let seen = try store.reader.withArticle(id: stored.id) { view in
            (
                view.id, view.slug, view.title, view.publishedAt, view.updatedAt,
                BodyFormat.allCases.map { format in view.withBody(format) { String(decoding: $0, as: UTF8.self) } }
            )
        }
        let (id, slug, title, publishedAt, updatedAt, bodies) = try #require(seen)
        #expect(id == stored.id && slug == "a" && title == "Title of a" && publishedAt == nil && updatedAt == 20)
        #expect(bodies == ["<p>html a</p>", "text a", "raw a"])
    }

    @Test func storedArticle_writesTheFullJSON_withEveryFieldOfTheArticle() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let stored = try store.insert(article("a"), sourcePath: nil, ingestVersion: 1)
        var json = JSONWriter()
        _ = try store.reader.withArticle(id: stored.id) { $0.writeJSON(to: &json) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["id"] as? Int == Int(stored.id))
        #expect(object["slug"] as? String == "a")
        #expect(object["author"] as? String == "甲")
        #expect(object["categories"] as? [String] == ["金融", "国内"])
        #expect(object["category_paths"] as? [[String]] == [["金融", "国内"]])
        #expect(object["tags"] as? [String] == ["x"])
        #expect(object["body_html"] as? String == "<p>html a</p>")
        #expect(object["body_text"] as? String == "text a")
        #expect(object["url"] as? String == "/v1/articles/\(stored.id)")
        #expect(object["published_at"] as? String == "2020-09-13T12:26:40Z")
        #expect(object["headimg"] is NSNull)
        #expect(Set(object.keys) == Set(ArticleJSON.summaryFields + ArticleJSON.detailFields))
    }

    @Test func listedArticle_writesTheFieldsAskedFor() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        _ = try store.insert(article("a"), sourcePath: nil, ingestVersion: 1)
        var json = JSONWriter()
        var query = ArticleQuery()
        query.limit = 10
        _ = try store.reader.list(query) { $0.writeSummaryJSON(fields: ["slug", "url"], snippet: nil, to: &json) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object.count == 2 && object["slug"] as? String == "a")
    }

    @Test func dataVersion_ofAReadOnlyReader_followsTheWritersCommits() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let reader = try ArticleReader(readOnlyAt: db.location)
        let v0 = try reader.read(timeLimit: nil) { try reader.dataVersion() }
        #expect(try reader.read(timeLimit: nil) { try reader.dataVersion() } == v0)
        _ = try store.insert(article("a"), sourcePath: nil, ingestVersion: 1)
        let v1 = try reader.read(timeLimit: nil) { try reader.dataVersion() }
        #expect(v1 > v0)
        #expect(v1 == (try store.reader.dataVersion()))
    }

    @Test func readiness_ofAMigratedStore_isReadyWithItsCount() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        _ = try store.insert(article("a"), sourcePath: nil, ingestVersion: 1)
        #expect(try ArticleReader(readOnlyAt: db.location).readiness() == .ready(articles: 1))
        try store.connection.execute("UPDATE search_meta SET tokenizer_version = 0 WHERE id = 1")
        #expect(try store.reader.readiness() == .rebuildingSearchIndex)
    }
}
