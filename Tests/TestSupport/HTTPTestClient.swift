import Foundation
import Glibc

/// A blocking HTTP/1.1 client over one plain socket to 127.0.0.1, for integration tests.
///
/// It sends bytes exactly as given and reads responses back one at a time: the status line,
/// the headers, and a body framed by `Content-Length`, by chunked coding, or by the close of the
/// connection. Every read and write has a timeout, so no test can hang on a server that does not
/// answer. The socket is closed when the client is released.
public final class HTTPTestClient {
    /// Why a connection, a write or a read failed (including a timeout or a malformed response).
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, for the test's failure message.
        public let description: String

        /// A failure that says `description`.
        public init(description: String) {
            self.description = description
        }
    }

    /// The port on 127.0.0.1 this client is connected to.
    public let port: Int
    /// The seconds every read and every write may take before it fails.
    public let timeout: Double
    /// `true` once a read has met the end of the stream (the server closed or reset it).
    public private(set) var isAtEndOfStream = false

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; `timeout` (seconds) bounds every read and write.
    /// `receiveBufferBytes`, when given, sets the socket's receive buffer (`SO_RCVBUF`).
    public init(port: Int, timeout: Double = 30, receiveBufferBytes: Int32? = nil) throws {
        self.port = port
        self.timeout = timeout
        fd = try Self.connectedSocket(port: port) { fd in
            var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if var size = receiveBufferBytes {
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
        }
    }

    /// A TCP socket connected to `127.0.0.1:port`; `configure` sets its options first (a receive
    /// buffer size must be set before `connect` to shape the window).
    public static func connectedSocket(port: Int, configure: (Int32) -> Void = { _ in }) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        configure(fd)
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
            throw Failure(description: "connect to port \(port): errno \(error)")
        }
        return fd
    }

    deinit {
        Glibc.close(fd)
    }

    // MARK: - Writing

    /// Sends `text` as UTF-8, exactly as written.
    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Sends `bytes` as they are, all of them.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    // MARK: - Reading

    /// Reads one response.
    ///
    /// `1xx` interim responses are skipped and their statuses listed in the final response's
    /// ``HTTPTestResponse/interim``, unless `stopAfterInterim` is `true`: then the first response
    /// read is returned even when it is interim. `isHead`: the request was `HEAD`, so no body is
    /// read whatever the headers say (nor for `204` and `304`). Without `Content-Length` or
    /// chunked coding, the body runs to the end of the stream.
    public func readResponse(isHead: Bool = false, stopAfterInterim: Bool = false) throws -> HTTPTestResponse {
        var interim: [Int] = []
        while true {
            var response = try readResponseHead()
            response.interim = interim
            let status = response.status
            if status < 200 {
                if stopAfterInterim { return response }
                interim.append(status)
                continue
            }
            if isHead || status == 204 || status == 304 { return response }
            if let length = response.header("Content-Length").flatMap(Int.init) {
                while buffer.count < length {
                    guard try fill() else { throw Failure(description: "EOF in a body of \(length) bytes") }
                }
                response.body = Array(buffer[0..<length])
                buffer.removeFirst(length)
            } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
                response.body = try readChunkedBody()
            } else {
                response.body = try readToEnd()
            }
            return response
        }
    }

    /// `true` when the server closed the connection (EOF or reset), reading and dropping
    /// anything it sent before; `false` when a read fails otherwise or times out.
    public func isClosedByServer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    /// Whether bytes (or the end of the stream) arrive within `milliseconds`, without
    /// consuming them.
    public func hasData(withinMilliseconds milliseconds: Int32) -> Bool {
        if !buffer.isEmpty { return true }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    /// Closes the sending half (`shutdown(SHUT_WR)`): the server reads end of stream after
    /// what was sent, while this client can still read the answers.
    public func finishSending() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Everything left until the end of the stream.
    public func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    /// Reads more bytes into the buffer; `false` at the end of the stream or on a reset.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer += chunk[0..<count]
            return true
        }
        let error = errno
        if count == 0 || error == ECONNRESET {
            isAtEndOfStream = true
            return false
        }
        if error == EAGAIN || error == EWOULDBLOCK { throw Failure(description: "read timed out after \(timeout) s") }
        throw Failure(description: "recv: errno \(error)")
    }

    /// The offset of the `CRLF CRLF` that ends the next response head.
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
            guard try fill() else { throw Failure(description: "EOF in a chunked body") }
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while let chunk = try readChunk() { body += chunk }
        return body
    }

    // MARK: - Streams read as they arrive

    /// Reads one response head and leaves its body unread (for a body that never ends).
    public func readResponseHead() throws -> HTTPTestResponse {
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
        return HTTPTestResponse(status: status, headers: headers, body: [], interim: [])
    }

    /// Reads the next chunk of a chunked body; `nil` at its last chunk.
    public func readChunk() throws -> [UInt8]? {
        let sizeLine = try readLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
            throw Failure(description: "bad chunk size \(sizeLine)")
        }
        if size == 0 {
            while try readLine() != "" {}
            return nil
        }
        while buffer.count < size + 2 {
            guard try fill() else { throw Failure(description: "EOF in a chunk") }
        }
        defer { buffer.removeFirst(size + 2) }
        return Array(buffer[0..<size])
    }
}
