import Foundation
import GazetteAPI
import GazetteCore
import GazetteIngest
import GazetteStore
import Glibc
import HTTPServer
import Logging

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

/// A one-request-per-connection HTTP/1.1 client for 127.0.0.1, with timeouts so no test hangs.
enum FeedTestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Reply {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw Failure(description: "not a JSON object: \(text.prefix(200))")
            }
            return object
        }
    }

    /// `GET target` (or another method) with `Connection: close`; reads to EOF.
    static func get(
        _ target: String, port: Int, method: String = "GET", headers: [(String, String)] = []
    ) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { head += "Host: 127.0.0.1:\(port)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        let request = Array(head.utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: \(errno)") }
            sent += count
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw Failure(description: "recv: \(errno) after \(received.count) bytes") }
            received += chunk[0..<count]
        }
        return try parse(received, isHead: method == "HEAD")
    }

    private static func parse(_ bytes: [UInt8], isHead: Bool) throws -> Reply {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0..<$0 + 4].elementsEqual(marker) }) else {
            throw Failure(description: "no response head in \(bytes.count) bytes")
        }
        var lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line")
        }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var body = Array(bytes[(end + 4)...])
        if let length = headers.first(where: { $0.0.lowercased() == "content-length" }).flatMap({ Int($0.1) }),
            !isHead, status != 304
        {
            guard body.count >= length else { throw Failure(description: "short body: \(body.count) of \(length)") }
            body = Array(body[0..<length])
        }
        return Reply(status: status, headers: headers, body: body)
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
