import Foundation
import GazetteCore

/// The `snippet` of a search result: text around the first match, HTML-escaped, with every
/// match of a query term wrapped in `<mark>…</mark>`.
enum Snippet {
    static let before = 40
    static let after = 100

    static func make(title: String, text: String, terms: [String]) -> String {
        let source = firstMatch(in: text, terms: terms) != nil ? text : title
        let characters = Array(source)
        guard !characters.isEmpty else { return "" }
        let start =
            firstMatch(in: source, terms: terms).map { source.distance(from: source.startIndex, to: $0.lowerBound) }
            ?? 0
        let from = max(0, start - before)
        let to = min(characters.count, start + after)
        let window = String(characters[from..<to])
        var html = from > 0 ? "…" : ""
        html += marked(window, terms: terms)
        if to < characters.count { html += "…" }
        return html
    }

    /// The first range in `text` where a term occurs (case and diacritics ignored).
    private static func firstMatch(in text: String, terms: [String]) -> Range<String.Index>? {
        terms.compactMap { text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) }
            .min { $0.lowerBound < $1.lowerBound }
    }

    /// `window` escaped, with terms marked. Matching happens on the raw text, escaping after,
    /// so a term can never match inside an entity or a tag.
    private static func marked(_ window: String, terms: [String]) -> String {
        var out = ""
        var index = window.startIndex
        while index < window.endIndex {
            let rest = window[index...]
            if let range = terms.compactMap({
                rest.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive, .anchored])
            })
            .max(by: { $0.upperBound < $1.upperBound }), !range.isEmpty {
                out += "<mark>" + escape(String(window[range])) + "</mark>"
                index = range.upperBound
            } else {
                out += escape(String(window[index]))
                index = window.index(after: index)
            }
        }
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
