import Foundation
import Glibc
import Logging

@testable import HTTPServer

/// A blocking HTTP/1.1 client over a plain socket to 127.0.0.1, for integration tests: it sends
/// raw bytes and reads responses back, with a receive timeout so that no test can hang.
final class TestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A response as read from the wire.
    struct Reply {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var interim: [Int] = []

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; `timeout` bounds every read and write.
    init(port: Int, timeout: Double = 5, receiveBufferBytes: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            throw Failure(description: "connect: \(error)")
        }
    }

    deinit {
        Glibc.close(fd)
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure(description: "send: \(errno)") }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; `false` at EOF or on a reset.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer += chunk[0..<count]
            return true
        }
        if count == 0 { return false }
        let error = errno
        if error == EAGAIN || error == EWOULDBLOCK { throw Failure(description: "read timed out") }
        if error == ECONNRESET { return false }
        throw Failure(description: "recv: \(error)")
    }

    /// Reads one response (skipping `1xx` interim responses, which are listed in `interim`).
    /// `isHead`: the request was HEAD, so the body is not read whatever the length says.
    func readResponse(isHead: Bool = false, stopAfterInterim: Bool = false) throws -> Reply {
        var interim: [Int] = []
        while true {
            let headEnd = try readHead()
            let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
            buffer.removeFirst(headEnd + 4)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                throw Failure(description: "bad status line in \(head)")
            }
            let headers = lines.map { line -> (String, String) in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            }
            var reply = Reply(status: status, headers: headers, body: [], interim: interim)
            if status < 200 {
                interim.append(status)
                if stopAfterInterim { return reply }
                continue
            }
            if isHead || status == 204 || status == 304 { return reply }
            if let length = reply.header("Content-Length").flatMap(Int.init) {
                while buffer.count < length {
                    guard try fill() else { throw Failure(description: "EOF in body") }
                }
                reply.body = Array(buffer[0..<length])
                buffer.removeFirst(length)
            } else if reply.header("Transfer-Encoding")?.lowercased() == "chunked" {
                reply.body = try readChunkedBody()
            } else {
                while try fill() {}
                reply.body = buffer
                buffer = []
            }
            return reply
        }
    }

    private func readHead() throws -> Int {
        let marker: [UInt8] = [13, 10, 13, 10]
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                for index in searchFrom...(buffer.count - 4) where buffer[index..<(index + 4)].elementsEqual(marker) {
                    return index
                }
                searchFrom = buffer.count - 3
            }
            guard try fill() else { throw Failure(description: "EOF before a response head") }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 10), index > 0, buffer[index - 1] == 13 {
                let line = String(decoding: buffer[0..<(index - 1)], as: UTF8.self)
                buffer.removeFirst(index + 1)
                return line
            }
            guard try fill() else { throw Failure(description: "EOF in chunked body") }
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                throw Failure(description: "bad chunk size \(sizeLine)")
            }
            if size == 0 {
                while try readLine() != "" {}
                return body
            }
            while buffer.count < size + 2 {
                guard try fill() else { throw Failure(description: "EOF in chunk") }
            }
            body += buffer[0..<size]
            buffer.removeFirst(size + 2)
        }
    }

    /// `true` when the server closed the connection (EOF or reset) with nothing more to read.
    func isClosedByServer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    /// Whether bytes (or EOF) arrive within the time given, without consuming them.
    func hasData(withinMilliseconds milliseconds: Int32) -> Bool {
        if !buffer.isEmpty { return true }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    /// Everything left until EOF.
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }
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
