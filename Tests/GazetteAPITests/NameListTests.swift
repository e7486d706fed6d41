import Foundation
import Testing

/// `GET /v1/categories`, `/v1/tags` and `/v1/authors`: the catalog's names with counts.
@Suite(.timeLimit(.minutes(10)))
struct NameListTests {
    @Test func categories_isATree_whoseCountsIncludeDescendants() throws {
        try withAPIServer { server in
            let response = try server.client().get("/v1/categories")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let roots = try response.data()
            #expect(roots.map { $0["name"] as? String } == ["金融", "科技", "体育"])
            #expect(roots.map { $0["count"] as? Int } == [4, 3, 2])
            let finance = roots[0]
            #expect(finance["path"] as? [String] == ["金融"])
            #expect(finance["latest_at"] as? String == "2021-07-28T10:50:17Z")
            let children = try #require(finance["children"] as? [[String: Any]])
            let sina = try #require(children.first { $0["name"] as? String == "新浪财经" })
            #expect(sina["count"] as? Int == 2)
            #expect(sina["path"] as? [String] == ["金融", "新浪财经"])
            let leaves = try #require(sina["children"] as? [[String: Any]])
            #expect(Set(leaves.compactMap { $0["name"] as? String }) == ["国内", "国际"])
            #expect(leaves.allSatisfy { $0["count"] as? Int == 1 && ($0["children"] as? [Any])?.isEmpty == true })
            #expect(children.first { $0["name"] as? String == "证券" }?["count"] as? Int == 1)
            let sports = try #require(roots[2]["children"] as? [[String: Any]])
            #expect(sports.first?["path"] as? [String] == ["体育", "奥运"])
        }
    }

    @Test func categories_flat_isAListWithPaths() throws {
        try withAPIServer { server in
            let nodes = try server.client().get("/v1/categories?flat=true").data()
            let paths = nodes.compactMap { $0["path"] as? [String] }
            #expect(paths.count == 9)
            #expect(nodes.allSatisfy { $0["children"] == nil })
            let counts = Dictionary(
                uniqueKeysWithValues: nodes.map { (($0["path"] as? [String]) ?? [], $0["count"] as? Int ?? -1) })
            #expect(counts[["金融"]] == 4)
            #expect(counts[["金融", "新浪财经"]] == 2)
            #expect(counts[["金融", "新浪财经", "国内"]] == 1)
            #expect(counts[["科技"]] == 3)
            #expect(counts[["科技", "国内"]] == 1)
            #expect(counts[["体育"]] == 2)
            #expect(counts[["体育", "奥运"]] == 1)
        }
    }

    @Test func categories_badFlat_is400() throws {
        try withAPIServer { server in
            expectProblem(try server.client().get("/v1/categories?flat=maybe"), status: 400, parameter: "flat")
        }
    }

    @Test func tags_areMostUsedFirst() throws {
        try withAPIServer { server in
            let tags = try server.client().get("/v1/tags").data()
            #expect(tags.first?["name"] as? String == "疫情")
            #expect(tags.first?["count"] as? Int == 3)
            #expect(tags.dropFirst().first?["name"] as? String == "AI")
            let counts = tags.compactMap { $0["count"] as? Int }
            #expect(counts == counts.sorted(by: >))
            #expect(Set(tags.compactMap { $0["name"] as? String }) == ["疫情", "AI", "江苏", "油价", "股市", "奥运"])
        }
    }

    @Test func authors_areMostUsedFirst() throws {
        try withAPIServer { server in
            let authors = try server.client().get("/v1/authors").data()
            #expect(authors.first?["name"] as? String == "新华社")
            #expect(authors.first?["count"] as? Int == 3)
            let counts = authors.compactMap { $0["count"] as? Int }
            #expect(counts == [3, 2, 2, 1])
            #expect(Set(authors.compactMap { $0["name"] as? String }) == ["新华社", "新浪财经", "Tech Daily", "证券时报"])
        }
    }

    @Test func counts_followDeletes() throws {
        try withAPIServer { server in
            let client = try server.client()
            #expect(try client.request("DELETE", "/v1/articles/stocks", headers: authorized).status == 204)
            let authors = try client.get("/v1/authors").data()
            #expect(!authors.contains { $0["name"] as? String == "证券时报" })
            let tags = try client.get("/v1/tags").data()
            #expect(tags.first { $0["name"] as? String == "疫情" }?["count"] as? Int == 2)
            #expect(!tags.contains { $0["name"] as? String == "股市" })
            let flat = try client.get("/v1/categories?flat=true").data()
            #expect(flat.first { $0["path"] as? [String] == ["金融"] }?["count"] as? Int == 3)
            #expect(!flat.contains { $0["path"] as? [String] == ["金融", "证券"] })
        }
    }
}
