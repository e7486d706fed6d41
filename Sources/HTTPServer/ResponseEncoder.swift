/// Writes response heads and chunk framing as bytes (RFC 9112 §4, §7.1).
///
/// The status line, the handler's headers (validated: no response splitting), then the
/// headers the server owns: `Content-Length` or `Transfer-Encoding`, `Date`, `Connection`,
/// `X-Request-Id`, `X-Content-Type-Options`.
enum ResponseEncoder {
    /// How the body of a response is framed on the wire.
    enum Framing {
        case contentLength(Int)
        case chunked
        /// No framing header: a body-less status (204, 304, 1xx), or an HTTP/1.0 stream whose
        /// end is the close.
        case omitted
    }

    /// Checks that every header can be sent: a token name and a value without CR, LF, NUL or
    /// other controls (swift-nio CVE-2022-3215).
    static func validate(_ headers: [HTTPHeader]) throws(HTTPError) {
        for header in headers {
            guard ASCII.isToken(header.name), ASCII.isSafeFieldValue(header.value) else {
                throw HTTPError(.invalidResponseHeader(name: header.name))
            }
        }
    }

    /// Appends the head of a response to `out`. Headers must have been validated.
    static func appendHead(
        to out: inout [UInt8], status: HTTPStatus, headers: [HTTPHeader], framing: Framing, keepAlive: Bool,
        date: [UInt8], requestID: String
    ) {
        out += statusLine(status)
        for header in headers where !isServerOwned(header) {
            out += header.name.utf8
            out.append(0x3A)
            out.append(0x20)
            out += header.value.utf8
            out.append(0x0D)
            out.append(0x0A)
        }
        switch framing {
        case .contentLength(let length):
            out += contentLengthPrefix
            appendDecimal(length, to: &out)
            out += crlfDatePrefix
        case .chunked:
            out += chunkedDatePrefix
        case .omitted:
            out += datePrefix
        }
        out += date
        out += keepAlive ? keepAliveRequestIDPrefix : closeRequestIDPrefix
        out += requestID.utf8
        out += nosniffEnd
    }

    /// `HTTP/1.1 100 Continue` and the empty line.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The line opening a chunk of `size` bytes (hex size, CRLF).
    static func appendChunkHeader(size: Int, to out: inout [UInt8]) {
        out += String(size, radix: 16).utf8
        out += crlf
    }

    static let crlf: [UInt8] = [0x0D, 0x0A]
    /// The last chunk and the empty trailer section.
    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    // Constant runs of the head, joined so that each is one append.
    private static let contentLengthPrefix = Array("Content-Length: ".utf8)
    private static let crlfDatePrefix = Array("\r\nDate: ".utf8)
    private static let chunkedDatePrefix = Array("Transfer-Encoding: chunked\r\nDate: ".utf8)
    private static let datePrefix = Array("Date: ".utf8)
    private static let keepAliveRequestIDPrefix = Array("\r\nConnection: keep-alive\r\nX-Request-Id: ".utf8)
    private static let closeRequestIDPrefix = Array("\r\nConnection: close\r\nX-Request-Id: ".utf8)
    private static let nosniffEnd = Array("\r\nX-Content-Type-Options: nosniff\r\n\r\n".utf8)
    private static let ok = Array("HTTP/1.1 200 OK\r\n".utf8)

    private static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        if status.code == 200 && status.reasonPhrase == "OK" { return ok }
        var line = Array("HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &line)
        line.append(0x20)
        line += status.reasonPhrase.utf8.filter(ASCII.isFieldValueCharacter)
        line += crlf
        return line
    }

    /// Headers the server sets itself; a handler's copies are dropped.
    private static func isServerOwned(_ header: HTTPHeader) -> Bool {
        let name = header.name.utf8
        // Cheap first-letter filter: the owned names start with c, d, t or x.
        guard let first = name.first else { return false }
        switch ASCII.lowercased(first) {
        case 0x63, 0x64, 0x74, 0x78: break
        default: return false
        }
        switch name.count {
        case 4: return header.hasName("Date")
        case 10: return header.hasName("Connection")
        case 12: return header.hasName("X-Request-Id")
        case 14: return header.hasName("Content-Length")
        case 17: return header.hasName("Transfer-Encoding")
        case 22: return header.hasName("X-Content-Type-Options")
        default: return false
        }
    }

    /// Appends a non-negative integer in decimal.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var value = max(0, value)
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[19 - count] = UInt8(0x30 + value % 10)
                value /= 10
                count += 1
            } while value > 0
            out.append(contentsOf: scratch[(20 - count)...])
        }
    }
}
