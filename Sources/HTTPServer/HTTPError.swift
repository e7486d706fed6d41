/// The one error type of the HTTP server: what went wrong, and the status it is answered with.
///
/// Framing errors and exceeded limits found while reading a request carry the status the
/// server answers with (`400`, `408`, `413`, `414`, `431`, `501`, `503`, `505`) before it closes
/// the connection. Query-parameter errors name the parameter so that the application can answer
/// `400` saying which one. System errors carry the failing call and its `errno`.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What exactly was wrong; tests and applications switch over it.
    public enum Code: Sendable, Equatable {
        // Request line (RFC 9112 §3).
        case malformedRequestLine
        case invalidMethod
        case invalidTarget
        case unsupportedVersion
        case http2Preface
        case requestLineTooLong
        // Fields (RFC 9112 §5, RFC 9110 §5).
        case malformedHeaderLine
        case invalidHeaderName
        case whitespaceBeforeColon
        case obsoleteLineFolding
        case invalidHeaderValue
        case bareLineFeed
        case headersTooLarge
        case tooManyHeaders
        case missingHost
        case duplicateHost
        // Message body framing (RFC 9112 §6).
        case contentLengthWithTransferEncoding
        case invalidContentLength
        case multipleContentLength
        case unsupportedTransferCoding
        case transferEncodingInHTTP10
        case invalidChunk
        case bodyTooLarge
        // Time limits.
        case headerTimeout
        // Targets and parameters.
        case invalidPercentEncoding
        case invalidUTF8
        case invalidQueryParameter(name: String)
        // Server side.
        case serviceUnavailable
        case invalidResponseHeader(name: String)
        case system(call: String, errno: Int32)
        case invalidConfiguration(String)
        case alreadyStarted
    }

    /// What was wrong.
    public let code: Code
    /// The status the server (or the application) answers with.
    public let status: HTTPStatus
    /// A sentence for people, safe to put in a problem+json `detail`.
    public let detail: String

    /// Creates an error; the status follows from the code unless given.
    public init(_ code: Code, status: HTTPStatus? = nil, detail: String? = nil) {
        self.code = code
        self.status = status ?? HTTPError.defaultStatus(for: code)
        self.detail = detail ?? HTTPError.defaultDetail(for: code)
    }

    /// `true` when the error came from an operating-system call rather than from a client.
    public var isSystemError: Bool {
        if case .system = code { return true }
        return false
    }

    public var description: String { "HTTPError(\(status.code) \(detail))" }

    /// The errno of a system error, or `nil`.
    public var errno: Int32? {
        if case .system(_, let value) = code { return value }
        return nil
    }

    private static func defaultStatus(for code: Code) -> HTTPStatus {
        switch code {
        case .requestLineTooLong: return .uriTooLong
        case .headersTooLarge, .tooManyHeaders: return .requestHeaderFieldsTooLarge
        case .bodyTooLarge: return .contentTooLarge
        case .headerTimeout: return .requestTimeout
        case .unsupportedTransferCoding: return .notImplemented
        case .unsupportedVersion, .http2Preface: return .httpVersionNotSupported
        case .serviceUnavailable: return .serviceUnavailable
        case .invalidResponseHeader, .system, .invalidConfiguration, .alreadyStarted: return .internalServerError
        default: return .badRequest
        }
    }

    private static func defaultDetail(for code: Code) -> String {
        switch code {
        case .malformedRequestLine: return "malformed request line"
        case .invalidMethod: return "invalid method token"
        case .invalidTarget: return "invalid request target"
        case .unsupportedVersion: return "unsupported HTTP version"
        case .http2Preface: return "HTTP/2 is not supported on this port"
        case .requestLineTooLong: return "request line too long"
        case .malformedHeaderLine: return "malformed header field line"
        case .invalidHeaderName: return "invalid header field name"
        case .whitespaceBeforeColon: return "whitespace between header field name and colon"
        case .obsoleteLineFolding: return "obsolete line folding in header field"
        case .invalidHeaderValue: return "invalid character in header field value"
        case .bareLineFeed: return "line not terminated by CRLF"
        case .headersTooLarge: return "header section too large"
        case .tooManyHeaders: return "too many header fields"
        case .missingHost: return "missing Host header field"
        case .duplicateHost: return "more than one Host header field"
        case .contentLengthWithTransferEncoding: return "both Content-Length and Transfer-Encoding"
        case .invalidContentLength: return "invalid Content-Length"
        case .multipleContentLength: return "more than one Content-Length"
        case .unsupportedTransferCoding: return "unsupported transfer coding"
        case .transferEncodingInHTTP10: return "Transfer-Encoding in an HTTP/1.0 request"
        case .invalidChunk: return "invalid chunked body"
        case .bodyTooLarge: return "request body too large"
        case .headerTimeout: return "request headers not received in time"
        case .invalidPercentEncoding: return "invalid percent-encoding in the request target"
        case .invalidUTF8: return "request target is not valid UTF-8"
        case .invalidQueryParameter(let name): return "invalid encoding of query parameter '\(name)'"
        case .serviceUnavailable: return "server is shutting down"
        case .invalidResponseHeader(let name): return "invalid response header field '\(name)'"
        case .system(let call, let errno): return "\(call) failed: errno \(errno)"
        case .invalidConfiguration(let what): return "invalid configuration: \(what)"
        case .alreadyStarted: return "server already started"
        }
    }
}
