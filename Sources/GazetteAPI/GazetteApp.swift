import Foundation
import GazetteCore
import GazetteIngest
import GazetteStore
import HTTPServer
import Logging
import Synchronization

/// Gazette's HTTP API: routes requests of ``HTTPServer`` to the store, per API.md.
///
/// Reads run on the request's event loop with that loop's own read-only connection; writes go
/// through the one writer connection, serialised by a lock (they are rare and short).
public final class GazetteApp: Sendable {
    let configuration: APIConfiguration
    let contexts: [LoopContext]
    let writer: Mutex<ArticleStoreBox>
    let builder: ArticleBuilder
    let dates: DateParser
    let metrics: Metrics
    let logger: Logger
    /// Set once the server exists, for the open-connection gauge.
    let connectionCount: Mutex<(@Sendable () -> Int)?>
    /// Writes this app has made (bumped after each write request): a loop that sees it move
    /// asks SQLite for the data version instead of trusting the one it read last.
    let localWrites = Atomic<Int>(0)

    /// Creates the app over an opened (and migrated) store.
    ///
    /// - Parameters:
    ///   - store: the writer; the app owns it from now on.
    ///   - loopCount: the server's number of event loops: one read connection is opened per loop.
    public init(
        store: ArticleStore, loopCount: Int, configuration: APIConfiguration = APIConfiguration(),
        ingest: IngestConfiguration = IngestConfiguration(), logger: Logger = Logger(label: "gazette.api")
    ) throws {
        self.configuration = configuration
        contexts = try (0..<max(1, loopCount)).map { _ in
            LoopContext(
                connection: try Connection(location: store.location, readOnly: true),
                cacheEntries: configuration.responseCacheEnabled ? configuration.responseCacheEntries : 0)
        }
        writer = Mutex(ArticleStoreBox(store: store))
        builder = ArticleBuilder(configuration: ingest)
        dates = DateParser(timeZone: ingest.timeZone)
        metrics = Metrics(loopCount: loopCount)
        self.logger = logger
        connectionCount = Mutex(nil)
    }

    /// Tells the app how to read the server's open-connection count (for `/metrics`).
    public func observeConnections(_ count: @escaping @Sendable () -> Int) {
        connectionCount.withLock { $0 = count }
    }

    /// Headers for errors the server itself answers (framing, limits): CORS, so a browser
    /// client can read them too.
    public func headersForServerErrors() -> [HTTPHeader] {
        configuration.corsOrigins.contains("*") ? [HTTPHeader(name: "Access-Control-Allow-Origin", value: "*")] : []
    }

    /// Checkpoints the WAL into the database (on shutdown).
    public func checkpoint() {
        writer.withLock { box in
            do {
                try box.store.connection.checkpoint()
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Answers one request. Never throws, never traps on input: every failure is a problem
    /// response.
    public func handle(_ request: Request) -> Response {
        let started = ContinuousClock.now
        let (route, key) = Route.match(request.path)
        var response: Response
        do {
            response = try respond(to: request, route: route, key: key)
        } catch let error as APIError {
            response = error.problemResponse
        } catch {
            logger.error(
                "request failed",
                metadata: ["path": "\(request.path)", "error": "\(error)", "id": "\(request.requestID)"])
            response = APIError(.internalServerError, "the server could not answer this request").problemResponse
        }
        addCORSHeaders(to: &response, request: request)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(route: route, status: response.status.code, seconds: seconds, loop: request.loopIndex)
        return response
    }

    // MARK: - Dispatch

    private func respond(to request: Request, route: Route, key: String?) throws -> Response {
        let method = request.method.rawValue
        guard route != .unmatched else { throw APIError(.notFound, "no resource at \(request.path)") }
        if method == "OPTIONS" { return preflight(request, route: route) }
        guard route.allowedMethods.contains(method) else {
            throw APIError(
                .methodNotAllowed, "\(method) is not allowed on \(route.rawValue)",
                headers: [HTTPHeader(name: "Allow", value: route.allowedMethods.joined(separator: ", "))])
        }
        switch method {
        case "GET", "HEAD": return try read(request, route: route, key: key)
        default: return try write(request, route: route, key: key)
        }
    }

    // MARK: - Reads: conditional requests, cache, compression

    /// A read's result before the HTTP semantics are applied.
    struct Reply {
        var body: [UInt8]
        var contentType: String
        var lastModified: Int64? = nil
        var link: String? = nil
    }

    private func read(_ request: Request, route: Route, key: String?) throws -> Response {
        guard request.loopIndex >= 0, request.loopIndex < contexts.count else {
            throw APIError(.internalServerError, "request on an unknown event loop")
        }
        let context = contexts[request.loopIndex]
        if let fixed = try operational(route, request: request, context: context) {
            return negotiated(fixed, request: request)
        }
        let writes = localWrites.load(ordering: .acquiring)
        let representation = Representation(
            target: request.rawTarget + feedCacheVariant(request, route: route), gzip: acceptsGzip(request))
        // A cached response (or a 304) for a data version read a moment ago needs no database.
        if let version = context.recentDataVersion(now: .now, writes: writes),
            let known = knownResponse(request, representation, version: version, context: context)
        {
            return known
        }
        // One read transaction for the whole request: its statements see one snapshot, and
        // SQLite takes and releases its file locks once instead of once per statement. The time
        // limit is inside it, so that COMMIT and ROLLBACK are never what it stops.
        do {
            return try context.connection.transaction {
                try context.connection.withTimeLimit(configuration.queryTimeLimit) {
                    try readData(request, route: route, key: key, representation, context: context, writes: writes)
                }
            }
        } catch let error as SQLiteError where error.isInterrupted {
            logger.warning(
                "read stopped at the query time limit",
                metadata: ["target": "\(request.rawTarget)", "id": "\(request.requestID)"])
            throw APIError(
                .serviceUnavailable,
                "the query took longer than the server's limit of \(Self.milliseconds(configuration.queryTimeLimit)) ms;"
                    + " narrow it (more specific words, a category, a date range) or try again later")
        }
    }

    /// A limit in whole milliseconds, for messages.
    static func milliseconds(_ limit: Duration?) -> Int64 {
        limit.map { Int64($0 / .milliseconds(1)) } ?? 0
    }

    /// What a read's ETag and cache key are made of: the target (with its feed variant) and
    /// whether the body is gzipped.
    struct Representation {
        let target: String
        let gzip: Bool
        let targetHash: String

        init(target: String, gzip: Bool) {
            self.target = target
            self.gzip = gzip
            targetHash = GazetteApp.fnv1a(target)
        }

        var cacheKey: String { gzip ? target + "\u{0}gz" : target }

        func etag(version: Int64) -> String { "\"\(version)-\(targetHash)\(gzip ? "-gz" : "")\"" }
    }

    /// A 304 or a cached response, when `version` settles the request without reading data.
    ///
    /// A listed tag can be answered before any work: it names a representation this server
    /// made. `*` means "any current representation", so it must wait until the resource is
    /// known to exist (RFC 9110 §13.1.2): a missing article stays a 404.
    private func knownResponse(
        _ request: Request, _ representation: Representation, version: Int64, context: LoopContext
    ) -> Response? {
        let etag = representation.etag(version: version)
        let ifNoneMatch = request.header("If-None-Match")
        if let inm = ifNoneMatch, inm.trimmingWhitespace() != "*", Self.matches(inm, etag: etag) {
            return notModified(etag: etag)
        }
        guard let entry = context.cache.entry(for: representation.cacheKey, version: version) else { return nil }
        if ifNoneMatch?.trimmingWhitespace() == "*" { return notModified(etag: etag) }
        if isNotModifiedSince(request, lastModified: entry.lastModified) { return notModified(etag: etag) }
        return Response(
            status: HTTPStatus(code: entry.status, reasonPhrase: "OK"),
            headers: entry.headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: entry.body)
    }

    private func readData(
        _ request: Request, route: Route, key: String?, _ representation: Representation, context: LoopContext,
        writes: Int
    ) throws -> Response {
        let version = try context.currentDataVersion(writes: writes)
        if let known = knownResponse(request, representation, version: version, context: context) { return known }
        let etag = representation.etag(version: version)
        let reply = try dataReply(request, route: route, key: key, context: context)
        if request.header("If-None-Match")?.trimmingWhitespace() == "*" { return notModified(etag: etag) }
        if isNotModifiedSince(request, lastModified: reply.lastModified) { return notModified(etag: etag) }
        var headers: [(String, String)] = [
            ("Content-Type", reply.contentType), ("ETag", etag), ("Cache-Control", configuration.cacheControl),
            ("Vary", "Accept-Encoding"),
        ]
        if let modified = reply.lastModified { headers.append(("Last-Modified", HTTPDates.format(modified))) }
        if let link = reply.link { headers.append(("Link", link)) }
        var body = reply.body
        if representation.gzip && body.count >= configuration.gzipMinimumBytes, let compressed = Gzip.compress(body) {
            body = compressed
            headers.append(("Content-Encoding", "gzip"))
        }
        context.cache.store(
            ResponseCache.Entry(status: 200, headers: headers, body: body, lastModified: reply.lastModified),
            for: representation.cacheKey,
            version: version)
        return Response(status: .ok, headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: body)
    }

    /// gzip and `If-None-Match` for an operational route's fixed body (`/openapi.json`,
    /// `/metrics`…), whose ETag hashes the body rather than following the data version.
    private func negotiated(_ response: Response, request: Request) -> Response {
        guard case .bytes(let body) = response.body,
            let tagIndex = response.headers.firstIndex(where: { $0.name == "ETag" })
        else { return response }
        var response = response
        if body.count >= configuration.gzipMinimumBytes {
            response.headers.append(HTTPHeader(name: "Vary", value: "Accept-Encoding"))
            if acceptsGzip(request), let compressed = Gzip.compress(body) {
                response.body = .bytes(compressed)
                response.headers.append(HTTPHeader(name: "Content-Encoding", value: "gzip"))
                response.headers[tagIndex].value = String(response.headers[tagIndex].value.dropLast()) + "-gz\""
            }
        }
        if let header = request.header("If-None-Match"), Self.matches(header, etag: response.headers[tagIndex].value) {
            let kept: Set<String> = ["ETag", "Cache-Control", "Vary"]
            return Response(status: .notModified, headers: response.headers.filter { kept.contains($0.name) })
        }
        return response
    }

    /// `If-Modified-Since` (RFC 9110 §13.1.3), evaluated only without `If-None-Match`: whether
    /// the representation last modified at `lastModified` is not newer than the date given.
    private func isNotModifiedSince(_ request: Request, lastModified: Int64?) -> Bool {
        guard let since = request.header("If-Modified-Since"), request.header("If-None-Match") == nil,
            let modified = lastModified, let sinceDate = dates.parse(since)
        else { return false }
        return modified <= sinceDate
    }

    private func notModified(etag: String) -> Response {
        Response(
            status: .notModified,
            headers: [
                HTTPHeader(name: "ETag", value: etag),
                HTTPHeader(name: "Cache-Control", value: configuration.cacheControl),
                HTTPHeader(name: "Vary", value: "Accept-Encoding"),
            ])
    }

    /// `If-None-Match` (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly.
    static func matches(_ header: String, etag: String) -> Bool {
        if header.trimmingWhitespace() == "*" { return true }
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingWhitespace()
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }

    /// Whether `Accept-Encoding` allows gzip (RFC 9110 §12.5.3), `q=0` meaning no.
    private func acceptsGzip(_ request: Request) -> Bool {
        guard let header = request.header("Accept-Encoding") else { return false }
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
            guard let coding = pieces.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
        return false
    }

    /// FNV-1a of the target, so ETags differ between URLs of one data version.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 36)
    }

    // MARK: - CORS

    private func preflight(_ request: Request, route: Route) -> Response {
        var headers = [
            HTTPHeader(name: "Access-Control-Allow-Methods", value: route.allowedMethods.joined(separator: ", ")),
            HTTPHeader(
                name: "Access-Control-Allow-Headers",
                value: "Authorization, Content-Type, If-None-Match, If-Modified-Since, X-Request-Id"),
            HTTPHeader(name: "Access-Control-Max-Age", value: "600"),
        ]
        headers.append(HTTPHeader(name: "Allow", value: route.allowedMethods.joined(separator: ", ")))
        return Response(status: .noContent, headers: headers)
    }

    private func addCORSHeaders(to response: inout Response, request: Request) {
        let origins = configuration.corsOrigins
        if origins.contains("*") {
            response.headers.append(HTTPHeader(name: "Access-Control-Allow-Origin", value: "*"))
        } else if let origin = request.header("Origin"), origins.contains(origin) {
            response.headers.append(HTTPHeader(name: "Access-Control-Allow-Origin", value: origin))
            response.headers.append(HTTPHeader(name: "Vary", value: "Origin"))
        } else {
            return
        }
        response.headers.append(
            HTTPHeader(name: "Access-Control-Expose-Headers", value: "ETag, Link, Location, X-Request-Id"))
    }
}

/// The writer store, owned by the app and used under its lock.
///
/// Thread safety: reached only through `GazetteApp.writer`'s `Mutex`, so one thread at a time.
final class ArticleStoreBox: @unchecked Sendable {
    let store: ArticleStore
    init(store: ArticleStore) { self.store = store }
}
