/// An incremental HTTP/1.1 request parser over bytes (RFC 9112), strict about framing.
///
/// Feed it the bytes received so far for the current request, starting at the request's
/// first byte, each time more arrive; it resumes where it stopped and returns a request once
/// the head and the whole body are there. It throws an ``HTTPError`` carrying the status to
/// answer for every framing error and exceeded limit; after an error the connection must
/// answer and close, as the message boundaries are then unknown.
///
/// No `String`, `Data` or Foundation is used on this path: lines are found as byte offsets,
/// names compared as ASCII, and only the path is decoded eagerly (so that an invalid one is a
/// `400` before the handler runs). Pointer access is confined to the `UnsafeRawBufferPointer`
/// the caller lends for one call.
struct RequestParser {
    /// The limits the parser enforces, taken from ``ServerConfiguration``.
    struct Limits: Sendable {
        var maxRequestLineBytes: Int
        var maxHeaderBytes: Int
        var maxHeaderCount: Int
        var maxBodyBytes: Int
        /// Longest chunk-size line including extensions, in bytes (RFC 9112 §7.1.1 leaves it open).
        var maxChunkLineBytes: Int = 1024
    }

    /// Offsets of one header field inside ``Parsed/headBytes``.
    struct FieldRange: Sendable, Equatable {
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
    }

    /// The head of a request, as parsed.
    struct Head: Sendable {
        var method: HTTPMethod
        var version: HTTPVersion
        var path: String
        var targetRange: Range<Int>
        var queryRange: Range<Int>?
        var fields: [FieldRange]
        var contentLength: Int
        var isChunked: Bool
        var keepAlive: Bool
        var expectsContinue: Bool
        var requestIDRange: Range<Int>?
    }

    /// A complete request: head, decoded body and the number of input bytes it took.
    struct Parsed: Sendable {
        var head: Head
        var headBytes: [UInt8]
        var body: [UInt8]
        var consumed: Int
    }

    private enum State {
        case requestLine
        case headers
        case fixedBody(headEnd: Int, length: Int)
        case chunkSize(lineStart: Int)
        case chunkData(position: Int, remaining: Int)
        case chunkDataEnd(position: Int)
        case trailers(lineStart: Int, sectionStart: Int, count: Int)
    }

    /// What is learned about the head while its lines arrive.
    private struct Partial {
        var lineStart = 0
        var method = HTTPMethod.get
        var version = HTTPVersion.http1_1
        var path = ""
        var targetRange = 0..<0
        var queryRange: Range<Int>?
        var fields: [FieldRange] = []
        var hostCount = 0
        var contentLength: Int?
        var hasTransferEncoding = false
        var transferCodingCount = 0
        var lastCodingIsChunked = false
        var hasOtherCoding = false
        var chunkedNotFinal = false
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        var requestIDRange: Range<Int>?
    }

    let limits: Limits
    private var state = State.requestLine
    private var partial = Partial()
    private var head: Head?
    private var headBytes: [UInt8] = []
    private var body: [UInt8] = []
    /// Where the next search for a line feed starts, so no byte is scanned twice.
    private var scanned = 0
    private var continuePending = false

    init(limits: Limits) {
        self.limits = limits
    }

    /// `true` once the whole head of the current request has been parsed (its body may still
    /// be arriving): the header timeout no longer applies.
    var hasCompleteHead: Bool { head != nil }

    /// Returns `true` once per request when the client asked for `100 Continue` and the body
    /// has not fully arrived yet (RFC 9110 §10.1.1).
    mutating func takeContinueRequest() -> Bool {
        defer { continuePending = false }
        return continuePending
    }

    /// Forgets any partial request.
    mutating func reset() {
        state = .requestLine
        partial = Partial()
        head = nil
        headBytes = []
        body = []
        scanned = 0
        continuePending = false
    }

    /// Parses as much of `buffer` (the current request's bytes so far, from its first byte) as
    /// possible.
    ///
    /// - Returns: the request when complete (the parser is then reset for the next one),
    ///   otherwise `nil`: call again with more bytes.
    /// - Throws: ``HTTPError`` for a framing error or an exceeded limit.
    mutating func parse(_ buffer: UnsafeRawBufferPointer) throws(HTTPError) -> Parsed? {
        while true {
            switch state {
            case .requestLine:
                guard try parseRequestLine(buffer) else { return nil }
            case .headers:
                guard let headEnd = try parseHeaderLines(buffer) else { return nil }
                if let parsed = try finishHead(buffer, headEnd: headEnd) { return parsed }
            case .fixedBody(let headEnd, let length):
                guard buffer.count - headEnd >= length else { return nil }
                let body = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[headEnd..<(headEnd + length)]))
                return complete(body: body, consumed: headEnd + length)
            case .chunkSize(let lineStart):
                guard try parseChunkSize(buffer, lineStart: lineStart) else { return nil }
            case .chunkData(let position, let remaining):
                let available = min(buffer.count - position, remaining)
                if available > 0 {
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<(position + available)]))
                }
                if available < remaining {
                    state = .chunkData(position: position + available, remaining: remaining - available)
                    return nil
                }
                state = .chunkDataEnd(position: position + available)
            case .chunkDataEnd(let position):
                guard buffer.count - position >= 2 else { return nil }
                guard buffer[position] == 0x0D, buffer[position + 1] == 0x0A else { throw HTTPError(.invalidChunk) }
                state = .chunkSize(lineStart: position + 2)
                scanned = position + 2
            case .trailers(let lineStart, let sectionStart, let count):
                guard
                    let end = try parseTrailers(buffer, lineStart: lineStart, sectionStart: sectionStart, count: count)
                else { return nil }
                let decoded = body
                return complete(body: decoded, consumed: end)
            }
        }
    }

    // MARK: Request line (RFC 9112 §3)

    /// Returns `false` when more bytes are needed.
    private mutating func parseRequestLine(_ buffer: UnsafeRawBufferPointer) throws(HTTPError) -> Bool {
        // RFC 9112 §2.2: ignore empty lines before the request line.
        var start = partial.lineStart
        while buffer.count - start >= 1, buffer[start] == 0x0D || buffer[start] == 0x0A {
            guard buffer.count - start >= 2 else { return false }
            guard buffer[start] == 0x0D, buffer[start + 1] == 0x0A else { throw HTTPError(.bareLineFeed) }
            start += 2
            if start > limits.maxRequestLineBytes { throw HTTPError(.malformedRequestLine) }
        }
        partial.lineStart = start
        guard let lf = findLineFeed(buffer, from: max(scanned, start)) else {
            if buffer.count - start > limits.maxRequestLineBytes { throw HTTPError(.requestLineTooLong) }
            return false
        }
        guard lf > start, buffer[lf - 1] == 0x0D else { throw HTTPError(.bareLineFeed) }
        let end = lf - 1
        if end - start > limits.maxRequestLineBytes { throw HTTPError(.requestLineTooLong) }

        // method SP request-target SP HTTP-version
        var firstSpace = start
        while firstSpace < end, buffer[firstSpace] != 0x20 { firstSpace += 1 }
        var lastSpace = end - 1
        while lastSpace > firstSpace, buffer[lastSpace] != 0x20 { lastSpace -= 1 }
        guard firstSpace < end, lastSpace > firstSpace + 1 else { throw HTTPError(.malformedRequestLine) }
        guard firstSpace > start else { throw HTTPError(.invalidMethod) }
        for index in start..<firstSpace where !ASCII.isTokenCharacter(buffer[index]) {
            throw HTTPError(.invalidMethod)
        }
        let method = HTTPMethod.fromBytes(UnsafeRawBufferPointer(rebasing: buffer[start..<firstSpace]))
        partial.version = try parseVersion(buffer, from: lastSpace + 1, to: end, method: method)
        partial.method = method
        try parseTarget(buffer, from: firstSpace + 1, to: lastSpace, method: method)
        partial.lineStart = lf + 1
        scanned = lf + 1
        state = .headers
        return true
    }

    private func parseVersion(
        _ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, method: HTTPMethod
    ) throws(HTTPError) -> HTTPVersion {
        // "HTTP/" DIGIT "." DIGIT
        guard end - start == 8, buffer[start] == 0x48, buffer[start + 1] == 0x54, buffer[start + 2] == 0x54,
            buffer[start + 3] == 0x50, buffer[start + 4] == 0x2F, buffer[start + 6] == 0x2E
        else { throw HTTPError(.malformedRequestLine) }
        let major = buffer[start + 5]
        let minor = buffer[start + 7]
        guard (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else {
            throw HTTPError(.malformedRequestLine)
        }
        if major == 0x32 && method.rawValue == "PRI" { throw HTTPError(.http2Preface) }
        guard major == 0x31 else { throw HTTPError(.unsupportedVersion) }
        return minor == 0x30 ? .http1_0 : .http1_1
    }

    /// Accepts origin-form, absolute-form (`http`/`https`) and, for `OPTIONS`, asterisk-form
    /// (RFC 9112 §3.2); decodes the path.
    private mutating func parseTarget(
        _ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, method: HTTPMethod
    ) throws(HTTPError) {
        for index in start..<end where !Self.isTargetCharacter(buffer[index]) {
            throw HTTPError(.invalidTarget)
        }
        partial.targetRange = start..<end
        if end - start == 1 && buffer[start] == 0x2A {
            guard method == .options else { throw HTTPError(.invalidTarget) }
            partial.path = "*"
            return
        }
        var pathStart = start
        if buffer[start] != 0x2F {
            pathStart = try absoluteFormPathStart(buffer, from: start, to: end)
        }
        var queryStart = end
        for index in pathStart..<end where buffer[index] == 0x3F {
            queryStart = index
            break
        }
        if queryStart < end { partial.queryRange = (queryStart + 1)..<end }
        if pathStart == queryStart {
            partial.path = "/"
        } else {
            partial.path = try PercentDecoding.decode(
                UnsafeRawBufferPointer(rebasing: buffer[pathStart..<queryStart]), plusAsSpace: false)
        }
    }

    /// For `http://authority/path?query`, the offset of the path (or of the `?`, or `end`).
    private func absoluteFormPathStart(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(HTTPError)
        -> Int
    {
        let schemes: [[UInt8]] = [Array("http://".utf8), Array("https://".utf8)]
        for scheme in schemes where end - start > scheme.count {
            let prefix = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + scheme.count)])
            guard ASCII.equalsIgnoringCase(prefix, scheme) else { continue }
            var index = start + scheme.count
            while index < end, buffer[index] != 0x2F, buffer[index] != 0x3F { index += 1 }
            guard index > start + scheme.count else { throw HTTPError(.invalidTarget) }
            return index
        }
        throw HTTPError(.invalidTarget)
    }

    /// Characters of RFC 3986 URI references without fragments: unreserved, sub-delims,
    /// `:@/?%[]`. Controls, space, `#`, `"<>\^`{|}` and non-ASCII are refused.
    @inline(__always)
    private static func isTargetCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x2D, 0x2E, 0x5F, 0x7E: return true  // - . _ ~
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: return true  // sub-delims
        case 0x3A, 0x40, 0x2F, 0x3F, 0x25, 0x5B, 0x5D: return true  // : @ / ? % [ ]
        default: return false
        }
    }

    // MARK: Header fields (RFC 9112 §5, RFC 9110 §5.5)

    /// Returns the offset just past the empty line ending the head, or `nil` if more is needed.
    private mutating func parseHeaderLines(_ buffer: UnsafeRawBufferPointer) throws(HTTPError) -> Int? {
        while true {
            let lineStart = partial.lineStart
            guard let lf = findLineFeed(buffer, from: max(scanned, lineStart)) else {
                if buffer.count > limits.maxHeaderBytes { throw HTTPError(.headersTooLarge) }
                return nil
            }
            if lf + 1 > limits.maxHeaderBytes { throw HTTPError(.headersTooLarge) }
            guard lf > lineStart, buffer[lf - 1] == 0x0D else { throw HTTPError(.bareLineFeed) }
            partial.lineStart = lf + 1
            scanned = lf + 1
            if lf - 1 == lineStart { return lf + 1 }
            if partial.fields.count >= limits.maxHeaderCount { throw HTTPError(.tooManyHeaders) }
            let field = try Self.parseFieldLine(buffer, from: lineStart, to: lf - 1)
            if partial.fields.capacity == 0 { partial.fields.reserveCapacity(16) }
            partial.fields.append(field)
            try interpret(field, in: buffer)
        }
    }

    /// Validates one `field-name ":" OWS field-value OWS` line and returns its ranges.
    private static func parseFieldLine(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(HTTPError)
        -> FieldRange
    {
        let first = buffer[start]
        if first == 0x20 || first == 0x09 { throw HTTPError(.obsoleteLineFolding) }
        var colon = start
        while colon < end, buffer[colon] != 0x3A { colon += 1 }
        guard colon < end else { throw HTTPError(.malformedHeaderLine) }
        guard colon > start else { throw HTTPError(.invalidHeaderName) }
        let beforeColon = buffer[colon - 1]
        if beforeColon == 0x20 || beforeColon == 0x09 { throw HTTPError(.whitespaceBeforeColon) }
        for index in start..<colon where !ASCII.isTokenCharacter(buffer[index]) {
            throw HTTPError(.invalidHeaderName)
        }
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        for index in valueStart..<valueEnd where !ASCII.isFieldValueCharacter(buffer[index]) {
            throw HTTPError(.invalidHeaderValue)
        }
        return FieldRange(
            nameStart: Int32(truncatingIfNeeded: start), nameEnd: Int32(truncatingIfNeeded: colon),
            valueStart: Int32(truncatingIfNeeded: valueStart), valueEnd: Int32(truncatingIfNeeded: valueEnd))
    }

    /// Notes the fields that decide framing and connection handling.
    private mutating func interpret(_ field: FieldRange, in buffer: UnsafeRawBufferPointer) throws(HTTPError) {
        let name = UnsafeRawBufferPointer(rebasing: buffer[Int(field.nameStart)..<Int(field.nameEnd)])
        let valueStart = Int(field.valueStart)
        let valueEnd = Int(field.valueEnd)
        switch name.count {
        case 4 where ASCII.equalsIgnoringCase(name, "host".utf8):
            partial.hostCount += 1
            if partial.hostCount > 1 { throw HTTPError(.duplicateHost) }
        case 14 where ASCII.equalsIgnoringCase(name, "content-length".utf8):
            if partial.contentLength != nil { throw HTTPError(.multipleContentLength) }
            partial.contentLength = try Self.parseContentLength(buffer, from: valueStart, to: valueEnd)
        case 17 where ASCII.equalsIgnoringCase(name, "transfer-encoding".utf8):
            partial.hasTransferEncoding = true
            try forEachListElement(buffer, from: valueStart, to: valueEnd) { (element) throws(HTTPError) in
                if partial.lastCodingIsChunked { partial.chunkedNotFinal = true }
                partial.transferCodingCount += 1
                partial.lastCodingIsChunked = ASCII.equalsIgnoringCase(element, "chunked".utf8)
                if !partial.lastCodingIsChunked { partial.hasOtherCoding = true }
            }
        case 10 where ASCII.equalsIgnoringCase(name, "connection".utf8):
            try forEachListElement(buffer, from: valueStart, to: valueEnd) { (element) throws(HTTPError) in
                if ASCII.equalsIgnoringCase(element, "close".utf8) { partial.connectionClose = true }
                if ASCII.equalsIgnoringCase(element, "keep-alive".utf8) { partial.connectionKeepAlive = true }
            }
        case 6 where ASCII.equalsIgnoringCase(name, "expect".utf8):
            let value = UnsafeRawBufferPointer(rebasing: buffer[valueStart..<valueEnd])
            if ASCII.equalsIgnoringCase(value, "100-continue".utf8) { partial.expectsContinue = true }
        case 12 where ASCII.equalsIgnoringCase(name, "x-request-id".utf8):
            partial.requestIDRange = valueStart..<valueEnd
        default:
            break
        }
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6), with overflow-reporting arithmetic: a list
    /// such as `5, 5` is refused rather than reconciled.
    private static func parseContentLength(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int)
        throws(HTTPError) -> Int
    {
        guard end > start else { throw HTTPError(.invalidContentLength) }
        var value = 0
        for index in start..<end {
            let byte = buffer[index]
            guard byte >= 0x30, byte <= 0x39 else { throw HTTPError(.invalidContentLength) }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 { throw HTTPError(.invalidContentLength) }
            value = sum
        }
        return value
    }

    /// Calls `body` with each non-empty element of a comma-separated list, without OWS.
    private func forEachListElement(
        _ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int,
        _ body: (UnsafeRawBufferPointer) throws(HTTPError) -> Void
    ) throws(HTTPError) {
        var elementStart = start
        var index = start
        while index <= end {
            if index == end || buffer[index] == 0x2C {
                var a = elementStart
                var b = index
                while a < b, buffer[a] == 0x20 || buffer[a] == 0x09 { a += 1 }
                while b > a, buffer[b - 1] == 0x20 || buffer[b - 1] == 0x09 { b -= 1 }
                if b > a { try body(UnsafeRawBufferPointer(rebasing: buffer[a..<b])) }
                elementStart = index + 1
            }
            index += 1
        }
    }

    // MARK: Message framing (RFC 9112 §6.1-6.3)

    /// Decides how the body is framed; returns the request at once when it has none.
    private mutating func finishHead(_ buffer: UnsafeRawBufferPointer, headEnd: Int) throws(HTTPError) -> Parsed? {
        let version = partial.version
        if version == .http1_1 && partial.hostCount == 0 { throw HTTPError(.missingHost) }
        var isChunked = false
        if partial.hasTransferEncoding {
            if partial.contentLength != nil { throw HTTPError(.contentLengthWithTransferEncoding) }
            if version == .http1_0 { throw HTTPError(.transferEncodingInHTTP10) }
            if partial.transferCodingCount == 0 || partial.chunkedNotFinal { throw HTTPError(.invalidHeaderValue) }
            if !partial.lastCodingIsChunked || partial.hasOtherCoding { throw HTTPError(.unsupportedTransferCoding) }
            isChunked = true
        }
        let contentLength = partial.contentLength ?? 0
        if contentLength > limits.maxBodyBytes { throw HTTPError(.bodyTooLarge) }
        let keepAlive =
            version == .http1_1 ? !partial.connectionClose : (partial.connectionKeepAlive && !partial.connectionClose)
        let hasBody = isChunked || contentLength > 0
        head = Head(
            method: partial.method, version: version, path: partial.path, targetRange: partial.targetRange,
            queryRange: partial.queryRange, fields: partial.fields, contentLength: contentLength,
            isChunked: isChunked, keepAlive: keepAlive, expectsContinue: partial.expectsContinue && hasBody,
            requestIDRange: partial.requestIDRange)
        headBytes = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[0..<headEnd]))
        if isChunked {
            state = .chunkSize(lineStart: headEnd)
            scanned = headEnd
        } else if contentLength > 0 {
            state = .fixedBody(headEnd: headEnd, length: contentLength)
        } else {
            return complete(body: [], consumed: headEnd)
        }
        // 100-continue only makes sense while the body is still to come.
        let bodyComplete = !isChunked && buffer.count - headEnd >= contentLength
        continuePending = partial.expectsContinue && version == .http1_1 && !bodyComplete
        return nil
    }

    /// `chunk-size [ chunk-ext ] CRLF` (RFC 9112 §7.1); returns `false` when more is needed.
    private mutating func parseChunkSize(_ buffer: UnsafeRawBufferPointer, lineStart: Int) throws(HTTPError) -> Bool {
        guard let lf = findLineFeed(buffer, from: max(scanned, lineStart)) else {
            if buffer.count - lineStart > limits.maxChunkLineBytes { throw HTTPError(.invalidChunk) }
            return false
        }
        if lf - lineStart > limits.maxChunkLineBytes { throw HTTPError(.invalidChunk) }
        guard lf > lineStart, buffer[lf - 1] == 0x0D else { throw HTTPError(.invalidChunk) }
        let end = lf - 1
        var index = lineStart
        var size = 0
        while index < end, let digit = PercentDecoding.hexValue(buffer[index]) {
            let (times16, overflow1) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflow2) = times16.addingReportingOverflow(Int(digit))
            if overflow1 || overflow2 { throw HTTPError(.invalidChunk) }
            size = sum
            index += 1
        }
        guard index > lineStart else { throw HTTPError(.invalidChunk) }
        // Extensions are ignored but must be well-formed enough: BWS ";" …, no controls.
        var extensionIndex = index
        while extensionIndex < end, buffer[extensionIndex] == 0x20 || buffer[extensionIndex] == 0x09 {
            extensionIndex += 1
        }
        if extensionIndex < end {
            guard buffer[extensionIndex] == 0x3B else { throw HTTPError(.invalidChunk) }
            for position in extensionIndex..<end where !ASCII.isFieldValueCharacter(buffer[position]) {
                throw HTTPError(.invalidChunk)
            }
        }
        scanned = lf + 1
        if size == 0 {
            state = .trailers(lineStart: lf + 1, sectionStart: lf + 1, count: 0)
            return true
        }
        let (total, overflow) = body.count.addingReportingOverflow(size)
        if overflow || total > limits.maxBodyBytes { throw HTTPError(.bodyTooLarge) }
        body.reserveCapacity(total)
        state = .chunkData(position: lf + 1, remaining: size)
        return true
    }

    /// Validates and discards the trailer section; returns the offset past it, or `nil`.
    private mutating func parseTrailers(
        _ buffer: UnsafeRawBufferPointer, lineStart: Int, sectionStart: Int, count: Int
    ) throws(HTTPError) -> Int? {
        var lineStart = lineStart
        var count = count
        while true {
            guard let lf = findLineFeed(buffer, from: max(scanned, lineStart)) else {
                if buffer.count - sectionStart > limits.maxHeaderBytes { throw HTTPError(.headersTooLarge) }
                state = .trailers(lineStart: lineStart, sectionStart: sectionStart, count: count)
                return nil
            }
            if lf + 1 - sectionStart > limits.maxHeaderBytes { throw HTTPError(.headersTooLarge) }
            guard lf > lineStart, buffer[lf - 1] == 0x0D else { throw HTTPError(.bareLineFeed) }
            scanned = lf + 1
            if lf - 1 == lineStart { return lf + 1 }
            count += 1
            if count > limits.maxHeaderCount { throw HTTPError(.tooManyHeaders) }
            _ = try Self.parseFieldLine(buffer, from: lineStart, to: lf - 1)
            lineStart = lf + 1
        }
    }

    private mutating func complete(body: [UInt8], consumed: Int) -> Parsed? {
        guard let head else { return nil }
        let parsed = Parsed(head: head, headBytes: headBytes, body: body, consumed: consumed)
        reset()
        return parsed
    }

    /// The offset of the first LF at or after `start`, remembering how far it looked.
    @inline(__always)
    private mutating func findLineFeed(_ buffer: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        let count = buffer.count
        while index < count {
            if buffer[index] == 0x0A { return index }
            index += 1
        }
        scanned = count
        return nil
    }
}
