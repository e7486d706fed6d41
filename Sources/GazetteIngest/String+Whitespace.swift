extension Unicode.Scalar {
    /// Whether the scalar is white space for text folding: ASCII white space, and any
    /// Unicode `White_Space` character (U+3000 ideographic space and U+00A0 included).
    var isFoldableWhitespace: Bool {
        if value < 0x80 {
            return value == 0x20 || (value >= 0x09 && value <= 0x0D)
        }
        return properties.isWhitespace
    }
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
        trimming { $0.isFoldableWhitespace }
    }

    /// The string without leading white space, U+3000 included.
    func trimmingLeadingFoldableWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.isFoldableWhitespace }) else { return "" }
        return start == scalars.startIndex ? self : String(scalars[start...])
    }

    /// The string without trailing white space, U+3000 included.
    func trimmingTrailingFoldableWhitespace() -> String {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { !$0.isFoldableWhitespace }) else { return "" }
        let end = scalars.index(after: last)
        return end == scalars.endIndex ? self : String(scalars[..<end])
    }

    /// Whether the string is empty or holds only white space (U+3000 included).
    var isFoldableWhitespace: Bool {
        unicodeScalars.allSatisfy { $0.isFoldableWhitespace }
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
