import Foundation
import GazetteCore
import Glibc

/// The `snippet` of a search result: text around the first match, HTML-escaped, with every
/// match of a query term wrapped in `<mark>…</mark>`.
enum Snippet {
    static let before = 40
    static let after = 100

    /// - Parameter byBytes: whether plain text may be matched by bytes (``PlainMatching``);
    ///   `false` only to compare the two ways in tests.
    static func make(title: String, text: String, terms: [String], byBytes: Bool = true) -> String {
        let plain = byBytes ? PlainMatching(terms: terms) : nil
        // Whether a text is plain is decided once for it; a window of it is plain too.
        let textPlain = plain?.accepting(text)
        let inText = firstMatch(in: text, from: text.startIndex, terms: terms, plain: textPlain)
        let (source, sourcePlain) = inText != nil ? (text, textPlain) : (title, plain?.accepting(title))
        guard !source.isEmpty else { return "" }
        let start =
            inText?.lowerBound
            ?? firstMatch(in: source, from: source.startIndex, terms: terms, plain: sourcePlain)?.lowerBound
            ?? source.startIndex
        let from = source.index(start, offsetBy: -before, limitedBy: source.startIndex) ?? source.startIndex
        let to = source.index(start, offsetBy: after, limitedBy: source.endIndex) ?? source.endIndex
        var html = from > source.startIndex ? "…" : ""
        html += marked(source[from..<to], terms: terms, plain: sourcePlain)
        if to < source.endIndex { html += "…" }
        return html
    }

    /// The earliest range at or after `from` where a term occurs (case and diacritics
    /// ignored), the longest when several start there: by comparing bytes when `plain` (which
    /// accepted this text) is given, by Foundation's search otherwise.
    private static func firstMatch<S: StringProtocol>(
        in text: S, from: S.Index, terms: [String], plain: PlainMatching?
    ) -> Range<S.Index>? {
        if let plain { return plain.firstMatch(in: text, from: from) }
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
    private static func marked(_ window: Substring, terms: [String], plain: PlainMatching?) -> String {
        var out = ""
        var index = window.startIndex
        while index < window.endIndex, let match = firstMatch(in: window, from: index, terms: terms, plain: plain) {
            out += escape(String(window[index..<match.lowerBound]))
            out += "<mark>" + escape(String(window[match])) + "</mark>"
            index = match.upperBound
        }
        out += escape(String(window[index...]))
        return out
    }

    static func escape(_ text: String) -> String { MarkupEscaping.escaped(text) }
}

/// Snippet matching by bytes where it gives exactly what Foundation's case- and
/// diacritic-insensitive search gives, which cost a quarter of a search request (about 600,000
/// instructions a snippet, folding every character cluster of the body).
///
/// It applies when every term is CJK unified ideographs and ASCII letters and digits, which
/// have no decomposition, and the text holds only scalars that can neither fold into such a
/// character nor attach to one: ASCII, Latin and IPA up to U+02FF, general punctuation and
/// symbols, CJK punctuation, kana and ideographs, private use, and fullwidth and compatibility
/// forms, less every combining mark, joiner, variation selector and other grapheme extender in
/// those blocks (and U+FEFF, U+FFF9–FFFB). When a term has a letter, the text must also have no
/// scalar from U+0080 to U+02FF or from U+2100 to U+218F (`é`, `ß`, `ſ`, `ı`, the Kelvin and
/// Angström signs…, which fold into ASCII letters), and letters are compared without case.
/// A compatibility ideograph (U+F900…), which Foundation matches to its unified ideograph, a
/// combining mark, which it ignores, or anything outside the list sends the text to
/// Foundation. `SnippetTests` compares the two on random text made of these very characters.
struct PlainMatching {
    /// Each term's UTF-8, ASCII letters lowercased.
    let terms: [[UInt8]]
    /// Whether a term has an ASCII letter (compared without case, on a stricter text).
    let hasLetters: Bool

    /// `nil` unless every term is plain (and there is one).
    init?(terms: [String]) {
        guard !terms.isEmpty else { return nil }
        var bytes: [[UInt8]] = []
        var hasLetters = false
        for term in terms {
            guard !term.isEmpty, term.unicodeScalars.allSatisfy(Self.isPlainTermScalar) else { return nil }
            bytes.append(term.utf8.map(Self.lowercased))
            hasLetters = hasLetters || term.utf8.contains { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        }
        self.terms = bytes
        self.hasLetters = hasLetters
    }

    static func isPlainTermScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
        default: return false
        }
    }

    /// `byte` with an ASCII capital made small.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Whether a scalar of the text leaves byte comparison exact (see the type's notes); with
    /// `letters`, for terms that have ASCII letters.
    static func isPlainTextScalar(_ value: UInt32, letters: Bool = false) -> Bool {
        if letters && ((0x80...0x2FF).contains(value) || (0x2100...0x218F).contains(value)) { return false }
        switch value {
        case 0x00...0x2FF: return true
        case 0x2000...0x200B, 0x200E...0x20CF, 0x2100...0x2CEE, 0x2CF2...0x2D7E, 0x2D80...0x2DDF, 0x2E00...0x2FFF:
            return true
        case 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x9FFF: return true
        case 0xE000...0xF8FF: return true
        case 0xFE30...0xFEFE, 0xFF00...0xFF9D, 0xFFA0...0xFFEF: return true
        default: return false
        }
    }

    /// Whether every scalar of `utf8` (valid UTF-8) is plain (``isPlainTextScalar(_:letters:)``).
    static func isPlainText(_ utf8: UnsafeBufferPointer<UInt8>, letters: Bool = false) -> Bool {
        var index = 0
        let count = utf8.count
        while index < count {
            let lead = utf8[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let value: UInt32
            if lead < 0xE0, index + 1 < count {
                value = UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0, index + 2 < count {
                value = UInt32(lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
                index += 3
            } else {
                return false
            }
            guard isPlainTextScalar(value, letters: letters) else { return false }
        }
        return true
    }

    /// `self` when `text` is plain for these terms (its UTF-8 contiguous, every scalar passing
    /// ``isPlainTextScalar(_:letters:)``), so it may be searched by bytes; `nil` otherwise.
    func accepting<S: StringProtocol>(_ text: S) -> PlainMatching? {
        let plain = text.utf8.withContiguousStorageIfAvailable { Self.isPlainText($0, letters: hasLetters) }
        return plain == true ? self : nil
    }

    /// The first match at or after `from`, found by bytes, in text this matcher accepted
    /// (``accepting(_:)``) or a part of such text (whose UTF-8 is contiguous too).
    func firstMatch<S: StringProtocol>(in text: S, from: S.Index) -> Range<S.Index>? {
        let utf8 = text.utf8
        let start = utf8.distance(from: utf8.startIndex, to: from)
        let found = utf8.withContiguousStorageIfAvailable { bytes -> (start: Int, end: Int)? in
            var best: (start: Int, end: Int)?
            for term in terms {
                guard let offset = Self.offset(of: term, in: bytes, from: start) else { continue }
                if let current = best,
                    current.start < offset || (current.start == offset && current.end >= offset + term.count)
                {
                    continue
                }
                best = (offset, offset + term.count)
            }
            return best
        }
        guard let match = found ?? nil else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: match.start)
        return lower..<utf8.index(lower, offsetBy: match.end - match.start)
    }

    /// Where `term` (not empty, lowercased) first occurs in `bytes` at or after `start`, ASCII
    /// letters compared without case: `memchr` for its first byte (each case of it for a
    /// letter), then the rest byte by byte.
    static func offset(of term: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, let first = term.first else { return nil }
        let last = bytes.count - term.count
        guard start <= last else { return nil }
        let other = first &- 0x61 < 26 ? first & ~0x20 : first
        var position = start
        while position <= last {
            let span = last - position + 1
            var hit = memchr(base + position, Int32(first), span)
            if other != first, let upper = memchr(base + position, Int32(other), span), hit.map({ upper < $0 }) ?? true
            {
                hit = upper
            }
            guard let hit else { return nil }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            var same = true
            for index in 1..<term.count where lowercased(base[offset + index]) != term[index] {
                same = false
                break
            }
            if same { return offset }
            position = offset + 1
        }
        return nil
    }
}
