/// The text-derived fields of API.md's "Precise rules": `excerpt` and `char_count`.
public enum TextMetrics {
    /// Maximum length of an excerpt, in grapheme clusters, before the `…`.
    public static let excerptLength = 120

    /// At most ``excerptLength`` grapheme clusters of `text`, whitespace runs (U+3000 included)
    /// folded to one space and trimmed, plus `…` when cut.
    ///
    /// Cutting by `Character` never splits an emoji or a combining sequence.
    public static func excerpt(of text: String) -> String {
        var result = ""
        var count = 0
        var pendingSpace = false
        for character in text {
            if isWhitespace(character) {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                if count == excerptLength { return result + "…" }
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            if count == excerptLength { return trimmedEnd(result) + "…" }
            result.append(character)
            count += 1
        }
        return result
    }

    /// Grapheme clusters of `text` that are not whitespace.
    ///
    /// Counted as all grapheme clusters less the whitespace ones. A whitespace scalar starts a
    /// cluster of its own (nothing but combining marks can follow it in one, and those leave it
    /// whitespace, as `Character.isWhitespace` does), and CR LF is one cluster of two.
    public static func characterCount(of text: String) -> Int {
        var whitespace = 0
        var scalars = 0
        var crlf = 0
        var allBreak = true
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            scalars += 1
            if allBreak && !alwaysBreaks(scalar) { allBreak = false }
            if isWhitespace(scalar) {
                if previousWasCR && scalar == "\n" { crlf += 1 } else { whitespace += 1 }
                previousWasCR = scalar == "\r"
            } else {
                previousWasCR = false
            }
        }
        // When every scalar is one that a grapheme boundary always surrounds (UAX #29), the
        // clusters are the scalars, CR LF pairs counted once; otherwise the standard library
        // segments the text.
        let clusters = allBreak ? scalars - crlf : text.count
        return clusters - whitespace
    }

    /// Scalars with Grapheme_Cluster_Break = Other or Control (no Extend, ZWJ, SpacingMark,
    /// Prepend, Regional_Indicator or Hangul parts) and no Extended_Pictographic: ASCII,
    /// Latin-1 and Latin Extended, general punctuation, CJK punctuation, kana, unified
    /// ideographs, full-width forms.
    @inline(__always)
    static func alwaysBreaks(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x300 { return value != 0xA9 && value != 0xAE }  // © and ® are pictographic
        if value >= 0x4E00 && value <= 0x9FFF { return true }
        if value >= 0x2010 && value <= 0x205E {  // ‐ – — ‘ ’ “ ” … ‰ ※, but not ‼ ⁉ (pictographic)
            return value != 0x203C && value != 0x2049
        }
        if value >= 0x3000 && value <= 0x30FF {
            return !(0x302A...0x302F).contains(value) && value != 0x3030 && value != 0x303D
                && !(0x3099...0x309A).contains(value)
        }
        return value >= 0xFF01 && value <= 0xFF60
    }

    /// Unicode's White_Space property (PropList.txt), as a table: the property lookup in the
    /// standard library is the slowest part of counting otherwise.
    @inline(__always)
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        if value < 0x1680 { return value == 0x85 || value == 0xA0 }
        if value < 0x2000 { return value == 0x1680 }
        if value <= 0x200A { return true }
        return value == 0x2028 || value == 0x2029 || value == 0x202F || value == 0x205F || value == 0x3000
    }

    /// Whether a grapheme cluster is whitespace (its first scalar is, as `Character.isWhitespace`).
    @inline(__always)
    static func isWhitespace(_ character: Character) -> Bool {
        character.unicodeScalars.first.map(isWhitespace) ?? false
    }

    private static func trimmedEnd(_ text: String) -> String {
        var text = text
        while text.last.map(isWhitespace) == true { text.removeLast() }
        return text
    }
}
