import GazetteCore

extension Unicode.Scalar {
    /// Whether the scalar is white space for text folding: Unicode's `White_Space` characters
    /// (ASCII white space, U+3000 ideographic space and U+00A0 included), from GazetteCore's
    /// table rather than the per-scalar property lookup.
    var isFoldableWhitespace: Bool { TextMetrics.isWhitespace(self) }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingASCIIWhitespace() -> String {
        trimming { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
    }

    /// The string without leading and trailing C0 controls and spaces (WHATWG URL §4.4).
    func trimmingC0ControlsAndSpace() -> String {
        trimming { $0.value <= 0x20 }
    }

    /// The string without leading and trailing white space, U+3000 included.
    func trimmingFoldableWhitespace() -> String {
        trimmingFoldableWhitespace(leading: true, trailing: true)
    }

    /// The string without leading white space, U+3000 included.
    func trimmingLeadingFoldableWhitespace() -> String {
        trimmingFoldableWhitespace(leading: true, trailing: false)
    }

    /// The string without trailing white space, U+3000 included.
    func trimmingTrailingFoldableWhitespace() -> String {
        trimmingFoldableWhitespace(leading: false, trailing: true)
    }

    /// Removes leading white space (U+3000 included), in place when the string is unique.
    mutating func trimLeadingFoldableWhitespace() {
        let start = foldableWhitespaceBounds(leading: true, trailing: false).lowerBound
        if start > 0 { removeSubrange(startIndex..<utf8.index(startIndex, offsetBy: start)) }
    }

    /// Removes trailing white space (U+3000 included), in place when the string is unique.
    mutating func trimTrailingFoldableWhitespace() {
        let end = foldableWhitespaceBounds(leading: false, trailing: true).upperBound
        if end < utf8.count { removeSubrange(utf8.index(startIndex, offsetBy: end)..<endIndex) }
    }

    /// Trims on the UTF-8 bytes (white space is whole scalars, so the cuts fall between
    /// scalars), and returns `self` without a copy when nothing is cut.
    private func trimmingFoldableWhitespace(leading: Bool, trailing: Bool) -> String {
        let bounds = foldableWhitespaceBounds(leading: leading, trailing: trailing)
        if bounds.isEmpty { return "" }
        if bounds.count == utf8.count { return self }
        let start = utf8.index(utf8.startIndex, offsetBy: bounds.lowerBound)
        let end = utf8.index(start, offsetBy: bounds.count)
        return String(self[start..<end])
    }

    /// The byte offsets of the string without its leading and/or trailing white space.
    private func foldableWhitespaceBounds(leading: Bool, trailing: Bool) -> Range<Int> {
        let bounds = utf8.withContiguousStorageIfAvailable { bytes -> Range<Int> in
            var start = 0
            var end = bytes.count
            if leading {
                while start < end {
                    let length = bytes.foldableWhitespaceLength(at: start)
                    if length == 0 { break }
                    start += length
                }
            }
            if trailing {
                while end > start {
                    let length = bytes.foldableWhitespaceLength(endingAt: end)
                    if length == 0 { break }
                    end -= length
                }
            }
            return start..<end
        }
        if let bounds { return bounds }
        var contiguous = self
        contiguous.makeContiguousUTF8()
        return contiguous.foldableWhitespaceBounds(leading: leading, trailing: trailing)
    }

    /// The first occurrence of `needle`, compared byte for byte (no Unicode equivalence,
    /// which is what labels need, and much cheaper than a character search).
    func utf8Range(of needle: String) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard let start = utf8Offset(of: pattern) else { return nil }
        let lower = utf8.index(startIndex, offsetBy: start)
        return lower..<utf8.index(lower, offsetBy: pattern.count)
    }

    /// The byte offset of the first occurrence of `pattern` in the UTF-8 of the string.
    private func utf8Offset(of pattern: [UInt8]) -> Int? {
        let found = utf8.withContiguousStorageIfAvailable { haystack -> Int? in
            guard !pattern.isEmpty, pattern.count <= haystack.count else { return nil }
            for start in 0...(haystack.count - pattern.count)
            where haystack[start] == pattern[0] && haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
                return start
            }
            return nil
        }
        if let found { return found }
        var contiguous = self
        contiguous.makeContiguousUTF8()
        return contiguous.utf8Offset(of: pattern)
    }

    /// Whether the string is empty or holds only white space (U+3000 included).
    var isFoldableWhitespace: Bool {
        let result = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let length = bytes.foldableWhitespaceLength(at: index)
                if length == 0 { return false }
                index += length
            }
            return true
        }
        if let result { return result }
        var contiguous = self
        contiguous.makeContiguousUTF8()
        return contiguous.isFoldableWhitespace
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        if start == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[start...last])
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The length in bytes of the white space (as ``Unicode/Scalar/isFoldableWhitespace``)
    /// that starts at `index` of this UTF-8 text, or 0.
    func foldableWhitespaceLength(at index: Int) -> Int {
        let byte = self[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        let remaining = count - index
        switch byte {
        case 0xC2 where remaining >= 2:
            return self[index + 1] == 0x85 || self[index + 1] == 0xA0 ? 2 : 0
        case 0xE1 where remaining >= 3:
            return self[index + 1] == 0x9A && self[index + 2] == 0x80 ? 3 : 0
        case 0xE2 where remaining >= 3:
            let second = self[index + 1]
            let third = self[index + 2]
            if second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) { return 3 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3 where remaining >= 3:
            return self[index + 1] == 0x80 && self[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The length in bytes of the white space that ends just before `end`, or 0.
    func foldableWhitespaceLength(endingAt end: Int) -> Int {
        if foldableWhitespaceLength(at: end - 1) == 1 { return 1 }
        if end >= 3 && foldableWhitespaceLength(at: end - 3) == 3 { return 3 }
        if end >= 2 && foldableWhitespaceLength(at: end - 2) == 2 { return 2 }
        return 0
    }
}
