import Foundation
import Glibc
import Synchronization
import Testing

@testable import HTTPServer

/// A client on its own socket that sends pipelined requests as fast as the server takes them
/// (one thread writing) and reads every answer (another thread), until stopped.
private final class Flooder: Sendable {
    private let fd: Int32
    private let isStopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int) throws {
        fd = try TestClient.connectedSocket(port: port)
    }

    func start() {
        let fd = self.fd
        let batch = Array(String(repeating: "GET /flood HTTP/1.1\r\nHost: a\r\n\r\n", count: 2_000).utf8)
        Thread.detachNewThread {
            while !self.isStopping.load(ordering: .relaxed) {
                let sent = batch.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { break }
            }
            self.finished.signal()
        }
        Thread.detachNewThread {
            var sink = [UInt8](repeating: 0, count: 65_536)
            while sink.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
            self.finished.signal()
        }
    }

    /// Stops both threads (the shutdown wakes them from `send`/`recv`) and closes the socket.
    func stop() -> Bool {
        isStopping.store(true, ordering: .relaxed)
        shutdown(fd, Int32(SHUT_RDWR))
        let stopped = (0..<2).allSatisfy { _ in finished.wait(timeout: .now() + 30) == .success }
        Glibc.close(fd)
        return stopped
    }
}

/// How one loop shares itself between its connections.
@Suite struct EventLoopTests {
    @Test func connectionThatAlwaysHasRequests_doesNotStarveAnotherOnTheSameLoop() throws {
        let flooded = DispatchSemaphore(value: 0)
        let served = Atomic<Int>(0)
        let handler: @Sendable (Request) -> Response = { request in
            if request.path == "/flood", served.add(1, ordering: .relaxed).newValue == 10_000 { flooded.signal() }
            return echoHandler(request)
        }
        try withServer(
            configure: {
                $0.loopCount = 1
                $0.maxRequestsPerConnection = .max
                // Small reads: the flooder refills the socket faster than one read empties it.
                $0.readBufferBytes = 1024
            }, handler: handler
        ) { _, port in
            let probe = try TestClient(port: port)
            let flooder = try Flooder(port: port)
            flooder.start()
            defer { #expect(flooder.stop()) }
            #expect(flooded.wait(timeout: .now() + 60) == .success, "the flood is being served")
            // The flooder still has requests waiting; this one must get its turn.
            try probe.send("GET /probe HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try probe.readResponse().text == "GET /probe ")
        }
    }
}
