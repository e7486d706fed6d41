import Foundation
import Glibc
import Logging
import TestSupport

@testable import HTTPServer

/// The shared raw-socket client to 127.0.0.1 (see `TestSupport`), under the name these tests use.
typealias TestClient = HTTPTestClient

extension HTTPTestResponse {
    /// The body as UTF-8 text, as received.
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Runs `body` against a started server on 127.0.0.1 port 0, then shuts it down.
func withServer(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    handler: @escaping @Sendable (Request) -> Response = echoHandler,
    _ body: (HTTPServer, Int) throws -> Void
) throws {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 2)
    configuration.accessLogLevel = nil
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, logger: quietLogger, handler: handler)
    let port = try server.start()
    defer {
        server.shutdown(gracePeriod: .seconds(1))
        server.waitUntilStopped()
    }
    try body(server, port)
}

/// Answers `METHOD PATH BODY` as text, with a `Content-Type`.
let echoHandler: @Sendable (Request) -> Response = { request in
    let text = "\(request.method.rawValue) \(request.path) \(String(decoding: request.body, as: UTF8.self))"
    return Response(
        status: .ok, headers: [HTTPHeader(name: "Content-Type", value: "text/plain; charset=utf-8")],
        body: Array(text.utf8))
}

/// Checks `condition` until it holds (`true`) or `seconds` have passed (`false`).
///
/// For states that no callback announces (e.g. ``HTTPServer/openConnectionCount`` reaching 0):
/// the order is established by the condition itself, and the short pause only spaces the
/// checks. Give `seconds` generously: it bounds a failing test, not a passing one.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = now() + seconds
    while now() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}

/// Holds a handler inside a request until the test lets it go, so a request can be known to be
/// in flight (e.g. during a shutdown) without guessing how long it takes.
final class HandlerGate: Sendable {
    private let entered = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    /// Called by the handler: announces that it has started, then waits for ``release()``
    /// (at most a minute, so a failing test cannot hang the suite).
    func enterAndWait() {
        entered.signal()
        _ = released.wait(timeout: .now() + 60)
    }

    /// Blocks until a handler has called ``enterAndWait()``; `false` after `seconds`.
    func waitUntilEntered(seconds: Double = 30) -> Bool {
        entered.wait(timeout: .now() + seconds) == .success
    }

    /// Lets the waiting handler finish.
    func release() {
        released.signal()
    }
}

/// Monotonic seconds, for timing assertions.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A logger that only shows warnings and errors, so test output stays readable.
let quietLogger: Logger = {
    var logger = Logger(label: "test.http")
    logger.logLevel = .warning
    return logger
}()
