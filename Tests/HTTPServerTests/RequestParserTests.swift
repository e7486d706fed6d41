import Testing

@testable import HTTPServer

/// Feeds raw bytes to the parser, as FlyingFox's decoder tests do.
private let defaultLimits = RequestParser.Limits(
    maxRequestLineBytes: 8 * 1024, maxHeaderBytes: 64 * 1024, maxHeaderCount: 100, maxBodyBytes: 2 * 1024 * 1024)

/// Parses `bytes` handed over in one piece.
private func parse(_ text: String, limits: RequestParser.Limits = defaultLimits) throws(HTTPError) -> RequestParser
    .Parsed?
{
    var parser = RequestParser(limits: limits)
    return try feed(&parser, Array(text.utf8))
}

private func feed(_ parser: inout RequestParser, _ bytes: [UInt8]) throws(HTTPError) -> RequestParser.Parsed? {
    try bytes.withUnsafeBytes { raw in Result { () throws(HTTPError) in try parser.parse(raw) } }.get()
}

/// The error code thrown for `text`, or `nil` when it parsed.
private func errorCode(_ text: String, limits: RequestParser.Limits = defaultLimits) -> HTTPError.Code? {
    do {
        _ = try parse(text, limits: limits)
        return nil
    } catch {
        return error.code
    }
}

/// The outcome of giving the parser the bytes growing one at a time, or split in two at every
/// boundary: it must be the same as for the whole.
private enum Outcome: Equatable {
    case request(method: String, path: String, body: [UInt8], consumed: Int)
    case incomplete
    case failure(HTTPError.Code)
}

private func outcome(_ parsed: RequestParser.Parsed?) -> Outcome {
    guard let parsed else { return .incomplete }
    return .request(
        method: parsed.head.method.rawValue, path: parsed.head.path, body: parsed.body, consumed: parsed.consumed)
}

private func outcomeSplit(_ bytes: [UInt8], at split: Int) -> Outcome {
    var parser = RequestParser(limits: defaultLimits)
    do {
        if let early = try feed(&parser, Array(bytes[0..<split])) { return outcome(early) }
        return outcome(try feed(&parser, bytes))
    } catch {
        return .failure(error.code)
    }
}

private func outcomeByteByByte(_ bytes: [UInt8]) -> Outcome {
    var parser = RequestParser(limits: defaultLimits)
    do {
        for length in 1...bytes.count {
            if let parsed = try feed(&parser, Array(bytes[0..<length])) { return outcome(parsed) }
        }
        return .incomplete
    } catch {
        return .failure(error.code)
    }
}

private func outcomeWhole(_ bytes: [UInt8]) -> Outcome {
    var parser = RequestParser(limits: defaultLimits)
    do { return outcome(try feed(&parser, bytes)) } catch { return .failure(error.code) }
}

@Suite struct RequestParserTests {
    // MARK: Request line

    @Test func simpleGet_isParsed() throws {
        let parsed = try #require(try parse("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(parsed.head.method == .get)
        #expect(parsed.head.path == "/healthz")
        #expect(parsed.head.version == .http1_1)
        #expect(parsed.head.keepAlive)
        #expect(parsed.body.isEmpty)
        #expect(parsed.consumed == 34)
    }

    @Test func incompleteHead_needsMoreBytes() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\n") == nil)
    }

    @Test func leadingEmptyLines_areIgnored() throws {
        let parsed = try #require(try parse("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(parsed.head.path == "/")
    }

    @Test(arguments: [
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "GET /\r\nHost: a\r\n\r\n", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
        "GET / http/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", "GET / HTTP/x.1\r\nHost: a\r\n\r\n",
    ])
    func malformedRequestLine_isRejected(_ text: String) {
        #expect(errorCode(text).map { HTTPError($0).status } == .badRequest)
    }

    @Test(arguments: ["G(T / HTTP/1.1\r\n\r\n", "GE\u{1}T / HTTP/1.1\r\n\r\n", " / HTTP/1.1\r\n\r\n"])
    func invalidMethodToken_isRejected(_ text: String) {
        let code = errorCode(text)
        #expect(code == .invalidMethod || code == .malformedRequestLine)
    }

    @Test(arguments: [
        "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", "GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /#frag HTTP/1.1\r\nHost: a\r\n\r\n", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: a\r\n\r\n", "GET /\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a\"b HTTP/1.1\r\nHost: a\r\n\r\n", "GET http:// HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func invalidTarget_isRejected(_ text: String) {
        #expect(errorCode(text) == .invalidTarget)
    }

    @Test func absoluteFormTarget_usesItsPath() throws {
        let parsed = try #require(try parse("GET http://example.com/a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        #expect(parsed.head.path == "/a/b")
    }

    @Test func asteriskForm_isAcceptedForOptions() throws {
        let parsed = try #require(try parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(parsed.head.path == "*")
    }

    @Test func http2Preface_isRejectedWith505() {
        #expect(errorCode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == .http2Preface)
        #expect(HTTPError(.http2Preface).status.code == 505)
    }

    @Test(arguments: [
        "GET / HTTP/2.0\r\nHost: a\r\n\r\n", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", "GET / HTTP/0.9\r\n\r\n",
    ])
    func unknownMajorVersion_isRejectedWith505(_ text: String) {
        #expect(errorCode(text) == .unsupportedVersion)
    }

    @Test func laterMinorVersion_isAnsweredAsHTTP11() throws {
        let parsed = try #require(try parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n"))
        #expect(parsed.head.version == .http1_1)
    }

    @Test func requestLineOverLimit_is414() {
        let limits = RequestParser.Limits(
            maxRequestLineBytes: 32, maxHeaderBytes: 1024, maxHeaderCount: 10, maxBodyBytes: 10)
        let long = "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(errorCode(long, limits: limits) == .requestLineTooLong)
        #expect(HTTPError(.requestLineTooLong).status.code == 414)
        // Without the line end yet: refused as soon as the limit is passed.
        #expect(errorCode("GET /" + String(repeating: "a", count: 40), limits: limits) == .requestLineTooLong)
        #expect(
            errorCode("GET /" + String(repeating: "a", count: 10) + " HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits)
                == nil)
    }

    // MARK: Percent-decoding of the path

    @Test func percentEncodedPath_isDecoded() throws {
        let parsed = try #require(try parse("GET /v1/%E9%87%91%E8%9E%8D/a%20b HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(parsed.head.path == "/v1/金融/a b")
    }

    @Test(arguments: ["/%", "/%4", "/%zz", "/a%G0"])
    func invalidPercentEncodingInPath_isRejected(_ path: String) {
        #expect(errorCode("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidPercentEncoding)
    }

    @Test(arguments: ["/%FF", "/%C3%28", "/%E9%87", "/%00"])
    func invalidUTF8InPath_isRejected(_ path: String) {
        #expect(errorCode("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidUTF8)
    }

    // MARK: Header fields

    @Test func headers_areKeptInOrderWithValuesTrimmed() throws {
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-One:  1 \r\nx-two:\t2\r\nEmpty:\r\n\r\n"
        let parsed = try #require(try parse(text))
        let request = Request(parsed: parsed, requestID: "r", loopIndex: 0)
        #expect(request.header("x-one") == "1")
        #expect(request.header("X-TWO") == "2")
        #expect(request.header("empty") == "")
        #expect(request.header("missing") == nil)
        #expect(request.headerFields.map(\.name) == ["Host", "X-One", "x-two", "Empty"])
    }

    @Test func obsoleteLineFolding_isRejected() {
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  continued\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test(arguments: ["X-A : 1", "X-A\t: 1"])
    func whitespaceBeforeColon_isRejected(_ line: String) {
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\r\n\(line)\r\n\r\n") == .whitespaceBeforeColon)
    }

    @Test(arguments: ["X-A: a\rb", "X-A: a\u{0}b", "X-A: a\u{1}b", "X-A: a\u{7F}b"])
    func controlCharacterInFieldValue_isRejected(_ line: String) {
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\r\n\(line)\r\n\r\n") == .invalidHeaderValue)
    }

    @Test func lineFeedWithoutCarriageReturn_isRejected() {
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\nX-A: 1\r\n\r\n") == .bareLineFeed)
        #expect(errorCode("GET / HTTP/1.1\nHost: a\r\n\r\n") == .bareLineFeed)
    }

    @Test(arguments: ["X(A): 1", ": 1", "X A: 1", "NoColon"])
    func invalidFieldName_isRejected(_ line: String) {
        let code = errorCode("GET / HTTP/1.1\r\nHost: a\r\n\(line)\r\n\r\n")
        #expect(code == .invalidHeaderName || code == .malformedHeaderLine)
    }

    @Test func missingHostInHTTP11_isRejected() {
        #expect(errorCode("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n") == .missingHost)
    }

    @Test func doubledHost_isRejected() {
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") == .duplicateHost)
        #expect(errorCode("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n") == .duplicateHost)
    }

    @Test func http10WithoutHost_isAccepted() throws {
        let parsed = try #require(try parse("GET / HTTP/1.0\r\n\r\n"))
        #expect(parsed.head.version == .http1_0)
        #expect(!parsed.head.keepAlive)
    }

    @Test func headerSectionOverLimit_is431() {
        let limits = RequestParser.Limits(
            maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 100, maxBodyBytes: 10)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 200) + "\r\n\r\n"
        #expect(errorCode(text, limits: limits) == .headersTooLarge)
        // Incomplete but already over the limit.
        #expect(errorCode(String(text.prefix(150)), limits: limits) == .headersTooLarge)
        #expect(HTTPError(.headersTooLarge).status.code == 431)
    }

    @Test func tooManyHeaderFields_is431() {
        let limits = RequestParser.Limits(
            maxRequestLineBytes: 64, maxHeaderBytes: 4096, maxHeaderCount: 5, maxBodyBytes: 10)
        let fields = (0..<6).map { "X-\($0): v\r\n" }.joined()
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n", limits: limits) == .tooManyHeaders)
        #expect(HTTPError(.tooManyHeaders).status.code == 431)
        let fewer = (0..<4).map { "X-\($0): v\r\n" }.joined()
        #expect(errorCode("GET / HTTP/1.1\r\nHost: a\r\n" + fewer + "\r\n", limits: limits) == nil)
    }

    // MARK: Connection handling

    @Test func connectionClose_endsKeepAlive() throws {
        #expect(
            try #require(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).head.keepAlive == false)
        #expect(
            try #require(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n")).head.keepAlive
                == false)
    }

    @Test func http10KeepAlive_isHonoured() throws {
        #expect(try #require(try parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).head.keepAlive)
    }

    @Test func expect100Continue_isReportedOnceWhileBodyIsPending() throws {
        var parser = RequestParser(limits: defaultLimits)
        let head = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n".utf8)
        #expect(try feed(&parser, head) == nil)
        let first = parser.takeContinueRequest()
        let second = parser.takeContinueRequest()
        #expect(first)
        #expect(!second)
        let parsed = try #require(try feed(&parser, head + Array("abc".utf8)))
        #expect(parsed.body == Array("abc".utf8))
    }

    @Test func expect100Continue_withBodyAlreadyThere_needsNoInterimResponse() throws {
        var parser = RequestParser(limits: defaultLimits)
        let bytes = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\nx".utf8)
        #expect(try feed(&parser, bytes) != nil)
        let wanted = parser.takeContinueRequest()
        #expect(!wanted)
    }

    // MARK: Content-Length (RFC 9112 §6.3)

    @Test func contentLengthBody_isRead() throws {
        let parsed = try #require(try parse("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET"))
        #expect(parsed.body == Array("hello".utf8))
        #expect(parsed.consumed == "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello".utf8.count)
    }

    @Test func contentLengthWithTransferEncoding_isRejected() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(errorCode(text) == .contentLengthWithTransferEncoding)
        let reversed = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
        #expect(errorCode(reversed) == .contentLengthWithTransferEncoding)
    }

    @Test(arguments: ["5\r\nContent-Length: 5", "5\r\nContent-Length: 6"])
    func severalContentLengths_areRejected(_ value: String) {
        #expect(errorCode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\n") == .multipleContentLength)
    }

    @Test(arguments: ["5, 5", "-1", "+5", "0x10", "1 0", "", "99999999999999999999999", "5a"])
    func invalidContentLength_isRejected(_ value: String) {
        #expect(errorCode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\n") == .invalidContentLength)
    }

    @Test func bodyOverLimit_is413() {
        let limits = RequestParser.Limits(
            maxRequestLineBytes: 64, maxHeaderBytes: 1024, maxHeaderCount: 10, maxBodyBytes: 4)
        #expect(errorCode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", limits: limits) == .bodyTooLarge)
        let chunked =
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"
        #expect(errorCode(chunked, limits: limits) == .bodyTooLarge)
        #expect(HTTPError(.bodyTooLarge).status.code == 413)
    }

    // MARK: Transfer-Encoding and chunked bodies (RFC 9112 §6.1, §7.1)

    @Test func chunkedBody_isDecoded() throws {
        let text =
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n"
        let parsed = try #require(try parse(text))
        #expect(String(decoding: parsed.body, as: UTF8.self) == "hello0123456789")
        #expect(parsed.consumed == text.utf8.count)
    }

    @Test(arguments: ["gzip", "chunked, gzip", "identity", "gzip, chunked"])
    func finalCodingOtherThanChunked_is501(_ value: String) {
        #expect(
            errorCode("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \(value)\r\n\r\n") == .unsupportedTransferCoding
                || errorCode("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \(value)\r\n\r\n") == .invalidHeaderValue
        )
        #expect(HTTPError(.unsupportedTransferCoding).status.code == 501)
    }

    @Test func finalGzip_is501() {
        #expect(
            errorCode("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") == .unsupportedTransferCoding)
    }

    @Test func chunkedTwice_isRejected() {
        #expect(
            errorCode("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")
                == .invalidHeaderValue)
    }

    @Test func transferEncodingInHTTP10_isRejected() {
        #expect(errorCode("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == .transferEncodingInHTTP10)
    }

    @Test(arguments: [
        "g\r\nabc\r\n0\r\n\r\n", "\r\nabc\r\n0\r\n\r\n", "3\r\nabcd\r\n0\r\n\r\n", "3 x\r\nabc\r\n0\r\n\r\n",
        "FFFFFFFFFFFFFFFFFFFF\r\n", "3\nabc\r\n0\r\n\r\n", "-3\r\nabc\r\n0\r\n\r\n",
    ])
    func invalidChunkSize_isRejected(_ body: String) {
        let code = errorCode("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        #expect(code == .invalidChunk)
    }

    @Test func invalidTrailer_isRejected() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Name: x\r\n\r\n"
        #expect(errorCode(text) == .invalidHeaderName || errorCode(text) == .whitespaceBeforeColon)
    }

    // MARK: Pipelining

    @Test func pipelinedRequests_areParsedOneAfterAnother() throws {
        let one = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        let two = "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
        let three = "HEAD /3 HTTP/1.1\r\nHost: a\r\n\r\n"
        var bytes = Array((one + two + three).utf8)
        var parser = RequestParser(limits: defaultLimits)
        var paths: [String] = []
        while let parsed = try feed(&parser, bytes) {
            paths.append(parsed.head.path)
            bytes.removeFirst(parsed.consumed)
        }
        #expect(paths == ["/1", "/2", "/3"])
        #expect(bytes.isEmpty)
    }

    // MARK: Split at every byte boundary

    static let splitSamples: [String] = [
        "GET /healthz?x=1 HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc\r\n\r\n",
        "\r\nPOST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n!\r\n0\r\nT: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nZ\r\n",
        "GET /%E9%87%91 HTTP/1.1\r\nHost: a\r\n\r\n",
    ]

    @Test(arguments: splitSamples)
    func requestSplitAtEveryByteBoundary_parsesTheSame(_ text: String) {
        let bytes = Array(text.utf8)
        let whole = outcomeWhole(bytes)
        #expect(whole != .incomplete)
        for split in 0...bytes.count {
            #expect(outcomeSplit(bytes, at: split) == whole, "split at \(split)")
        }
        #expect(outcomeByteByByte(bytes) == whole)
    }
}
