import Dispatch
import Glibc
import Logging
import Synchronization
import Testing

@testable import HTTPServer

/// An `accept4` that fails with `EMFILE` while `isExhausted` is set, as a process out of
/// descriptors does, and signals each refusal.
private final class ExhaustibleAccept: Sendable {
    let isExhausted = Atomic<Bool>(false)
    let refused = DispatchSemaphore(value: 0)

    var accept: @Sendable (Int32) throws(HTTPError) -> Int32? {
        { fd throws(HTTPError) in
            if self.isExhausted.load(ordering: .acquiring) {
                self.refused.signal()
                throw HTTPError(.system(call: "accept4", errno: EMFILE))
            }
            return try Syscall.accept(fd)
        }
    }

    func waitForRefusals(_ count: Int) -> Bool {
        (0..<count).allSatisfy { _ in refused.wait(timeout: .now() + 30) == .success }
    }
}

/// Keeps the warnings a server logs.
private final class LogCapture: Sendable {
    let warnings = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test.listener") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.level >= .warning else { return }
            capture.warnings.withLock { $0.append("\(event.message)") }
        }
    }
}

/// Descriptor exhaustion (`EMFILE`): the listener backs off, the open connections are served,
/// one warning per interval, and accepting resumes once descriptors are free.
@Suite struct ListenerTests {
    private func server(_ accept: ExhaustibleAccept, _ log: LogCapture, backoff: Duration) throws -> (HTTPServer, Int) {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.accessLogLevel = nil
        configuration.acceptBackoff = backoff
        configuration.resourceWarningInterval = .seconds(3600)
        let server = HTTPServer(
            configuration: configuration, logger: log.logger, accept: accept.accept, handler: echoHandler)
        return (server, try server.start())
    }

    @Test func outOfDescriptors_servesOpenConnections_warnsOnce_andRetriesAfterTheBackoff() throws {
        let accept = ExhaustibleAccept()
        let log = LogCapture()
        let (server, port) = try server(accept, log, backoff: .milliseconds(20))
        defer {
            server.shutdown(gracePeriod: .seconds(1))
            server.waitUntilStopped()
        }
        let open = try TestClient(port: port)
        try open.send("GET /before HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try open.readResponse().status == 200)

        accept.isExhausted.store(true, ordering: .releasing)
        // Its handshake completes in the kernel's backlog; the server cannot take it yet.
        let waiting = try TestClient(port: port)
        try waiting.send("GET /new HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(accept.waitForRefusals(5), "the listener retries after each backoff")

        try open.send("GET /during HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try open.readResponse().text == "GET /during ")
        // Counted just after the failed call returns, so possibly a moment after the signal.
        #expect(waitUntil(seconds: 30) { server.refusedAcceptCount >= 5 })
        let warnings = log.warnings.withLock { $0 }.filter { $0.contains("out of resources") }
        #expect(warnings.count == 1, "one warning per interval, not one per refused accept: \(warnings)")

        accept.isExhausted.store(false, ordering: .releasing)
        #expect(try waiting.readResponse().text == "GET /new ")
    }

    @Test func connectionCap_leavesTheReservedDescriptorsFree() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let log = LogCapture()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.accessLogLevel = nil
        configuration.maxConnections = 1_000_000
        configuration.reservedDescriptors = 100
        let server = HTTPServer(configuration: configuration, logger: log.logger, handler: echoHandler)
        try server.start()
        defer {
            server.shutdown(gracePeriod: .seconds(1))
            server.waitUntilStopped()
        }
        let cap = server.connectionCap
        #expect(cap < Int(limit.rlim_cur) - 100, "below the limit by the reserve and the descriptors in use")
        #expect(cap > 0)
        #expect(log.warnings.withLock { $0 }.contains { $0.contains("descriptor limit caps") })
    }

    @Test func outOfDescriptors_acceptingResumesWhenAConnectionCloses() throws {
        let accept = ExhaustibleAccept()
        let log = LogCapture()
        // A backoff longer than any test: only a closed connection can resume accepting.
        let (server, port) = try server(accept, log, backoff: .seconds(3600))
        defer {
            server.shutdown(gracePeriod: .seconds(1))
            server.waitUntilStopped()
        }
        var open: TestClient? = try TestClient(port: port)
        try open?.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try open?.readResponse().status == 200)

        accept.isExhausted.store(true, ordering: .releasing)
        let waiting = try TestClient(port: port)
        try waiting.send("GET /new HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(accept.waitForRefusals(1))
        accept.isExhausted.store(false, ordering: .releasing)
        #expect(!waiting.hasData(withinMilliseconds: 200), "paused: no retry before a descriptor is freed")

        open = nil  // frees a descriptor in the server
        _ = open
        #expect(try waiting.readResponse().text == "GET /new ")
    }
}
