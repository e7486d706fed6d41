/// What a handler answers: a status, ordered headers and a body of bytes or a stream.
///
/// The server adds `Content-Length` (or chunked framing for a stream), `Date`, `Connection`,
/// `X-Request-Id` and `X-Content-Type-Options: nosniff` itself, and drops any of the framing
/// headers a handler sets. A header whose name is not a token or whose value contains CR, LF,
/// NUL or another control character is refused (the server answers `500` instead), so a
/// response can never be split.
///
/// ```swift
/// Response(status: .ok, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
///          body: Array(#"{"status":"ok"}"#.utf8))
/// ```
public struct Response {
    /// How the body is carried.
    public enum Body {
        /// A body known in full; sent with `Content-Length`.
        case bytes([UInt8])
        /// A body produced in chunks on demand; sent with `Transfer-Encoding: chunked` (or, to
        /// an HTTP/1.0 client, unframed and followed by close).
        case stream(BodyStream)
        /// A long-lived body its producer writes to over time, from any thread (server push);
        /// sent with `Transfer-Encoding: chunked`, as the last response on its connection.
        case push(PushBody)
    }

    /// The status line's code and reason.
    public var status: HTTPStatus
    /// Header fields in the order they are sent.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: Body

    /// A response with a body in bytes (empty by default).
    public init(status: HTTPStatus = .ok, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    /// A response whose body is pulled from `stream` chunk by chunk, only as fast as the client
    /// reads (the server stops pulling while its output is above the watermark).
    public init(status: HTTPStatus = .ok, headers: [HTTPHeader] = [], stream: BodyStream) {
        self.status = status
        self.headers = headers
        self.body = .stream(stream)
    }

    /// A response whose body the producer pushes over time through a ``PushWriter``.
    public init(status: HTTPStatus = .ok, headers: [HTTPHeader] = [], push: PushBody) {
        self.status = status
        self.headers = headers
        self.body = .push(push)
    }

    /// An RFC 9457 `application/problem+json` response:
    /// `{"type":"about:blank","title":"Not Found","status":404,"detail":"…"}`.
    public static func problem(status: HTTPStatus, detail: String, headers: [HTTPHeader] = []) -> Response {
        var json = #"{"type":"about:blank","title":"#
        appendJSONString(status.reasonPhrase, to: &json)
        json += #","status":\#(status.code),"detail":"#
        appendJSONString(detail, to: &json)
        json += "}"
        return Response(
            status: status,
            headers: [HTTPHeader(name: "Content-Type", value: "application/problem+json; charset=utf-8")] + headers,
            body: Array(json.utf8))
    }

    /// The problem response for an error, with the configured extra headers.
    static func problem(for error: HTTPError, extraHeaders: [HTTPHeader]) -> Response {
        problem(status: error.status, detail: error.detail, headers: extraHeaders)
    }

    /// Appends `value` as a JSON string literal (RFC 8259 §7).
    private static func appendJSONString(_ value: String, to json: inout String) {
        json += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    json.unicodeScalars.append(scalar)
                }
            }
        }
        json += "\""
    }
}
