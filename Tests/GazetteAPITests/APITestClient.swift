import Foundation
import TestSupport

@testable import GazetteAPI

/// A response as read from the wire, with the JSON helpers below.
typealias APIResponse = HTTPTestResponse

/// An HTTP/1.1 client to 127.0.0.1 for the end-to-end tests: requests in, responses out.
///
/// It builds each request's head, then leaves the socket work to the shared ``HTTPTestClient``:
/// the connection is kept alive between requests unless the server says `Connection: close` or
/// ends a body by closing, and opened again by the next request. Every read and write has a
/// timeout, so no test can hang on a server that does not answer.
final class APITestClient {
    typealias Failure = HTTPTestClient.Failure

    let port: Int
    let timeout: Double
    private var connection: HTTPTestClient?

    /// Connects to 127.0.0.1:`port`; `timeout` (seconds) bounds every read and write.
    init(port: Int, timeout: Double = 10) throws {
        self.port = port
        self.timeout = timeout
        connection = try HTTPTestClient(port: port, timeout: timeout)
    }

    /// Sends one request and reads its response. `Host` is added, and `Content-Length` when
    /// there is a body; `headers` come after them in the order given.
    func request(
        _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> APIResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try sendRaw(Array(head.utf8) + body)
        let response = try readResponse(isHead: method == "HEAD")
        if response.header("Connection")?.lowercased() == "close" { connection = nil }
        return response
    }

    /// `GET` with optional headers.
    func get(_ target: String, headers: [(String, String)] = []) throws -> APIResponse {
        try request("GET", target, headers: headers)
    }

    /// Sends bytes as they are (for requests the helper cannot express), without reading.
    func sendRaw(_ bytes: [UInt8]) throws {
        try open().send(bytes)
    }

    /// Reads one response of a request sent with ``sendRaw(_:)`` (a `1xx` one too).
    func readResponse(isHead: Bool = false) throws -> APIResponse {
        guard let connection else { throw Failure(description: "EOF before a response head: not connected") }
        let response = try connection.readResponse(isHead: isHead, stopAfterInterim: true)
        if connection.isAtEndOfStream { self.connection = nil }
        return response
    }

    /// The open connection, or a new one when the last was closed.
    private func open() throws -> HTTPTestClient {
        if let connection { return connection }
        let opened = try HTTPTestClient(port: port, timeout: timeout)
        connection = opened
        return opened
    }
}

extension APIResponse {
    /// The body with any gzip content coding removed.
    func decodedBody() throws -> [UInt8] {
        guard header("Content-Encoding")?.lowercased() == "gzip" else { return body }
        guard let plain = Gzip.decompress(body) else {
            throw APITestClient.Failure(description: "body is not valid gzip")
        }
        return plain
    }

    /// The decoded body as UTF-8 text (the body as received when it does not decode).
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
