/// Percent-decoding of request targets (RFC 3986 §2.1) into validated UTF-8 strings.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`, the form-encoding rule for
    /// query strings) and validates the result as UTF-8.
    ///
    /// - Throws: ``HTTPError/Code/invalidPercentEncoding`` for `%` not followed by two hex
    ///   digits, ``HTTPError/Code/invalidUTF8`` when the decoded bytes are not UTF-8 or contain NUL.
    static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, plusAsSpace: Bool) throws(HTTPError) -> String {
        var needsDecoding = false
        var isASCII = true
        for byte in bytes {
            if byte == 0x25 || (plusAsSpace && byte == 0x2B) { needsDecoding = true }
            if byte >= 0x80 { isASCII = false }
            if byte == 0 { throw HTTPError(.invalidUTF8) }
        }
        if !needsDecoding {
            if isASCII { return String(decoding: bytes, as: UTF8.self) }
            guard let string = String(validating: bytes, as: UTF8.self) else { throw HTTPError(.invalidUTF8) }
            return string
        }
        var decoded = [UInt8]()
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x25 {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex else { throw HTTPError(.invalidPercentEncoding) }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex, let high = hexValue(bytes[first]), let low = hexValue(bytes[second])
                else { throw HTTPError(.invalidPercentEncoding) }
                let value = high << 4 | low
                if value == 0 { throw HTTPError(.invalidUTF8) }
                decoded.append(value)
                index = bytes.index(after: second)
            } else {
                decoded.append(plusAsSpace && byte == 0x2B ? 0x20 : byte)
                index = bytes.index(after: index)
            }
        }
        guard let string = String(validating: decoded, as: UTF8.self) else { throw HTTPError(.invalidUTF8) }
        return string
    }

    /// The value of a hexadecimal digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
