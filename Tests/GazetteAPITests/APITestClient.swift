import Foundation
import Glibc

@testable import GazetteAPI

/// A blocking HTTP/1.1 client over a plain socket to 127.0.0.1, for the end-to-end tests.
///
/// It sends requests as raw bytes and parses what comes back (status, headers, a body framed by
/// `Content-Length`, chunked coding, or the close), keeping the connection alive between
/// requests unless the server says `Connection: close`. Every read and write has a timeout, so
/// no test can hang on a server that does not answer.
final class APITestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    let timeout: Double
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; `timeout` (seconds) bounds every read and write.
    init(port: Int, timeout: Double = 10) throws {
        self.port = port
        self.timeout = timeout
        try connect()
    }

    deinit {
        disconnect()
    }

    /// Sends one request and reads its response. `Host` is added, and `Content-Length` when
    /// there is a body; `headers` come after them in the order given.
    func request(
        _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> APIResponse {
        if fd < 0 { try connect() }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try send(Array(head.utf8) + body)
        let response = try readResponse(isHead: method == "HEAD")
        if response.header("Connection")?.lowercased() == "close" { disconnect() }
        return response
    }

    /// `GET` with optional headers.
    func get(_ target: String, headers: [(String, String)] = []) throws -> APIResponse {
        try request("GET", target, headers: headers)
    }

    /// Sends bytes as they are (for requests the helper cannot express), without reading.
    func sendRaw(_ bytes: [UInt8]) throws {
        if fd < 0 { try connect() }
        try send(bytes)
    }

    /// Reads one response of a request sent with ``sendRaw(_:)``.
    func readResponse(isHead: Bool = false) throws -> APIResponse {
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
        var response = APIResponse(status: status, headers: headers, body: [])
        if isHead || status == 204 || status == 304 || (100..<200).contains(status) { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length {
                guard try fill() else { throw Failure(description: "EOF in a body of \(length) bytes") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            response.body = try readChunkedBody()
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
            disconnect()
        }
        return response
    }

    // MARK: - Socket

    private func connect() throws {
        buffer = []
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket: \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(socketFD)
            throw Failure(description: "connect to port \(port): errno \(error)")
        }
        fd = socketFD
    }

    private func disconnect() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; `false` at EOF or on a reset.
    private func fill() throws -> Bool {
        guard fd >= 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer += chunk[0..<count]
            return true
        }
        if count == 0 { return false }
        let error = errno
        if error == EAGAIN || error == EWOULDBLOCK { throw Failure(description: "read timed out after \(timeout) s") }
        if error == ECONNRESET { return false }
        throw Failure(description: "recv: errno \(error)")
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
            guard try fill() else { throw Failure(description: "EOF in a chunked body") }
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw Failure(description: "bad chunk size \(sizeLine)")
            }
            if size == 0 {
                while try readLine() != "" {}
                return body
            }
            while buffer.count < size + 2 {
                guard try fill() else { throw Failure(description: "EOF in a chunk") }
            }
            body += buffer[0..<size]
            buffer.removeFirst(size + 2)
        }
    }
}

/// A response as read from the wire.
struct APIResponse {
    var status: Int
    var headers: [(String, String)]
    /// The body exactly as received (still gzipped when `Content-Encoding: gzip`).
    var body: [UInt8]

    /// The first header named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Every header named `name`, in order.
    func headers(named name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    /// The body with any gzip content coding removed.
    func decodedBody() throws -> [UInt8] {
        guard header("Content-Encoding")?.lowercased() == "gzip" else { return body }
        guard let plain = Gzip.decompress(body) else {
            throw APITestClient.Failure(description: "body is not valid gzip")
        }
        return plain
    }

    var text: String { String(decoding: (try? decodedBody()) ?? body, as: UTF8.self) }

    /// The body parsed as a JSON object.
    func json() throws -> [String: Any] {
        let bytes = try decodedBody()
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw APITestClient.Failure(description: "body is not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    /// `data` of an envelope `{"data": [...]}`.
    func data() throws -> [[String: Any]] {
        guard let items = try json()["data"] as? [[String: Any]] else {
            throw APITestClient.Failure(description: "no data list in \(text.prefix(200))")
        }
        return items
    }

    /// `meta` of an envelope.
    func meta() throws -> [String: Any] {
        guard let meta = try json()["meta"] as? [String: Any] else {
            throw APITestClient.Failure(description: "no meta object in \(text.prefix(200))")
        }
        return meta
    }

    /// The `slug` of every item of `data`, in order.
    func slugs() throws -> [String] {
        try data().map { ($0["slug"] as? String) ?? "?" }
    }
}
