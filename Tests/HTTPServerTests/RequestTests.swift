import Testing

@testable import HTTPServer

@Suite struct RequestTests {
    @Test func queryParameters_areDecodedWithRepeatedNames() throws {
        let request = try Request(target: "/v1/articles?category=%E9%87%91%E8%9E%8D&tag=a+b&tag=c&flat&limit=20")
        #expect(request.path == "/v1/articles")
        #expect(request.rawQuery == "category=%E9%87%91%E8%9E%8D&tag=a+b&tag=c&flat&limit=20")
        #expect(try request.queryParameter("category") == "金融")
        #expect(try request.queryParameters(named: "tag") == ["a b", "c"])
        #expect(try request.queryParameter("flat") == "")
        #expect(try request.queryParameter("missing") == nil)
        #expect(try request.queryItems().map(\.name) == ["category", "tag", "tag", "flat", "limit"])
    }

    @Test func invalidPercentEncodingInQuery_namesTheParameter() throws {
        let request = try Request(target: "/a?ok=1&limit=%ZZ")
        #expect(try request.queryParameter("ok") == "1")
        #expect(throws: HTTPError(.invalidQueryParameter(name: "limit"))) { try request.queryParameter("limit") }
    }

    @Test func invalidUTF8InQuery_namesTheParameter() throws {
        let request = try Request(target: "/a?q=%FF%FE")
        #expect(throws: HTTPError(.invalidQueryParameter(name: "q"))) { try request.queryItems() }
    }

    @Test func noQuery_hasNoRawQuery() throws {
        let request = try Request(target: "/plain")
        #expect(request.rawQuery == nil)
        #expect(try request.queryItems().isEmpty)
    }

    @Test func headerLookup_isCaseInsensitiveAndKeepsRepeats() throws {
        let request = try Request(
            target: "/", headers: [HTTPHeader(name: "Accept", value: "a"), HTTPHeader(name: "ACCEPT", value: "b")])
        #expect(request.header("accept") == "a")
        #expect(request.headers(named: "Accept") == ["a", "b"])
        #expect(request.header("host") == "localhost")
    }
}

@Suite struct PercentDecodingTests {
    @Test func plusIsSpaceOnlyWhenAsked() throws {
        #expect(try PercentDecoding.decode(Array("a+b%20c".utf8), plusAsSpace: true) == "a b c")
        #expect(try PercentDecoding.decode(Array("a+b".utf8), plusAsSpace: false) == "a+b")
    }

    @Test(arguments: ["%", "%1", "%G1", "ab%"])
    func truncatedOrNonHexEscape_isRejected(_ text: String) {
        #expect(throws: HTTPError(.invalidPercentEncoding)) {
            try PercentDecoding.decode(Array(text.utf8), plusAsSpace: false)
        }
    }

    @Test(arguments: ["%C0%AF", "%ED%A0%80", "%F8%88%80%80%80", "%00"])
    func invalidUTF8OrNUL_isRejected(_ text: String) {
        #expect(throws: HTTPError(.invalidUTF8)) { try PercentDecoding.decode(Array(text.utf8), plusAsSpace: false) }
    }
}

@Suite struct ResponseEncoderTests {
    @Test(arguments: ["a\r\nb", "a\nb", "a\u{0}b", "a\rb"])
    func headerValueWithControlCharacter_isRefused(_ value: String) {
        #expect(throws: HTTPError.self) { try ResponseEncoder.validate([HTTPHeader(name: "X", value: value)]) }
    }

    @Test func headerNameThatIsNotAToken_isRefused() {
        #expect(throws: HTTPError.self) { try ResponseEncoder.validate([HTTPHeader(name: "X Y", value: "1")]) }
        #expect(throws: HTTPError.self) { try ResponseEncoder.validate([HTTPHeader(name: "", value: "1")]) }
    }

    @Test func head_hasStatusLineFramingAndServerHeaders() {
        var out: [UInt8] = []
        ResponseEncoder.appendHead(
            to: &out, status: .notFound, headers: [HTTPHeader(name: "Content-Type", value: "text/plain")],
            framing: .contentLength(12), keepAlive: false, date: Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8),
            requestID: "abc")
        #expect(
            String(decoding: out, as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n"
                + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\nX-Request-Id: abc\r\n"
                + "X-Content-Type-Options: nosniff\r\n\r\n")
    }

    @Test func problemResponse_isRFC9457JSON() {
        let response = Response.problem(status: .badRequest, detail: "bad \"limit\"\n")
        guard case .bytes(let body) = response.body else {
            Issue.record("expected bytes")
            return
        }
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"bad \"limit\"\n"}"#)
        #expect(response.headers.first?.value == "application/problem+json; charset=utf-8")
    }
}

@Suite struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(String(decoding: HTTPDate.format(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(String(decoding: HTTPDate.format(0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}

@Suite struct ServerConfigurationTests {
    @Test func defaults_areTheDocumentedOnes() {
        let configuration = ServerConfiguration()
        #expect(configuration.maxRequestLineBytes == 8192)
        #expect(configuration.maxHeaderBytes == 65536)
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.maxBodyBytes == 2 * 1024 * 1024)
        #expect(configuration.headerTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.writeTimeout == .seconds(30))
        #expect(configuration.maxRequestsPerConnection == 1000)
        #expect(configuration.maxConnections == 10_000)
        #expect(configuration.loopCount >= 1)
    }

    @Test func invalidConfiguration_isRefusedAtStart() {
        var configuration = ServerConfiguration(port: 0, loopCount: 0)
        configuration.accessLogLevel = nil
        let server = HTTPServer(configuration: configuration, logger: quietLogger) { _ in Response() }
        #expect(throws: HTTPError.self) { try server.start() }
    }

    @Test func startingTwice_isRefused() throws {
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), logger: quietLogger) { _ in
            Response()
        }
        _ = try server.start()
        #expect(throws: HTTPError(.alreadyStarted)) { try server.start() }
        server.shutdown(gracePeriod: .milliseconds(100))
        server.waitUntilStopped()
    }
}

@Suite struct ListenerSocketTests {
    @Test func ipv6Loopback_canBeBoundOnPortZero() throws {
        let (fd, port) = try Syscall.makeListeningSocket(host: "::1", port: 0, backlog: 8)
        defer { Syscall.close(fd) }
        #expect(port > 0)
    }

    @Test func ipv4Loopback_reportsTheBoundPort() throws {
        let (fd, port) = try Syscall.makeListeningSocket(host: "127.0.0.1", port: 0, backlog: 8)
        defer { Syscall.close(fd) }
        #expect(try Syscall.boundPort(fd) == port)
    }

    @Test func hostThatIsNotAnAddress_isRefused() {
        #expect(throws: HTTPError.self) {
            try Syscall.makeListeningSocket(host: "example.invalid", port: 0, backlog: 8)
        }
    }
}
