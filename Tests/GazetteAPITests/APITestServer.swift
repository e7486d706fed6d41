import Foundation
import GazetteCore
import GazetteIngest
import GazetteStore
import HTTPServer
import Logging
import Synchronization
import Testing

@testable import GazetteAPI

/// A real Gazette server for one test: a temporary folder with a SQLite file, optionally
/// filled with posts (ingested from files, as `gazette ingest` does) or with articles inserted
/// directly, a ``GazetteApp`` behind an ``HTTPServer`` on 127.0.0.1 port 0 with two loops,
/// wired as `gazette serve` wires them.
///
/// Prefer ``withAPIServer(posts:api:server:seed:_:)``, which always stops the server.
final class APITestServer: Sendable {
    /// The write token of servers that accept writes.
    static let token = "test-write-token"
    /// `ingested_at`/`updated_at` stamped by the harness's ingests, so two servers built from the
    /// same posts answer byte-identical articles.
    static let ingestClock: Int64 = 1_764_000_000

    let folder: String
    let databasePath: String
    let app: GazetteApp
    let http: HTTPServer
    let port: Int
    private let stopped = Mutex(false)

    /// - Parameters:
    ///   - posts: files written to `folder/posts` and ingested before the server starts.
    ///   - api: the app's configuration (by default with ``token`` as the write token).
    ///   - server: adjusts the server's configuration (limits).
    ///   - seed: inserts articles through the store before the server starts.
    init(
        posts: [TestPost] = [], api: APIConfiguration = APIConfiguration(writeToken: APITestServer.token),
        server configure: (inout ServerConfiguration) -> Void = { _ in },
        seed: (ArticleStore) throws -> Void = { _ in }
    ) throws {
        folder = try Self.makeTemporaryFolder()
        databasePath = folder + "/gazette.sqlite"
        let store = try ArticleStore(location: .file(databasePath))
        if !posts.isEmpty {
            let postsFolder = folder + "/posts"
            try Self.write(posts, to: postsFolder)
            let summary = try Ingestor(store: store, logger: quietLogger, clock: { APITestServer.ingestClock })
                .ingest(paths: [postsFolder])
            guard summary.failures.isEmpty, summary.added == posts.count else {
                throw APITestClient.Failure(description: "fixture ingest failed: \(summary)")
            }
        }
        try seed(store)

        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 2)
        configuration.accessLogLevel = nil
        configuration.lingerTimeout = .milliseconds(200)
        configure(&configuration)
        let app = try GazetteApp(
            store: store, loopCount: configuration.loopCount, configuration: api, logger: quietLogger)
        let corsHeaders = app.headersForServerErrors()
        configuration.errorHeaders = { _ in corsHeaders }
        let http = HTTPServer(configuration: configuration, logger: quietLogger) { app.handle($0) }
        app.observeConnections(of: http)
        self.app = app
        self.http = http
        port = try http.start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new keep-alive client of this server.
    func client(timeout: Double = 10) throws -> APITestClient {
        try APITestClient(port: port, timeout: timeout)
    }

    /// Shuts the server down (at most a short grace period) and waits until it has stopped.
    func stop() {
        let wasStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasStopped else { return }
        http.shutdown(gracePeriod: .milliseconds(500))
        http.waitUntilStopped()
    }

    static func makeTemporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gazette-api-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ posts: [TestPost], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for post in posts {
            try Data(post.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + post.fileName))
        }
    }
}

/// Runs `body` against a fresh server and stops the server afterwards, whatever happens.
@discardableResult
func withAPIServer<T>(
    posts: [TestPost] = TestPost.catalog, api: APIConfiguration = APIConfiguration(writeToken: APITestServer.token),
    server configure: (inout ServerConfiguration) -> Void = { _ in }, seed: (ArticleStore) throws -> Void = { _ in },
    _ body: (APITestServer) throws -> T
) throws -> T {
    let server = try APITestServer(posts: posts, api: api, server: configure, seed: seed)
    defer { server.stop() }
    return try body(server)
}

/// `Authorization` with the harness's token.
let authorized: [(String, String)] = [("Authorization", "Bearer \(APITestServer.token)")]

/// A logger that shows only errors, so test output stays readable.
let quietLogger: Logger = {
    var logger = Logger(label: "test.gazette-api")
    logger.logLevel = .error
    return logger
}()

/// Checks that `response` is an RFC 9457 problem with `status` (and, for 400s, the
/// parameter named both in the `parameter` member and in the detail).
func expectProblem(
    _ response: APIResponse, status: Int, parameter: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
    #expect(
        response.header("Content-Type")?.hasPrefix("application/problem+json") == true,
        "Content-Type is \(response.header("Content-Type") ?? "missing")", sourceLocation: sourceLocation)
    guard let object = try? response.json() else {
        Issue.record("problem body is not JSON: \(response.text)", sourceLocation: sourceLocation)
        return
    }
    #expect(object["type"] as? String == "about:blank", sourceLocation: sourceLocation)
    #expect((object["title"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(object["status"] as? Int == status, sourceLocation: sourceLocation)
    #expect((object["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    if let parameter {
        #expect(object["parameter"] as? String == parameter, "\(object)", sourceLocation: sourceLocation)
        #expect((object["detail"] as? String)?.contains(parameter) == true, "\(object)", sourceLocation: sourceLocation)
    }
}
