import Foundation
import GazetteCore
import GazetteStore
import TestSupport
import Testing

@testable import GazetteIngest

/// Search must find exactly what a brute-force scan finds: substrings for CJK queries of every
/// length, whole words (quoted) and word prefixes (plain, last word) for Latin queries.
@Suite(.serialized)
struct SearchRecallTests {
    /// The articles as the oracle sees them.
    struct Document {
        let id: Int64
        let title: String
        let text: String
    }

    @Test(.enabled(if: CorpusLocator.isPresent, CorpusLocator.skipReason))
    func everyDrawnQuery_returnsExactlyTheBruteForceSet() throws {
        let corpus = try #require(CorpusLocator.corpus)
        let japanese = try #require(
            Bundle.module.url(forResource: "japanese", withExtension: nil, subdirectory: "Fixtures"))
        let folder = try TemporaryFolder()
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        _ = try Ingestor(store: store).ingest(paths: [corpus.path, japanese.path])
        var documents: [Document] = []
        try store.reader.forEachArticle { article in
            let text = article.withBody(.text) { String(decoding: $0, as: UTF8.self) }
            documents.append(Document(id: article.id, title: article.title, text: text))
        }
        #expect(documents.count >= 300)

        var queries: [(text: String, expected: Set<Int64>)] = []
        var random = SplitMix64(seed: 20_261_129)
        // Chinese and Japanese substrings of 1–4 characters drawn from the texts.
        let cjkDocuments = documents.filter { $0.text.unicodeScalars.contains(where: SearchText.isCJK) }
        for length in 1...4 {
            var drawn = 0
            var attempts = 0
            while drawn < 45 && attempts < 10_000 {
                attempts += 1
                let document = cjkDocuments[random.next(cjkDocuments.count)]
                let runs = Self.cjkRuns(in: document.text).filter { $0.count >= length }
                guard !runs.isEmpty else { continue }
                let run = runs[random.next(runs.count)]
                let start = random.next(run.count - length + 1)
                var query = ""
                query.unicodeScalars.append(contentsOf: run[start..<(start + length)])
                guard !queries.contains(where: { $0.text == query }) else { continue }
                queries.append(
                    (query, Set(documents.filter { $0.title.contains(query) || $0.text.contains(query) }.map(\.id))))
                drawn += 1
            }
        }
        let japaneseQueries = ["桜", "満開", "気象庁", "梅雨入り", "新しい駅", "カメラ", "ショッピング", "東京"]
        for query in japaneseQueries {
            queries.append(
                (query, Set(documents.filter { $0.title.contains(query) || $0.text.contains(query) }.map(\.id))))
        }
        // English words: quoted means the whole word, plain means words starting with it.
        let englishDocuments = documents.filter { !$0.text.unicodeScalars.contains(where: SearchText.isCJK) }
        var words: Set<String> = []
        while words.count < 40 {
            let document = englishDocuments[random.next(englishDocuments.count)]
            let candidates = Self.words(in: document.text).filter {
                $0.count >= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isLetter)
            }
            guard !candidates.isEmpty else { continue }
            words.insert(candidates[random.next(candidates.count)])
        }
        let wordsByDocument = documents.map { ($0.id, Set(Self.words(in: $0.title + " " + $0.text))) }
        for word in words.sorted() {
            let whole = Set(wordsByDocument.filter { $0.1.contains(word) }.map(\.0))
            queries.append(("\"\(word)\"", whole))
            let prefixed = Set(wordsByDocument.filter { $0.1.contains { $0.hasPrefix(word) } }.map(\.0))
            queries.append((word, prefixed))
        }
        #expect(queries.count >= 200)

        var mismatches: [String] = []
        for (text, expected) in queries {
            #expect(!expected.isEmpty, "the oracle found nothing for \(text)")
            let found = try Self.search(text, in: store)
            if found != expected {
                mismatches.append(
                    "\(text): expected \(expected.count), found \(found.count) (missing \(expected.subtracting(found).sorted().prefix(5)), extra \(found.subtracting(expected).sorted().prefix(5)))"
                )
            }
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(queries.count) queries differ:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test(.enabled(if: CorpusLocator.isPresent, CorpusLocator.skipReason))
    func searchIsCombinedWithFiltersAndPagesThroughEveryMatchOnce() throws {
        let corpus = try #require(CorpusLocator.corpus)
        let folder = try TemporaryFolder()
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        _ = try Ingestor(store: store).ingest(paths: [corpus.path])
        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: "新")
        query.categories = [.name("新浪财经")]
        query.sort = .relevance
        query.limit = 3
        var seen: [Int64] = []
        var total = 0
        repeat {
            let listing = try store.reader.list(query) { article in
                seen.append(article.id)
                #expect(article.searchedText.contains("新") || article.title.contains("新"))
            }
            total = listing.total
            query.cursor = listing.nextCursor
        } while query.cursor != nil
        #expect(seen.count == total && Set(seen).count == total && total > 3)
        var sina: Set<Int64> = []
        var all = ArticleQuery()
        all.categories = [.name("新浪财经")]
        all.limit = 100
        _ = try store.reader.list(all) { sina.insert($0.id) }
        #expect(Set(seen).isSubset(of: sina))
    }

    @Test(arguments: [
        "\"", "\"\"", "AND", "OR", "NOT", "NEAR(a b)", "a OR b", "*", "^", "a*", "^start", "(", ")", "((a)", "title1:x",
        "{title1}:x", "-", "--x", "- x", "\"unclosed phrase", "'; DROP TABLE articles; --", "\\", "%", "%%", "\u{0}",
        "\u{FFFD}", "😀", "a\u{301}", String(repeating: "字", count: 170), "x:y", "col:\"q\"", "NEAR/3", "+a",
    ])
    func oddQueries_neverFailInSQLite(text: String) throws {
        let folder = try TemporaryFolder()
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        try store.insert(
            Article(slug: "a", title: "AND OR NOT NEAR title1", bodyText: "字 😀 a OR b start x y q", contentHash: "h"),
            sourcePath: nil, ingestVersion: 1)
        let parsed: SearchQuery
        do {
            parsed = try SearchQuery(parsing: text)
        } catch {
            return  // refused up front: the API answers 400 naming q
        }
        var query = ArticleQuery()
        query.search = parsed
        query.sort = .relevance
        _ = try store.reader.list(query) { _ in }
    }

    /// Every article id a search finds, through cursor pages.
    static func search(_ text: String, in store: ArticleStore) throws -> Set<Int64> {
        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: text)
        query.sort = .relevance
        query.limit = 100
        var found: Set<Int64> = []
        repeat {
            let listing = try store.reader.list(query) { found.insert($0.id) }
            query.cursor = listing.nextCursor
        } while query.cursor != nil
        return found
    }

    static func cjkRuns(in text: String) -> [[Unicode.Scalar]] {
        var runs: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if SearchText.isCJK(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Lowercased, diacritic-folded words, split at anything that is not a letter or digit
    /// (Foundation's classes: an implementation independent of the index's).
    static func words(in text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .components(separatedBy: CharacterSet.alphanumerics.inverted).filter { !$0.isEmpty }
    }
}

extension SplitMix64 {
    /// A draw in `0..<bound` (0 when `bound` < 1) by plain remainder, so the drawn queries are
    /// the same every run.
    mutating func next(_ bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }
}
