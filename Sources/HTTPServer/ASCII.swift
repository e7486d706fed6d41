/// ASCII helpers shared by the parser, requests and responses (RFC 9110 §5.6.2 tokens).
enum ASCII {
    /// `tchar` of RFC 9110 §5.6.2.
    @inline(__always)
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
        default: return false
        }
    }

    /// A byte allowed in a field value: HTAB, visible ASCII, space, obs-text (RFC 9110 §5.5).
    /// CR, LF, NUL, the other controls and DEL are not.
    @inline(__always)
    static func isFieldValueCharacter(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// Compares two byte sequences ignoring ASCII case.
    static func equalsIgnoringCase<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where lowercased(x) != lowercased(y) { return false }
        return true
    }

    /// `true` when `string` is a non-empty token (a valid field name or method).
    static func isToken(_ string: String) -> Bool {
        let fast = string.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.isEmpty else { return false }
            for byte in bytes where !isTokenCharacter(byte) { return false }
            return true
        }
        return fast ?? (!string.utf8.isEmpty && string.utf8.allSatisfy(isTokenCharacter))
    }

    /// `true` when `string` may be sent as a field value: no CR, LF, NUL or other control
    /// (prevents response splitting, swift-nio CVE-2022-3215).
    static func isSafeFieldValue(_ string: String) -> Bool {
        let fast = string.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where !isFieldValueCharacter(byte) { return false }
            return true
        }
        return fast ?? string.utf8.allSatisfy(isFieldValueCharacter)
    }
}
