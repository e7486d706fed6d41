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
            if character.isWhitespace {
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
    public static func characterCount(of text: String) -> Int {
        var count = 0
        for character in text where !character.isWhitespace { count += 1 }
        return count
    }

    private static func trimmedEnd(_ text: String) -> String {
        var text = text
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
