import Foundation
import Synchronization
import Testing

@testable import HTTPServer

/// A pushed body's writer, handed over from the loop to the test through a semaphore.
private final class PushProbe: Sendable {
    let writer = Mutex<PushWriter?>(nil)
    let opened = DispatchSemaphore(value: 0)
    let closed = DispatchSemaphore(value: 0)
    let closeCount = Atomic<Int>(0)

    func body(heartbeat: String? = nil, farewell: String? = nil) -> PushBody {
        PushBody(
            heartbeat: heartbeat.map { Array($0.utf8) }, farewell: farewell.map { Array($0.utf8) },
            onOpen: { writer in
                self.writer.withLock { $0 = writer }
                self.opened.signal()
            },
            onClose: {
                self.closeCount.add(1, ordering: .relaxed)
                self.closed.signal()
            })
    }

    var handler: @Sendable (Request) -> Response {
        { _ in
            Response(
                headers: [HTTPHeader(name: "Content-Type", value: "text/event-stream")],
                push: self.body(heartbeat: ": hb\n", farewell: "bye\n"))
        }
    }

    func openedWriter() throws -> PushWriter {
        guard opened.wait(timeout: .now() + 10) == .success, let writer = writer.withLock({ $0 }) else {
            throw TestClient.Failure(description: "the pushed body was not opened")
        }
        return writer
    }

    func waitClosed() -> Bool { closed.wait(timeout: .now() + 10) == .success }
}

@Suite struct PushBodyTests {
    @Test func writesFromAnotherThread_arriveInOrder_andEndClosesTheConnection() throws {
        let probe = PushProbe()
        try withServer(handler: probe.handler) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try client.readResponseHead()
            #expect(head.status == 200)
            #expect(head.header("Transfer-Encoding") == "chunked")
            #expect(head.header("Connection") == "close")
            let writer = try probe.openedWriter()
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                for index in 0..<100 { writer.write(Array("event \(index)\n".utf8)) }
                writer.end()
                done.signal()
            }
            var received = ""
            while let chunk = try client.readChunk() { received += String(decoding: chunk, as: UTF8.self) }
            #expect(received == (0..<100).map { "event \($0)\n" }.joined())
            #expect(client.isClosedByServer())
            #expect(done.wait(timeout: .now() + 10) == .success)
            #expect(probe.waitClosed())
            #expect(writer.isClosed)
            writer.write(Array("dropped".utf8))
            #expect(probe.closeCount.load(ordering: .relaxed) == 1)
        }
    }

    @Test func clientThatGoesAway_isNoticed() throws {
        let probe = PushProbe()
        try withServer(handler: probe.handler) { _, port in
            var client: TestClient? = try TestClient(port: port)
            try client?.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try client?.readResponseHead()
            let writer = try probe.openedWriter()
            client = nil
            #expect(probe.waitClosed())
            #expect(writer.isClosed)
            #expect(probe.closeCount.load(ordering: .relaxed) == 1)
        }
    }

    @Test func silentStream_getsHeartbeats_andOutlivesTheIdleTimeout() throws {
        let probe = PushProbe()
        try withServer(
            configure: {
                $0.idleTimeout = .milliseconds(200)
                $0.pushHeartbeatInterval = .milliseconds(100)
            }, handler: probe.handler
        ) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try client.readResponseHead()
            _ = try probe.openedWriter()
            let start = now()
            var heartbeats = 0
            // Well past the idle timeout: heartbeats keep coming, the stream stays open.
            while now() - start < 0.6 {
                let chunk = try #require(try client.readChunk())
                #expect(String(decoding: chunk, as: UTF8.self) == ": hb\n")
                heartbeats += 1
            }
            #expect(heartbeats >= 2)
            #expect(probe.closeCount.load(ordering: .relaxed) == 0)
        }
    }

    @Test func clientThatNeverReads_isCutOffAtTheOutputLimit() throws {
        let probe = PushProbe()
        try withServer(configure: { $0.pushOutputLimitBytes = 256 * 1024 }, handler: probe.handler) { _, port in
            let client = try TestClient(port: port, receiveBufferBytes: 16 * 1024)
            try client.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            let writer = try probe.openedWriter()
            let chunk = [UInt8](repeating: 0x61, count: 64 * 1024)
            // 32 MiB is far more than the kernel's buffers and the limit hold together.
            for _ in 0..<512 where !writer.isClosed { writer.write(chunk) }
            #expect(probe.waitClosed())
            #expect(writer.isClosed)
            #expect(client.isClosedByServer())
        }
    }

    @Test func head_sendsTheHeadOnly_andClosesTheBody() throws {
        let probe = PushProbe()
        try withServer(handler: probe.handler) { _, port in
            let client = try TestClient(port: port)
            try client.send("HEAD /events HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Type") == "text/event-stream")
            #expect(probe.waitClosed())
            #expect(probe.writer.withLock { $0 } == nil)
            #expect(client.isClosedByServer())
        }
    }

    @Test func shutdown_endsOpenStreamsWithTheFarewell() throws {
        let probe = PushProbe()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 2)
        configuration.accessLogLevel = nil
        let server = HTTPServer(configuration: configuration, logger: quietLogger, handler: probe.handler)
        let port = try server.start()
        let client = try TestClient(port: port)
        try client.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = try client.readResponseHead()
        let writer = try probe.openedWriter()
        writer.write(Array("one\n".utf8))
        #expect(try client.readChunk() == Array("one\n".utf8))
        server.shutdown(gracePeriod: .seconds(30))
        #expect(try client.readChunk() == Array("bye\n".utf8))
        #expect(try client.readChunk() == nil)
        #expect(client.isClosedByServer())
        #expect(probe.waitClosed())
        server.waitUntilStopped()
        #expect(server.openConnectionCount == 0)
    }
}
