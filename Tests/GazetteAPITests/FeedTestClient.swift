import Foundation
import GazetteAPI
import GazetteCore
import GazetteIngest
import GazetteStore
import HTTPServer
import Logging
import TestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A Gazette server on 127.0.0.1, port 0, over a temporary SQLite file holding the project's
/// `Samples/` and one post full of characters XML must escape or drop. For the feed and
/// reader tests; stopped (and its folder removed) by ``withFeedServer(configuration:_:)``.
final class FeedTestServer {
    let port: Int
    private let http: HTTPServer
    private let folder: URL

    /// The slug of the post with awkward characters (`&`, `<`, controls, U+FFFF).
    static let awkwardSlug = "awkward-characters"

    init(configuration: APIConfiguration) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try ArticleStore(location: .file(folder.appendingPathComponent("feeds.sqlite").path))
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples")
        // The posts, not SOURCES.md (which says where they come from), as the demo does.
        let posts = try FileManager.default.contentsOfDirectory(atPath: samples.path)
            .filter { ($0.hasSuffix(".md") || $0.hasSuffix(".markdown")) && $0 != "SOURCES.md" }
            .map { samples.appendingPathComponent($0).path }
        let summary = try Ingestor(store: store).ingest(paths: posts)
        guard summary.failures.isEmpty, summary.added > 30 else {
            throw FeedTestClient.Failure(
                description: "ingesting \(samples.path) failed: \(summary.line) \(summary.failures)")
        }
        let builder = ArticleBuilder(configuration: IngestConfiguration())
        let article = try builder.build(
            Array(Self.awkwardPost.utf8), fileName: "\(Self.awkwardSlug).md", now: 1_900_000_000)
        _ = try store.insert(article, sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)

        let app = try GazetteApp(store: store, loopCount: 1, configuration: configuration)
        var server = ServerConfiguration(host: "127.0.0.1", port: 0)
        server.loopCount = 1
        http = HTTPServer(configuration: server, logger: Logger(label: "feed-tests")) { app.handle($0) }
        port = try http.start()
    }

    func stop() {
        http.shutdown(gracePeriod: .milliseconds(200))
        http.waitUntilStopped()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The newest post of all (2030), so it is the first entry of every unfiltered feed.
    private static let awkwardPost = """
        ---
        title: "Tom & Jerry <b>bold</b> \\"quoted\\" 'single' ]]> bell\\x07 and \\uFFFF end"
        date: 2030-01-02 03:04:05
        categories: [测试, "A&B <c>"]
        tags: ["x&y"]
        author: "Tom & Jerry <tj@example.com>"
        thumbnail: /images/awkward.png
        ---
        A body with <b>bold</b>, an ampersand &amp; a control\u{0B}character, 北京 and "quotes" & 'apostrophes'.

        """
}

/// Runs `body` against a fresh ``FeedTestServer`` and stops it afterwards, whatever happens.
func withFeedServer<T>(
    configuration: APIConfiguration = APIConfiguration(), _ body: (FeedTestServer) throws -> T
) throws -> T {
    let server = try FeedTestServer(configuration: configuration)
    defer { server.stop() }
    return try body(server)
}

/// One request per connection to 127.0.0.1, through the shared ``HTTPTestClient``.
enum FeedTestClient {
    typealias Failure = HTTPTestClient.Failure

    /// `GET target` (or another method) with `Connection: close`; reads the response, then
    /// requires the server to close the connection with nothing after it.
    static func get(
        _ target: String, port: Int, method: String = "GET", headers: [(String, String)] = []
    ) throws -> APIResponse {
        let client = try HTTPTestClient(port: port, timeout: 10)
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { head += "Host: 127.0.0.1:\(port)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        try client.send(head)
        let reply = try client.readResponse(isHead: method == "HEAD")
        let rest = try client.readToEnd()
        guard rest.isEmpty else {
            throw Failure(description: "\(rest.count) bytes after a \(reply.status) response to \(method) \(target)")
        }
        return reply
    }
}

/// An XML element as Foundation's `XMLParser` reports it: qualified name (prefixes kept, as
/// written), attributes, text, children.
final class FeedXMLNode {
    let name: String
    let attributes: [String: String]
    var text = ""
    var children: [FeedXMLNode] = []

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func child(_ name: String) -> FeedXMLNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [FeedXMLNode] { children.filter { $0.name == name } }

    /// Parses a whole document; throws with the parser's error when it is not well-formed.
    static func parse(_ bytes: [UInt8]) throws -> FeedXMLNode {
        let parser = XMLParser(data: Data(bytes))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw FeedTestClient.Failure(
                description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown") "
                    + "at line \(parser.lineNumber), column \(parser.columnNumber)")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: FeedXMLNode?
        var stack: [FeedXMLNode] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = FeedXMLNode(name: elementName, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
