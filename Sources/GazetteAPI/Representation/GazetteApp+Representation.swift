import Foundation
import GazetteCore
import GazetteStore
import HTTPServer

/// The representation stage of every read, in one place: the data version and the ETag, `304 Not Modified`
/// (`If-None-Match`, `If-Modified-Since`), the per-loop response cache and gzip.
extension GazetteApp {
    /// A read's result before the HTTP semantics are applied.
    struct Reply {
        var body: [UInt8]
        var contentType: String
        var lastModified: Int64? = nil
        var link: String? = nil
        /// Headers of the handler's own (`Content-Security-Policy` for HTML pages), after the others.
        var headers: [(String, String)] = []
    }

    func read(_ request: Request, route: Route, key: String?) throws -> Response {
        guard request.loopIndex >= 0, request.loopIndex < contexts.count else {
            throw APIError(.internalServerError, "request on an unknown event loop")
        }
        let context = contexts[request.loopIndex]
        if let fixed = try operational(route, request: request, context: context) {
            return negotiated(fixed.response, request: request, gzipped: fixed.gzipped)
        }
        let writes = localWrites.load(ordering: .acquiring)
        let representation = Representation(
            target: request.rawTarget + linkBaseVariant(request, route: route), gzip: acceptsGzip(request))
        // A cached response (or a 304) for a data version read a moment ago needs no database.
        if let version = context.recentDataVersion(now: .now, writes: writes),
            let known = knownResponse(request, representation, version: version, context: context)
        {
            return known
        }
        // One read for the whole request: its statements see one snapshot of the data.
        do {
            return try context.reader.read(timeLimit: configuration.queryTimeLimit) {
                try readData(request, route: route, key: key, representation, context: context, writes: writes)
            }
        } catch is ReadTimeLimitExceeded {
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
            targetHash = String(FNV1a.hash(target.utf8), radix: 36)
        }

        var cacheKey: String { gzip ? target + "\u{0}gz" : target }

        func etag(version: Int64) -> String { "\"\(version)-\(targetHash)\(gzip ? "-gz" : "")\"" }
    }

    /// A 304 or a cached response, when `version` settles the request without reading data.
    ///
    /// A listed tag can be answered before any work: it names a representation this server
    /// made. `*` means "any current representation", so it must wait until the resource is
    /// known to exist (RFC 9110 §13.1.2): a missing article stays a 404.
    func knownResponse(
        _ request: Request, _ representation: Representation, version: Int64, context: LoopContext
    ) -> Response? {
        let etag = representation.etag(version: version)
        let ifNoneMatch = request.header("If-None-Match")
        if let inm = ifNoneMatch, inm.trimmingWhitespace() != "*", Self.matches(inm, etag: etag) {
            return notModified(etag: etag)
        }
        guard let entry = context.cachedResponse(for: representation.cacheKey, version: version) else { return nil }
        if ifNoneMatch?.trimmingWhitespace() == "*" { return notModified(etag: etag) }
        if isNotModifiedSince(request, lastModified: entry.lastModified) { return notModified(etag: etag) }
        return Response(
            status: HTTPStatus(code: entry.status, reasonPhrase: "OK"),
            headers: entry.headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: entry.body)
    }

    func readData(
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
        headers += reply.headers
        var body = reply.body
        if representation.gzip && body.count >= configuration.gzipMinimumBytes,
            let compressed = Gzip.compress(body, level: configuration.gzipLevel)
        {
            body = compressed
            headers.append(("Content-Encoding", "gzip"))
        }
        context.cache(
            ResponseCache.Entry(status: 200, headers: headers, body: body, lastModified: reply.lastModified),
            for: representation.cacheKey,
            version: version)
        return Response(status: .ok, headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: body)
    }

    /// gzip and `If-None-Match` for an operational route's fixed body (`/openapi.json`,
    /// `/metrics`…), whose ETag hashes the body rather than following the data version;
    /// `gzipped`, when given, is the body already compressed (a ``FixedDocument``).
    func negotiated(_ response: Response, request: Request, gzipped: [UInt8]? = nil) -> Response {
        guard case .bytes(let body) = response.body,
            let tagIndex = response.headers.firstIndex(where: { $0.name == "ETag" })
        else { return response }
        var response = response
        if body.count >= configuration.gzipMinimumBytes {
            response.headers.append(HTTPHeader(name: "Vary", value: "Accept-Encoding"))
            if acceptsGzip(request), let compressed = gzipped ?? Gzip.compress(body, level: configuration.gzipLevel) {
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
    func isNotModifiedSince(_ request: Request, lastModified: Int64?) -> Bool {
        guard let since = request.header("If-Modified-Since"), request.header("If-None-Match") == nil,
            let modified = lastModified, let sinceDate = dates.parse(since)
        else { return false }
        return modified <= sinceDate
    }

    func notModified(etag: String) -> Response {
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
    func acceptsGzip(_ request: Request) -> Bool {
        guard let header = request.header("Accept-Encoding") else { return false }
        return Self.acceptsGzip(acceptEncoding: header)
    }

    /// Whether an `Accept-Encoding` value allows gzip: the first coding that is `gzip`,
    /// `x-gzip` or `*` (any case, optional whitespace around each part) decides by its `q`
    /// parameter, absent meaning 1; no such coding means no.
    ///
    /// Read as bytes, without splitting into strings: a browser sends this header with every
    /// request, and the split-and-lowercase version cost some 11,000 instructions a request
    /// for `identity` alone. Only a `q` value is turned into a `String` (to be read as a number).
    static func acceptsGzip(acceptEncoding header: String) -> Bool {
        var header = header
        return header.withUTF8 { bytes in
            /// `bytes[start..<end]` without the spaces and tabs around it.
            func trimmed(_ start: Int, _ end: Int) -> Range<Int> {
                var start = start
                var end = end
                while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
                while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
                return start..<end
            }
            /// Whether `bytes[range]` is `lowercase` in any ASCII case.
            func equals(_ range: Range<Int>, _ lowercase: StaticString) -> Bool {
                guard range.count == lowercase.utf8CodeUnitCount else { return false }
                return lowercase.withUTF8Buffer { expected in
                    zip(range, expected).allSatisfy { index, letter in bytes[index] | 0x20 == letter | 0x20 }
                }
            }
            /// The end of the piece that starts at `start`: the next `separator` or `end`.
            func pieceEnd(from start: Int, to end: Int, separator: UInt8) -> Int {
                var index = start
                while index < end && bytes[index] != separator { index += 1 }
                return index
            }
            var start = 0
            while start <= bytes.count {
                let end = pieceEnd(from: start, to: bytes.count, separator: UInt8(ascii: ","))
                let codingEnd = pieceEnd(from: start, to: end, separator: UInt8(ascii: ";"))
                let coding = trimmed(start, codingEnd)
                if equals(coding, "gzip") || equals(coding, "x-gzip") || equals(coding, "*") {
                    var parameterStart = codingEnd + 1
                    while parameterStart <= end {
                        let parameterEnd = pieceEnd(from: parameterStart, to: end, separator: UInt8(ascii: ";"))
                        let parameter = trimmed(parameterStart, parameterEnd)
                        if parameter.count >= 2 && bytes[parameter.lowerBound] | 0x20 == UInt8(ascii: "q")
                            && bytes[parameter.lowerBound + 1] == UInt8(ascii: "=")
                        {
                            let value = String(
                                decoding: bytes[(parameter.lowerBound + 2)..<parameter.upperBound], as: UTF8.self)
                            return (Double(value.lowercased()) ?? 1) > 0
                        }
                        parameterStart = parameterEnd + 1
                    }
                    return true
                }
                start = end + 1
            }
            return false
        }
    }
}
