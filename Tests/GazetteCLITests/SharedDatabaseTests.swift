import Foundation
import TestSupport
import Testing

/// Two `gazette serve` processes on one database, as behind a load-balancing proxy: a write
/// through either reaches the other's cached answers (its response cache and its ETags follow
/// the database's data version, which SQLite changes for commits of every process).
@Suite(.timeLimit(.minutes(5)))
struct SharedDatabaseTests {
    static let writeToken = "shared-db-token"

    /// A GET of `target` on a new connection (so that, over a few calls, both loops answer).
    static func get(_ target: String, port: Int) throws -> HTTPTestResponse {
        let client = try HTTPTestClient(port: port, timeout: 10)
        try client.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return try client.readResponse()
    }

    static func total(_ response: HTTPTestResponse) throws -> Int? {
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return (json?["meta"] as? [String: Any])?["total"] as? Int
    }

    /// Busy-waits past the servers' trust window for a data version read (1 ms; 10 ms to be
    /// generous): time is the feature under test.
    static func waitPastTheTrustWindow() {
        let end = ContinuousClock.now + .milliseconds(10)
        while ContinuousClock.now < end {}
    }

    @Test func writeThroughOneServer_isSeenByTheOthersCachedReads() throws {
        let folder = try TemporaryFolder()
        for index in 1...3 {
            try folder.write(
                "---\ntitle: Post \(index)\ndate: 2024-01-0\(index)\n---\nBody \(index)\n", to: "posts/p\(index).md")
        }
        try folder.write("write_token: \(Self.writeToken)\n", to: "gazette.yaml")
        let ingest = try GazetteProcess.run(
            ["ingest", "posts", "--db", "g.sqlite", "--config", "gazette.yaml"], in: folder.url)
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let arguments = ["--db", "g.sqlite", "--port", "0", "--config", "gazette.yaml"]
        let (first, firstPort, _) = try GazetteProcess.serve(arguments, in: folder.url)
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        let (second, secondPort, _) = try GazetteProcess.serve(arguments, in: folder.url)
        defer {
            second.terminate()
            second.waitUntilExit()
        }
        let writer = try #require(firstPort)
        let reader = try #require(secondPort)

        // The reader caches the list on both of its loops.
        var before: [String] = []
        for _ in 0..<4 {
            let list = try Self.get("/v1/articles", port: reader)
            #expect(try Self.total(list) == 3)
            before.append(list.header("ETag") ?? "")
        }
        #expect(Set(before).count == 1)

        let post = #"{"title":"Through the other server","slug":"other-server","body_markdown":"Hello"}"#
        let client = try HTTPTestClient(port: writer, timeout: 10)
        try client.send(
            "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(Self.writeToken)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(post.utf8.count)\r\n\r\n\(post)")
        #expect(try client.readResponse().status == 201)
        Self.waitPastTheTrustWindow()

        for _ in 0..<4 {
            let list = try Self.get("/v1/articles", port: reader)
            #expect(try Self.total(list) == 4)
            #expect(list.header("ETag") != before.first)
            #expect(try Self.get("/v1/articles/other-server", port: reader).status == 200)
        }

        // And back: a delete through the reader reaches the writer's cached article.
        for _ in 0..<4 { #expect(try Self.get("/v1/articles/other-server", port: writer).status == 200) }
        let deleter = try HTTPTestClient(port: reader, timeout: 10)
        try deleter.send(
            "DELETE /v1/articles/other-server HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer \(Self.writeToken)\r\n\r\n")
        #expect(try deleter.readResponse().status == 204)
        Self.waitPastTheTrustWindow()
        for _ in 0..<4 {
            #expect(try Self.get("/v1/articles/other-server", port: writer).status == 404)
            #expect(try Self.total(Self.get("/v1/articles", port: writer)) == 3)
        }
    }
}
