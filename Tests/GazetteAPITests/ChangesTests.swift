import Foundation
import GazetteAPI
import Testing

/// `GET /v1/changes`: the sync feed, oldest first, deletions included, continued by `meta.next`.
@Suite(.timeLimit(.minutes(10)))
struct ChangesTests {
    @Test func changes_listEveryArticleOldestFirst_andNextContinues() throws {
        try withAPIServer { server in
            let client = try server.client()
            let first = try client.get("/v1/changes")
            #expect(first.status == 200)
            let entries = try first.data()
            #expect(entries.count == 10)
            #expect(entries.allSatisfy { $0["change"] as? String == "upserted" })
            #expect(Set(entries.compactMap { $0["slug"] as? String }) == Set(TestPost.catalog.map(\.slug)))
            let ids = entries.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted(), "ingested in id order, so oldest first is id order")
            #expect(entries.allSatisfy { ($0["at"] as? String)?.hasSuffix("Z") == true })
            let next = try #require(try first.meta()["next"] as? String)

            let empty = try client.get("/v1/changes?since=\(next)")
            #expect(empty.status == 200)
            #expect(try empty.data().isEmpty)
            #expect(try empty.meta()["next"] as? String == next)
        }
    }

    @Test func changes_reportDeletionsAndUpdates_afterTheToken() throws {
        try withAPIServer { server in
            let client = try server.client()
            let next = try #require(try client.get("/v1/changes").meta()["next"] as? String)
            let id = try ArticleTests.id(of: "world", client)
            #expect(try client.request("DELETE", "/v1/articles/world", headers: authorized).status == 204)
            let json = Array(#"{"title":"新文章","body_markdown":"正文"}"#.utf8)
            let created = try client.request(
                "POST", "/v1/articles", headers: authorized + [("Content-Type", "application/json")], body: json)
            #expect(created.status == 201)
            let createdID = try #require(try created.json()["id"] as? Int)

            let changes = try client.get("/v1/changes?since=\(next)")
            #expect(changes.status == 200)
            let entries = try changes.data()
            #expect(entries.count == 2)
            #expect(entries.first?["id"] as? Int == id)
            #expect(entries.first?["slug"] as? String == "world")
            #expect(entries.first?["change"] as? String == "deleted")
            #expect(entries.last?["id"] as? Int == createdID)
            #expect(entries.last?["change"] as? String == "upserted")
            // A deleted article stays reported from the start too.
            let all = try client.get("/v1/changes").data()
            #expect(all.contains { $0["id"] as? Int == id && $0["change"] as? String == "deleted" })
        }
    }

    @Test func changes_pageByConfiguredSize_andTheWalkSeesEveryChangeOnce() throws {
        try withAPIServer(api: APIConfiguration(writeToken: APITestServer.token, changesPageSize: 3)) { server in
            let client = try server.client()
            var slugs: [String] = []
            var token: String?
            var pages = 0
            while true {
                let response = try client.get("/v1/changes" + (token.map { "?since=\($0)" } ?? ""))
                #expect(response.status == 200)
                let entries = try response.data()
                #expect(entries.count <= 3)
                if entries.isEmpty { break }
                slugs += entries.compactMap { $0["slug"] as? String }
                token = try response.meta()["next"] as? String
                pages += 1
                try #require(pages <= 10)
            }
            #expect(pages == 4)
            #expect(slugs.count == 10)
            #expect(Set(slugs) == Set(TestPost.catalog.map(\.slug)))
        }
    }

    @Test func changes_badToken_is400NamingSince() throws {
        try withAPIServer { server in
            let client = try server.client()
            for token in ["nope!", "abc", "YzE6LTE", "djE6ZDoxOjE", String(repeating: "Q", count: 100)] {
                expectProblem(try client.get("/v1/changes?since=\(token)"), status: 400, parameter: "since")
            }
        }
    }
}
