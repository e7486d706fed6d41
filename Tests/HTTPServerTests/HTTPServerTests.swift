import Foundation
import Glibc
import Synchronization
import Testing

@testable import HTTPServer

/// End-to-end behaviour over 127.0.0.1 (port 0).
@Suite struct HTTPServerTests {
    // MARK: Keep-alive, pipelining, HEAD, 100-continue

    @Test func keepAlive_servesSeveralRequestsOnOneConnection() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            for index in 0..<3 {
                try client.send("GET /r\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                let reply = try client.readResponse()
                #expect(reply.status == 200)
                #expect(reply.text == "GET /r\(index) ")
                #expect(reply.header("Connection") == "keep-alive")
                #expect(reply.header("Content-Length") == "\(reply.body.count)")
                #expect(reply.header("X-Content-Type-Options") == "nosniff")
                #expect(reply.header("Date")?.hasSuffix(" GMT") == true)
                #expect(reply.header("X-Request-Id")?.isEmpty == false)
            }
        }
    }

    @Test func threePipelinedRequestsInOneWrite_areAnsweredInOrder() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send(
                "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /three HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().text == "GET /one ")
            #expect(try client.readResponse().text == "POST /two abc")
            #expect(try client.readResponse().text == "GET /three ")
        }
    }

    @Test func head_sendsGetsContentLengthWithoutBody() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
            let get = try client.readResponse()
            try client.send("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            // The echo differs only in the method name: HEAD is one byte longer than GET.
            #expect(head.header("Content-Length") == "\(get.body.count + 1)")
            // No body bytes were sent: the next response parses cleanly.
            #expect(try client.readResponse().text == "GET /after ")
        }
    }

    @Test func expect100Continue_getsInterimResponseBeforeBody() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse(stopAfterInterim: true)
            #expect(interim.status == 100)
            try client.send("hello")
            let reply = try client.readResponse()
            #expect(reply.status == 200)
            #expect(reply.text == "POST /up hello")
        }
    }

    @Test func chunkedRequestBody_isDecoded() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
            try client.send("2\r\nde\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "POST /c abcde")
        }
    }

    @Test func http10_isAnsweredAndClosedUnlessKeepAlive() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /old HTTP/1.0\r\n\r\n")
            let reply = try client.readResponse()
            #expect(reply.status == 200)
            #expect(reply.header("Connection") == "close")
            #expect(client.isClosedByServer())

            let keeper = try TestClient(port: port)
            try keeper.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keeper.readResponse().header("Connection") == "keep-alive")
            try keeper.send("GET /b HTTP/1.0\r\n\r\n")
            #expect(try keeper.readResponse().text == "GET /b ")
        }
    }

    @Test func connectionClose_isHonoured() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    // MARK: Request ids and headers

    @Test func saneClientRequestID_isEchoed_otherwiseReplaced() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc-123_x.y\r\n\r\n")
            #expect(try client.readResponse().header("X-Request-Id") == "abc-123_x.y")
            try client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: no spaces/allowed\r\n\r\n")
            let replaced = try #require(try client.readResponse().header("X-Request-Id"))
            #expect(replaced != "no spaces/allowed")
            #expect(!replaced.isEmpty && replaced.count <= 64)
        }
    }

    @Test func responseHeaderWithLineBreak_isRefusedWith500() throws {
        let splitter: @Sendable (Request) -> Response = { _ in
            Response(headers: [HTTPHeader(name: "X-Evil", value: "a\r\nSet-Cookie: pwned=1")], body: Array("x".utf8))
        }
        try withServer(handler: splitter) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let reply = try client.readResponse()
            #expect(reply.status == 500)
            #expect(reply.header("Set-Cookie") == nil)
            #expect(reply.header("X-Evil") == nil)
        }
    }

    @Test func serverOwnedHeadersFromHandler_areReplaced() throws {
        let handler: @Sendable (Request) -> Response = { _ in
            Response(
                headers: [HTTPHeader(name: "Content-Length", value: "999"), HTTPHeader(name: "X-A", value: "1")],
                body: Array("abc".utf8))
        }
        try withServer(handler: handler) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let reply = try client.readResponse()
            #expect(reply.header("Content-Length") == "3")
            #expect(reply.header("X-A") == "1")
            #expect(reply.headers.filter { $0.0.lowercased() == "content-length" }.count == 1)
        }
    }

    // MARK: Framing errors and limits

    static let framingCases: [(String, Int)] = [
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
        ("GET /%ZZ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ]

    @Test(arguments: framingCases)
    func framingError_isAnsweredWithProblemJSONThenClosed(_ request: String, _ status: Int) throws {
        try withServer(configure: { configuration in
            configuration.errorHeaders = { _ in [HTTPHeader(name: "Access-Control-Allow-Origin", value: "*")] }
        }) { _, port in
            let client = try TestClient(port: port)
            try client.send(request)
            let reply = try client.readResponse()
            #expect(reply.status == status)
            #expect(reply.header("Content-Type") == "application/problem+json; charset=utf-8")
            #expect(reply.header("Connection") == "close")
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.header("X-Request-Id") != nil)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
            #expect(json["type"] as? String == "about:blank")
            #expect(json["status"] as? Int == status)
            #expect(json["title"] is String && json["detail"] is String)
            #expect(client.isClosedByServer())
        }
    }

    @Test func eachLimit_isAnsweredWithItsStatus() throws {
        try withServer(configure: { configuration in
            configuration.maxRequestLineBytes = 64
            configuration.maxHeaderBytes = 256
            configuration.maxHeaderCount = 4
            configuration.maxBodyBytes = 8
        }) { _, port in
            let cases: [(String, Int)] = [
                ("GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
                ("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 300) + "\r\n\r\n", 431),
                ("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431),
                ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n123456789", 413),
                ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n123456789\r\n0\r\n\r\n", 413),
            ]
            for (request, status) in cases {
                let client = try TestClient(port: port)
                try client.send(request)
                let reply = try client.readResponse()
                #expect(reply.status == status, "\(request.prefix(40))")
                #expect(client.isClosedByServer())
            }
        }
    }

    @Test func requestsPerConnectionLimit_closesAfterTheLast() throws {
        try withServer(configure: { $0.maxRequestsPerConnection = 2 }) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "keep-alive")
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func idleKeepAliveConnection_isClosedAfterIdleTimeout() throws {
        try withServer(configure: { $0.idleTimeout = .milliseconds(300) }) { _, port in
            // The client's read timeout (10 s, over 30 times the idle timeout) bounds the wait.
            let client = try TestClient(port: port, timeout: 10)
            let start = now()
            try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try client.readResponse()
            #expect(client.isClosedByServer())
            // Not before the timeout: the server's clock starts after `start`, at its last read.
            let elapsed = now() - start
            #expect(elapsed >= 0.3, "closed after \(elapsed) s")
        }
    }

    @Test func clientThatHalfClosesAfterItsRequests_isAnsweredThenClosed() throws {
        try withServer(configure: { $0.loopCount = 1 }) { server, port in
            let client = try TestClient(port: port)
            try client.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n")
            client.finishSending()
            #expect(try client.readResponse().text == "GET /one ")
            #expect(try client.readResponse().text == "GET /two ")
            #expect(client.isClosedByServer())
            #expect(waitUntil(seconds: 20) { server.openConnectionCount == 0 })
        }
    }

    @Test func clientThatDisconnectsWhileIdle_isForgottenAtOnce() throws {
        // The idle timeout is far away: only noticing the end of stream can close it this soon.
        try withServer(configure: {
            $0.loopCount = 1; $0.idleTimeout = .seconds(60)
        }) { server, port in
            var clients = try (0..<20).map { _ in try TestClient(port: port) }
            for client in clients {
                try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                _ = try client.readResponse()
            }
            #expect(server.openConnectionCount == 20)
            clients.removeAll()
            #expect(waitUntil(seconds: 20) { server.openConnectionCount == 0 })
            // The loop still serves new connections afterwards.
            let next = try TestClient(port: port)
            try next.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try next.readResponse().text == "GET /after ")
        }
    }

    @Test func clientWithAnUnfinishedHead_doesNotHoldUpOthersOnItsLoop() throws {
        // The header timeout is far away: the others must be served while the slow head waits.
        try withServer(configure: {
            $0.headerTimeout = .seconds(60)
            $0.loopCount = 1
        }) { _, port in
            let slow = try TestClient(port: port)
            try slow.send("GET /slow HTTP/1.1\r\nHo")
            for index in 0..<5 {
                let other = try TestClient(port: port)
                try other.send("GET /fast\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try other.readResponse().text == "GET /fast\(index) ")
            }
            #expect(!slow.hasData(withinMilliseconds: 0), "the slow client was answered before its head was complete")
            try slow.send("st: a\r\n\r\n")
            #expect(try slow.readResponse().text == "GET /slow ")
        }
    }

    @Test func slowClient_getsHeaderTimeoutThenClose() throws {
        try withServer(configure: { $0.headerTimeout = .milliseconds(500) }) { _, port in
            // The client's read timeout (10 s, 20 times the header timeout) bounds the wait.
            let slow = try TestClient(port: port, timeout: 10)
            let start = now()
            try slow.send("GET /slow HTTP/1.1\r\nHo")
            let reply = try slow.readResponse()
            #expect(reply.status == 408)
            #expect(reply.header("Connection") == "close")
            // Not before the timeout: the server's clock starts after `start`, at its first read.
            let elapsed = now() - start
            #expect(elapsed >= 0.5, "cut off after \(elapsed) s")
            #expect(slow.isClosedByServer())
        }
    }

    @Test func maxConnections_pausesAcceptingUntilOneCloses() throws {
        try withServer(configure: { $0.maxConnections = 2 }) { server, port in
            var first: TestClient? = try TestClient(port: port)
            let second = try TestClient(port: port)
            for client in [first, second].compactMap({ $0 }) {
                try client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            #expect(server.openConnectionCount == 2)
            // The third waits in the kernel backlog: no answer while two are open.
            let third = try TestClient(port: port)
            try third.send("GET /third HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(!third.hasData(withinMilliseconds: 400))
            first = nil  // closes the first connection
            _ = first  // read, so the compiler sees the release as intended
            let reply = try third.readResponse()
            #expect(reply.text == "GET /third ")
        }
    }

    // MARK: Load

    @Test func connectionsOpenedAndClosedFromEightThreads_areAllAnsweredCorrectly() throws {
        // Descriptor numbers are reused as fast as connections close: every answer must still
        // come from the request on its own connection, and none may be lost.
        try withServer { server, port in
            let failures = Atomic<Int>(0)
            let answered = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for round in 0..<150 {
                    do {
                        let client = try TestClient(port: port)
                        let path = "/t\(thread)/r\(round)"
                        if round % 3 == 0 {
                            // Close without reading: the server must cope with the reset.
                            try client.send("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n")
                            continue
                        }
                        try client.send(
                            "GET \(path) HTTP/1.1\r\nHost: a\r\n\r\nGET \(path)/2 HTTP/1.1\r\nHost: a\r\n\r\n")
                        let first = try client.readResponse()
                        let second = try client.readResponse()
                        if first.text == "GET \(path) " && second.text == "GET \(path)/2 " {
                            answered.add(1, ordering: .relaxed)
                        } else {
                            failures.add(1, ordering: .relaxed)
                        }
                    } catch {
                        failures.add(1, ordering: .relaxed)
                    }
                }
            }
            #expect(failures.load(ordering: .relaxed) == 0)
            #expect(answered.load(ordering: .relaxed) == 8 * 100)
            #expect(waitUntil(seconds: 20) { server.openConnectionCount == 0 })
        }
    }

    @Test func fiveHundredConcurrentKeepAliveConnections_haveNoErrors() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 4096 {
            limit.rlim_cur = min(4096, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try withServer { server, port in
            let clients = try (0..<500).map { _ in try TestClient(port: port, timeout: 10) }
            var errors = 0
            for round in 0..<2 {
                for (index, client) in clients.enumerated() {
                    try client.send("GET /c\(index)/r\(round) HTTP/1.1\r\nHost: a\r\n\r\n")
                }
                for (index, client) in clients.enumerated() {
                    let reply = try client.readResponse()
                    if reply.status != 200 || reply.text != "GET /c\(index)/r\(round) " { errors += 1 }
                }
            }
            #expect(errors == 0)
            #expect(server.openConnectionCount == 500)
        }
    }

    // MARK: Streaming with backpressure

    @Test func streamedBody_isChunkedAndPulledOnlyAsFastAsTheClientReads() throws {
        let chunk = [UInt8](repeating: 0x61, count: 64 * 1024)
        let pulled = Atomic<Int>(0)
        let pulls = DispatchSemaphore(value: 0)
        let closed = Atomic<Bool>(false)
        let total = 512  // 32 MiB, far more than the socket buffers between server and client hold
        let handler: @Sendable (Request) -> Response = { _ in
            var sent = 0
            return Response(
                stream: BodyStream(
                    next: {
                        guard sent < total else { return nil }
                        sent += 1
                        pulled.add(1, ordering: .relaxed)
                        pulls.signal()
                        return chunk
                    }, onClose: { closed.store(true, ordering: .relaxed) }))
        }
        try withServer(handler: handler) { _, port in
            let client = try TestClient(port: port, timeout: 20, receiveBufferBytes: 64 * 1024)
            try client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
            // While the client reads nothing, the server pulls until the socket buffers are full,
            // then stops: wait for the pulls to stop (half a second without one) or to pass half
            // the body, whichever comes first. A busy machine only makes the pulls fewer.
            #expect(pulls.wait(timeout: .now() + 20) == .success, "the body was never pulled")
            while pulled.load(ordering: .relaxed) < total / 2, pulls.wait(timeout: .now() + 0.5) == .success {}
            let pulledWhileNotReading = pulled.load(ordering: .relaxed)
            #expect(
                pulledWhileNotReading < total / 2,
                "pulled \(pulledWhileNotReading) chunks while the client read nothing")
            let reply = try client.readResponse()
            #expect(reply.header("Transfer-Encoding") == "chunked")
            #expect(reply.body.count == total * chunk.count)
            let wasClosed = closed.load(ordering: .relaxed)
            #expect(wasClosed)
            // The connection stays usable after a streamed response.
            try client.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func clientThatStopsReading_isClosedAfterWriteTimeout() throws {
        let closed = DispatchSemaphore(value: 0)
        let chunk = [UInt8](repeating: 0x62, count: 64 * 1024)
        let handler: @Sendable (Request) -> Response = { _ in
            Response(stream: BodyStream(next: { chunk }, onClose: { closed.signal() }))
        }
        try withServer(configure: { $0.writeTimeout = .milliseconds(400) }, handler: handler) { _, port in
            let client = try TestClient(port: port, receiveBufferBytes: 16 * 1024)
            let start = now()
            try client.send("GET /forever HTTP/1.1\r\nHost: a\r\n\r\n")
            // Generous: 50 times the write timeout.
            #expect(closed.wait(timeout: .now() + 20) == .success, "the stream was never closed")
            // Not before the timeout: the server's clock starts when a write blocks, after `start`.
            let elapsed = now() - start
            #expect(elapsed >= 0.4, "closed after \(elapsed) s")
            #expect(client.isClosedByServer())
        }
    }

    // MARK: Observer

    @Test func responseObserver_seesEachResponse() throws {
        let records = Mutex<[AccessRecord]>([])
        try withServer(configure: { configuration in
            configuration.responseObserver = { record in records.withLock { $0.append(record) } }
        }) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /seen HTTP/1.1\r\nHost: a\r\nX-Request-Id: rid-1\r\n\r\n")
            _ = try client.readResponse()
        }
        let seen = records.withLock { $0 }
        #expect(seen.count == 1)
        #expect(seen.first?.path == "/seen")
        #expect(seen.first?.method == "GET")
        #expect(seen.first?.status == 200)
        #expect(seen.first?.requestID == "rid-1")
        #expect(seen.first?.bodyBytes == "GET /seen ".utf8.count)
    }

    // MARK: Graceful shutdown

    @Test func gracefulShutdown_completesInFlightRequest() throws {
        let gate = HandlerGate()
        let serverID = UUID().uuidString
        let handler: @Sendable (Request) -> Response = { request in
            if request.path == "/slow" { gate.enterAndWait() }
            var response = echoHandler(request)
            response.headers.append(HTTPHeader(name: "X-Server", value: serverID))
            return response
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 2)
        configuration.accessLogLevel = nil
        let server = HTTPServer(configuration: configuration, logger: quietLogger, handler: handler)
        let port = try server.start()
        let busy = try TestClient(port: port)
        let idle = try TestClient(port: port)
        try idle.send("GET /warm HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = try idle.readResponse()
        try busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        try #require(gate.waitUntilEntered(), "the handler never started")
        // The request is in the handler now: shutdown must wait for it, however long it takes.
        let start = now()
        server.shutdown(gracePeriod: .seconds(60))
        gate.release()
        let reply = try busy.readResponse()
        #expect(reply.status == 200)
        #expect(reply.text == "GET /slow ")
        #expect(reply.header("Connection") == "close")
        #expect(idle.isClosedByServer())
        server.waitUntilStopped()
        // Stopped once the last response was out, not at the end of the grace period.
        #expect(now() - start < 30)
        #expect(server.openConnectionCount == 0)
        #expect(server.boundPort == nil)
        // The port is free: tests run in parallel, so another test's server may have been given
        // it already. Whatever answers there now (if anything) must not be this server.
        if let other = try? TestClient(port: port, timeout: 10) {
            try? other.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            let reply = try? other.readResponse()
            #expect(reply?.header("X-Server") != serverID, "the stopped server still answers")
        }
    }

    @Test func requestArrivingDuringGracePeriod_gets503AndClose() throws {
        let gate = HandlerGate()
        let handler: @Sendable (Request) -> Response = { request in
            if request.path == "/slow" { gate.enterAndWait() }
            return echoHandler(request)
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.accessLogLevel = nil
        let server = HTTPServer(configuration: configuration, logger: quietLogger, handler: handler)
        let port = try server.start()
        let busy = try TestClient(port: port)
        let late = try TestClient(port: port)
        try late.send("GET /warm HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = try late.readResponse()
        try busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        try #require(gate.waitUntilEntered(), "the handler never started")
        server.shutdown(gracePeriod: .seconds(60))
        // The only loop is held in /slow's handler; this request arrives after shutdown began.
        try late.send("GET /late HTTP/1.1\r\nHost: a\r\n\r\n")
        gate.release()
        #expect(try busy.readResponse().status == 200)
        let reply = try late.readResponse()
        #expect(reply.status == 503)
        #expect(reply.header("Connection") == "close")
        #expect(reply.header("Content-Type") == "application/problem+json; charset=utf-8")
        server.waitUntilStopped()
    }
}
