import Foundation
import GazetteCore
import GazetteStore
import HTTPServer
import Synchronization
import TestSupport
import Testing

@testable import GazetteAPI

/// One block of a `text/event-stream` (up to a blank line): its fields and comments.
struct SSEBlock {
    var id: String?
    var event: String?
    var data: String?
    var retry: String?
    var comments: [String] = []

    /// `data` as a JSON object.
    func json() throws -> [String: Any] {
        let data = try #require(data)
        return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
    }
}

/// A client of `/v1/stream` over a raw socket: the response head, then the body's blocks as
/// they arrive. Every read has the client's timeout, so no test hangs on a silent stream.
final class SSEClient {
    let connection: HTTPTestClient
    let head: HTTPTestResponse
    private var pending: [UInt8] = []

    init(port: Int, target: String = "/v1/stream", headers: [(String, String)] = [], timeout: Double = 10) throws {
        connection = try HTTPTestClient(port: port, timeout: timeout)
        var request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try connection.send(request + "\r\n")
        head = try connection.readResponseHead()
    }

    /// The next block, comments and `retry:` ones included.
    func nextBlock() throws -> SSEBlock {
        while true {
            if let end = Self.blankLine(in: pending) {
                let text = String(decoding: pending[0..<end.start], as: UTF8.self)
                pending.removeFirst(end.end)
                var block = SSEBlock()
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix(":") {
                        block.comments.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                        continue
                    }
                    let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    let value = parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""
                    switch parts[0] {
                    case "id": block.id = value
                    case "event": block.event = value
                    case "data": block.data = (block.data.map { $0 + "\n" } ?? "") + value
                    case "retry": block.retry = value
                    default: break
                    }
                }
                return block
            }
            guard let chunk = try connection.readChunk() else {
                throw HTTPTestClient.Failure(description: "the stream ended")
            }
            pending += chunk
        }
    }

    /// The next block that is an event (has `data:`), skipping comments and `retry:`.
    func nextEvent() throws -> SSEBlock {
        while true {
            let block = try nextBlock()
            if block.data != nil { return block }
        }
    }

    private static func blankLine(in bytes: [UInt8]) -> (start: Int, end: Int)? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 {
            return (index, index + 2)
        }
        return nil
    }
}

/// `GET /v1/stream` over 127.0.0.1 with a real SQLite file.
@Suite(.timeLimit(.minutes(2)))
struct StreamTests {
    static let markdown = authorized + [("Content-Type", "text/markdown; charset=utf-8")]

    /// A post with a unique title, in `category`.
    static func post(_ title: String, category: String = "科技", tag: String = "测试") -> [UInt8] {
        Array(
            """
            ---
            title: \(title)
            categories: [\(category)]
            tags: [\(tag)]
            author: Stream Tester
            date: 2024-05-01T08:00:00Z
            ---
            A body for \(title), long enough to be an article.

            """.utf8)
    }

    static func create(_ title: String, category: String = "科技", on server: APITestServer) throws -> Int64 {
        let created = try server.client().request(
            "POST", "/v1/articles", headers: markdown, body: post(title, category: category))
        #expect(created.status == 201)
        return try #require(try created.json()["id"] as? Int64)
    }

    static func delete(_ id: Int64, on server: APITestServer) throws {
        let deleted = try server.client().request("DELETE", "/v1/articles/\(id)", headers: authorized)
        #expect(deleted.status == 204)
    }

    /// 2,000 articles with titles of 4,000 characters, in one transaction: about 16 MB of events.
    static func seedLongTitles(_ store: ArticleStore) throws {
        let padding = String(repeating: "x", count: 4_000)
        try store.transaction {
            for index in 0..<2_000 {
                let article = Article(
                    slug: "long-\(index)", title: "Long \(index) \(padding)", author: "Seeder",
                    publishedAt: 1_700_000_000,
                    categoryPaths: [], tags: [], bodyHTML: "<p>Body \(index)</p>", bodyText: "Body \(index)",
                    bodyRaw: "Body \(index)", contentHash: "sha256:long-\(index)", ingestedAt: 1_700_000_000,
                    updatedAt: 1_700_000_000)
                try store.insert(article, sourcePath: nil, ingestVersion: 1)
            }
        }
    }

    static func sequence(_ block: SSEBlock) -> Int64? {
        block.id.flatMap { GazetteApp.sequence(ofChangeToken: $0) }
    }

    // MARK: Delivery

    @Test func upsertAndDelete_reachAStreamWithinASecondOfAnHTTPWrite() throws {
        try withAPIServer(posts: []) { server in
            let stream = try SSEClient(port: server.port)
            #expect(stream.head.status == 200)
            #expect(stream.head.header("Content-Type") == "text/event-stream")
            #expect(stream.head.header("Cache-Control") == "no-store")
            #expect(try stream.nextBlock().retry == "3000")

            let id = try Self.create("Live one", on: server)
            var written = now()
            let upsert = try stream.nextEvent()
            #expect(now() - written < 1)
            #expect(upsert.event == "upserted")
            let upserted = try upsert.json()
            #expect(upserted["id"] as? Int64 == id)
            #expect(upserted["change"] as? String == "upserted")
            #expect(upserted["slug"] as? String != nil)
            #expect((upserted["at"] as? String)?.hasSuffix("Z") == true)
            let article = try #require(upserted["article"] as? [String: Any])
            #expect(article["title"] as? String == "Live one")
            #expect(article["id"] as? Int64 == id)

            try Self.delete(id, on: server)
            written = now()
            let deletion = try stream.nextEvent()
            #expect(now() - written < 1)
            #expect(deletion.event == "deleted")
            let deleted = try deletion.json()
            #expect(deleted["id"] as? Int64 == id)
            #expect(deleted["article"] is NSNull)
            #expect(try #require(Self.sequence(deletion)) > (try #require(Self.sequence(upsert))))
            // The same tokens as /v1/changes.
            let changes = try server.client().get("/v1/changes").json()
            let next = try #require((changes["meta"] as? [String: Any])?["next"] as? String)
            #expect(next == deletion.id)
        }
    }

    @Test func commitsOfAnotherConnection_reachAStreamWithinASecond() throws {
        var api = APIConfiguration(writeToken: APITestServer.token)
        api.streamPollInterval = .milliseconds(100)
        try withAPIServer(posts: [], api: api) { server in
            let stream = try SSEClient(port: server.port)
            _ = try stream.nextBlock()
            // `gazette ingest` in another process.
            let posts = server.folder + "/incoming"
            try FileManager.default.createDirectory(atPath: posts, withIntermediateDirectories: true)
            try Data(Self.post("From another process")).write(to: URL(fileURLWithPath: posts + "/other.md"))
            let ingest = try GazetteExecutable.run(["ingest", "--db", server.databasePath, posts])
            #expect(ingest.status == 0, "\(ingest.stderr)")
            var committed = now()
            let upsert = try stream.nextEvent()
            #expect(now() - committed < 1)
            #expect(upsert.event == "upserted")
            let article = try #require(try upsert.json()["article"] as? [String: Any])
            #expect(article["title"] as? String == "From another process")
            let id = try #require(try upsert.json()["id"] as? Int64)

            // A delete through a connection of its own, as another process would make it.
            let other = try ArticleStore(location: .file(server.databasePath))
            _ = try other.transaction { try other.delete(id: id) }
            committed = now()
            let deletion = try stream.nextEvent()
            #expect(now() - committed < 1)
            #expect(deletion.event == "deleted")
            #expect(try deletion.json()["id"] as? Int64 == id)
        }
    }

    // MARK: Resuming

    @Test func reconnectingWithLastEventID_getsEveryLaterChangeOnceInOrder() throws {
        try withAPIServer(posts: []) { server in
            var first: SSEClient? = try SSEClient(port: server.port)
            _ = try first?.nextBlock()
            let a = try Self.create("Resume A", on: server)
            let b = try Self.create("Resume B", on: server)
            let c = try Self.create("Resume C", on: server)
            let seen = try (0..<3).map { _ in try #require(try first?.nextEvent()) }
            #expect(try seen.map { try $0.json()["id"] as? Int64 } == [a, b, c])
            let k = try #require(seen.first?.id)
            first = nil

            // While disconnected.
            let d = try Self.create("Resume D", on: server)
            try Self.delete(b, on: server)

            var expectedIDs = [b, c, d, b]
            var expectedKinds = ["upserted", "upserted", "upserted", "deleted"]
            for resume in [("Last-Event-ID", k), ("since", k)] {
                let stream =
                    resume.0 == "since"
                    ? try SSEClient(port: server.port, target: "/v1/stream?since=\(resume.1)")
                    : try SSEClient(port: server.port, headers: [resume])
                #expect(stream.head.status == 200)
                let replayed = try expectedIDs.map { _ in try stream.nextEvent() }
                #expect(try replayed.map { try $0.json()["id"] as? Int64 } == expectedIDs)
                #expect(replayed.map(\.event) == expectedKinds)
                #expect(Array(replayed[0..<2].map(\.id)) == Array(seen[1...].map(\.id)))
                let sequences = replayed.compactMap(Self.sequence)
                #expect(sequences == sequences.sorted() && Set(sequences).count == expectedIDs.count)
                // Then live, with nothing repeated or skipped in between.
                let e = try Self.create("Resume E \(resume.0)", on: server)
                let live = try stream.nextEvent()
                #expect(try live.json()["id"] as? Int64 == e)
                #expect(try #require(Self.sequence(live)) == (sequences.last ?? 0) + 1)
                expectedIDs.append(e)
                expectedKinds.append("upserted")
            }
        }
    }

    @Test func badTokens_areAnswered400_andHEADHasNoBody() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let bad = try client.get("/v1/stream?since=nonsense")
            #expect(bad.status == 400)
            #expect(bad.header("Content-Type") == "application/problem+json; charset=utf-8")
            let future = try client.get("/v1/stream", headers: [("Last-Event-ID", GazetteApp.changeToken(99))])
            #expect(future.status == 400)
            let head = try client.request("HEAD", "/v1/stream")
            #expect(head.status == 200)
            #expect(head.header("Content-Type") == "text/event-stream")
            // The start of the log is always a token the server accepts.
            let start = try SSEClient(port: server.port, target: "/v1/stream?since=\(GazetteApp.changeToken(0))")
            #expect(start.head.status == 200)
        }
    }

    // MARK: Filters

    @Test func filteredStream_getsMatchingUpserts_andEveryDeletion() throws {
        try withAPIServer(posts: []) { server in
            let all = try SSEClient(port: server.port)
            let tech = try SSEClient(port: server.port, target: "/v1/stream?category=%E7%A7%91%E6%8A%80")
            let author = try SSEClient(port: server.port, target: "/v1/stream?author=Nobody")
            for stream in [all, tech, author] { _ = try stream.nextBlock() }
            let finance = try Self.create("Money", category: "金融", on: server)
            let science = try Self.create("Chips", category: "科技", on: server)
            try Self.delete(finance, on: server)
            #expect(try (0..<3).map { _ in try all.nextEvent().json()["id"] as? Int64 } == [finance, science, finance])
            let filtered = try (0..<2).map { _ in try tech.nextEvent() }
            #expect(try filtered.map { try $0.json()["id"] as? Int64 } == [science, finance])
            #expect(filtered.map(\.event) == ["upserted", "deleted"])
            let other = try author.nextEvent()
            #expect(other.event == "deleted")
            #expect(try other.json()["id"] as? Int64 == finance)
        }
    }

    // MARK: Limits and lifetime

    @Test func silentStream_getsKeepAliveComments() throws {
        try withAPIServer(posts: [], server: { $0.pushHeartbeatInterval = .milliseconds(200) }) { server in
            let stream = try SSEClient(port: server.port)
            #expect(try stream.nextBlock().retry == "3000")
            let keepAlive = try stream.nextBlock()
            #expect(keepAlive.comments == ["keep-alive"])
            #expect(keepAlive.data == nil)
        }
    }

    @Test func maxStreamsPlusOne_gets503WithRetryAfter() throws {
        var api = APIConfiguration(writeToken: APITestServer.token)
        api.maxStreams = 2
        try withAPIServer(posts: [], api: api) { server in
            let open = try (0..<2).map { _ in try SSEClient(port: server.port) }
            #expect(open.map(\.head.status) == [200, 200])
            let metrics = try server.client().get("/metrics")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("\ngazette_streams_open 2\n"))
            let refused = try server.client().get("/v1/stream", headers: [("Origin", "https://example.com")])
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") == "3")
            #expect(refused.header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func streamAnswers_carryCORSHeaders() throws {
        try withAPIServer(posts: []) { server in
            let stream = try SSEClient(port: server.port, headers: [("Origin", "https://example.com")])
            #expect(stream.head.header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func clientThatNeverReadsLiveEvents_isCutOff_andItsStreamForgotten() throws {
        try withAPIServer(
            posts: [],
            server: {
                $0.pushOutputLimitBytes = 64 * 1024
                $0.writeTimeout = .seconds(2)
            }
        ) { server in
            let hub = server.app.streams
            let client = try HTTPTestClient(port: server.port, timeout: 10, receiveBufferBytes: 4 * 1024)
            try client.send("GET /v1/stream HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(waitUntil(seconds: 10) { hub.openStreams.load(ordering: .relaxed) == 1 })
            // Changes committed by another connection: far more than the kernel's buffers (up to
            // 4 MiB of send buffer on Linux) and the limit hold.
            try Self.seedLongTitles(try ArticleStore(location: .file(server.databasePath)))
            #expect(waitUntil(seconds: 20) { hub.openStreams.load(ordering: .relaxed) == 0 })
            #expect(client.isClosedByServer())
            // The server still serves streams.
            let stream = try SSEClient(port: server.port)
            #expect(stream.head.status == 200)
        }
    }

    @Test func clientThatNeverReadsItsReplay_isPaced_thenCutOff() throws {
        try withAPIServer(posts: [], server: { $0.writeTimeout = .seconds(1) }, seed: Self.seedLongTitles) {
            server in
            let hub = server.app.streams
            let client = try HTTPTestClient(port: server.port, timeout: 10, receiveBufferBytes: 4 * 1024)
            try client.send("GET /v1/stream?since=\(GazetteApp.changeToken(0)) HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(waitUntil(seconds: 10) { hub.openStreams.load(ordering: .relaxed) == 1 })
            // The replay waits for the client; one that reads nothing makes no progress and is
            // closed at the write timeout.
            #expect(waitUntil(seconds: 20) { hub.openStreams.load(ordering: .relaxed) == 0 })
            #expect(client.isClosedByServer())
        }
    }

    @Test func longReplay_isDeliveredWhole() throws {
        try withAPIServer(posts: [], seed: CursorWalkTests.seed) { server in
            let stream = try SSEClient(port: server.port, target: "/v1/stream?since=\(GazetteApp.changeToken(0))")
            var last: Int64 = 0
            for _ in 0..<CursorWalkTests.articleCount {
                let event = try stream.nextEvent()
                let sequence = try #require(Self.sequence(event))
                #expect(sequence == last + 1)
                last = sequence
            }
            #expect(last == Int64(CursorWalkTests.articleCount))
        }
    }

    @Test func shutdown_endsStreamsCleanly() throws {
        let server = try APITestServer(posts: [])
        let stream = try SSEClient(port: server.port)
        _ = try stream.nextBlock()
        server.stop()
        let farewell = try stream.nextBlock()
        #expect(farewell.comments.first?.hasPrefix("server shutting down") == true)
        #expect(try stream.connection.readChunk() == nil)
        #expect(stream.connection.isClosedByServer())
    }
}

/// Polls `condition` every 10 ms until it holds (`true`) or `seconds` have passed (`false`).
private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = now() + seconds
    while now() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}

/// Monotonic seconds.
private func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Runs the built `gazette` executable, which SwiftPM puts beside the test bundle.
enum GazetteExecutable {
    struct Result {
        var status: Int32
        var stderr: String
    }

    static var url: URL {
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("gazette").path), folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("gazette")
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("GAZETTE_") { environment[key] = nil }
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stderr: String(decoding: stderr, as: UTF8.self))
    }
}
