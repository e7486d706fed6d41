import Foundation
import GazetteCore

/// The `snippet` of a search result: text around the first match, HTML-escaped, with every
/// match of a query term wrapped in `<mark>…</mark>`.
enum Snippet {
    static let before = 40
    static let after = 100

    static func make(title: String, text: String, terms: [String]) -> String {
        let inText = firstMatch(in: text, from: text.startIndex, terms: terms)
        let source = inText != nil ? text : title
        guard !source.isEmpty else { return "" }
        let start =
            inText?.lowerBound ?? firstMatch(in: source, from: source.startIndex, terms: terms)?.lowerBound
            ?? source.startIndex
        let from = source.index(start, offsetBy: -before, limitedBy: source.startIndex) ?? source.startIndex
        let to = source.index(start, offsetBy: after, limitedBy: source.endIndex) ?? source.endIndex
        var html = from > source.startIndex ? "…" : ""
        html += marked(source[from..<to], terms: terms)
        if to < source.endIndex { html += "…" }
        return html
    }

    /// The earliest range at or after `from` where a term occurs (case and diacritics
    /// ignored), the longest when several start there.
    private static func firstMatch<S: StringProtocol>(
        in text: S, from: S.Index, terms: [String]
    ) -> Range<S.Index>? {
        var best: Range<S.Index>?
        for term in terms {
            guard
                let range = text.range(
                    of: term, options: [.caseInsensitive, .diacriticInsensitive], range: from..<text.endIndex),
                !range.isEmpty
            else { continue }
            if let current = best,
                current.lowerBound < range.lowerBound
                    || (current.lowerBound == range.lowerBound && current.upperBound >= range.upperBound)
            {
                continue
            }
            best = range
        }
        return best
    }

    /// `window` escaped, with terms marked. Matching happens on the raw text, escaping after,
    /// so a term can never match inside an entity or a tag.
    private static func marked(_ window: Substring, terms: [String]) -> String {
        var out = ""
        var index = window.startIndex
        while index < window.endIndex, let match = firstMatch(in: window, from: index, terms: terms) {
            out += escape(String(window[index..<match.lowerBound]))
            out += "<mark>" + escape(String(window[match])) + "</mark>"
            index = match.upperBound
        }
        out += escape(String(window[index...]))
        return out
    }

    static func escape(_ text: String) -> String { MarkupEscaping.escaped(text) }
}
