import Testing

@testable import GazetteCore

/// The list's category, tag and author filters as the live stream and webhooks apply them.
@Suite struct ArticleFacetsTests {
    private let facets = ArticleFacets(
        paths: [["金融", "新浪财经", "新浪财经－国內"], ["科技"]].compactMap(CategoryPath.init), tags: ["疫情"],
        author: "新浪财经")

    private func query(categories: [String] = [], tags: [String] = [], authors: [String] = []) -> ArticleQuery {
        var query = ArticleQuery()
        query.categories = categories.compactMap(ArticleQuery.categoryFilter(parsing:))
        query.tags = tags
        query.authors = authors
        return query
    }

    @Test func categoryName_matchesAnywhereOnAnyPath() {
        #expect(query(categories: ["新浪财经"]).matches(facets))
        #expect(query(categories: ["科技"]).matches(facets))
        #expect(!query(categories: ["体育"]).matches(facets))
    }

    @Test func categoryPath_matchesOnlyFromTheRoot() {
        #expect(query(categories: ["金融 › 新浪财经"]).matches(facets))
        #expect(query(categories: ["金融/新浪财经/新浪财经－国內"]).matches(facets))
        #expect(!query(categories: ["新浪财经 › 新浪财经－国內"]).matches(facets))
    }

    @Test func valuesOfOneKind_areORed_kinds_areANDed() {
        #expect(query(categories: ["体育", "科技"], tags: ["股市", "疫情"]).matches(facets))
        #expect(!query(categories: ["科技"], authors: ["someone else"]).matches(facets))
        #expect(query(authors: ["新浪财经"]).matches(facets))
        #expect(!query(tags: ["股市"]).matches(facets))
        #expect(query().matches(facets))
    }

    @Test func categoryValues_areReadAsTheListReadsThem() {
        #expect(ArticleQuery.categoryFilter(parsing: "  金融 ") == .name("金融"))
        #expect(ArticleQuery.categoryFilter(parsing: "金融 / 新浪财经") == CategoryPath(["金融", "新浪财经"]).map { .path($0) })
        #expect(ArticleQuery.categoryFilter(parsing: "   ") == nil)
        #expect(ArticleQuery.categoryFilter(parsing: " › ") == nil)
        #expect(ArticleQuery.categoryFilter(parsing: "金融›新浪财经") == CategoryPath(["金融", "新浪财经"]).map { .path($0) })
        // Other characters whose UTF-8 starts as `›`'s does (E2 80 …) are part of a name.
        #expect(ArticleQuery.categoryFilter(parsing: "金融—新浪财经") == .name("金融—新浪财经"))
        #expect(ArticleQuery.categoryFilter(parsing: "金融‹新浪财经") == .name("金融‹新浪财经"))
    }
}
