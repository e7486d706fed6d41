import Foundation
import Testing

@testable import GazetteAPI

/// `Route.match`: a decoded path to its route and, for article routes, the `{id-or-slug}`.
@Suite struct RouteTests {
    @Test(arguments: [
        ("/", Route.reader), ("/healthz", .healthz), ("/readyz", .readyz), ("/metrics", .metrics),
        ("/openapi.json", .openAPI), ("/v1/articles", .articles), ("/v1/categories", .categories),
        ("/v1/tags", .tags), ("/v1/authors", .authors), ("/v1/changes", .changes), ("/v1/feed.atom", .feedAtom),
        ("/v1/feed.rss", .feedRSS), ("/v1/feed.json", .feedJSON),
    ])
    func fixedPath_matchesItsRoute_withNoKey(path: String, route: Route) {
        let (matched, key) = Route.match(path)
        #expect(matched == route)
        #expect(key == nil)
    }

    @Test func articlesWithATrailingSlash_isTheList() {
        #expect(Route.match("/v1/articles/") == (.articles, nil))
    }

    @Test(arguments: ["42", "jiangsu", "南京疫情", "a.b-c_d", "12345"])
    func oneSegmentAfterArticles_isAnArticleKeyedByIt(key: String) {
        #expect(Route.match("/v1/articles/\(key)") == (.article, key))
        #expect(Route.match("/v1/articles/\(key)/body") == (.articleBody, key))
    }

    @Test func anArticleNamedBody_isAnArticle_andItsBodyIsItsBody() {
        #expect(Route.match("/v1/articles/body") == (.article, "body"))
        #expect(Route.match("/v1/articles/body/body") == (.articleBody, "body"))
    }

    @Test(arguments: [
        "/v1/articles/x/y", "/v1/articles/x/body/more", "/v1/articles//body", "/v1/articles/x/", "/v1/articles//",
        "/v1/articles/x/y/body", "/v1", "/v1/", "/v2/articles", "/V1/articles", "/v1/articles.json", "/healthz/",
        "/metrics/x", "", "/v1/feed", "/v1/feed.xml", "//", "/index.html",
    ])
    func anythingElse_isUnmatched(path: String) {
        let (route, key) = Route.match(path)
        #expect(route == .unmatched, "\(path)")
        #expect(key == nil, "\(path)")
    }

    @Test func everyRouteButUnmatched_isReachedByItsOwnTemplate() {
        for route in Route.allCases where route != .unmatched {
            let path = route.rawValue.replacingOccurrences(of: "{id}", with: "7")
            #expect(Route.match(path).0 == route, "\(route.rawValue)")
        }
    }
}
