/// A user's search (`q`), parsed into an FTS5 expression over the columns ``SearchText``
/// fills: `title1, title2, body1, body2`.
///
/// Syntax: words are ANDed; `"a phrase"` matches its words in order; `-word` excludes; the
/// last plain word also matches as a prefix. Everything a user types is taken literally:
/// FTS5 operators (`AND`, `OR`, `NEAR`, `*`, `^`, parentheses, column names) are just words,
/// because every token reaches SQLite inside a quoted string.
public struct SearchQuery: Sendable, Equatable {
    /// Longest `q` accepted, in bytes.
    public static let maxBytes = 512
    /// Most terms in one query.
    public static let maxTerms = 16

    /// The FTS5 MATCH expression.
    public let expression: String
    /// What to mark in snippets: CJK runs as written and folded words.
    public let highlights: [String]
    /// Whether a phrase ends in a prefix of more than one character (the last plain word,
    /// `stock *`): FTS5 then merges the lists of every token with that prefix, where a
    /// one-character prefix has an index of its own (`migrations/0006`).
    public let hasLongPrefix: Bool

    /// Why a query cannot be run.
    public enum Problem: Error, Equatable, Sendable {
        case tooLong
        case tooManyTerms
        /// Nothing searchable is left (only punctuation, or only exclusions).
        case nothingToFind
    }

    public init(parsing text: String) throws(Problem) {
        guard text.utf8.count <= Self.maxBytes else { throw .tooLong }
        let terms = Self.terms(of: text)
        guard terms.count <= Self.maxTerms else { throw .tooManyTerms }
        var positive: [String] = []
        var negative: [String] = []
        var highlights: [String] = []
        var hasLongPrefix = false
        let lastPlain = terms.lastIndex { !$0.isPhrase && !$0.isNegated }
        for (index, term) in terms.enumerated() {
            var segments: [SearchText.Segment] = []
            SearchText.forEachSegment(of: term.text) { segments.append($0) }
            guard !segments.isEmpty else { continue }
            let (expression, prefixWord) = Self.expression(
                for: segments, phrase: term.isPhrase, prefix: index == lastPlain)
            if let prefixWord, prefixWord.unicodeScalars.count > 1 { hasLongPrefix = true }
            if term.isNegated {
                negative.append(expression)
            } else {
                positive.append(expression)
                for segment in segments {
                    switch segment {
                    case .cjk(let run):
                        var text = ""
                        text.unicodeScalars.append(contentsOf: run)
                        highlights.append(text)
                    case .word(let word): highlights.append(word)
                    }
                }
            }
        }
        guard !positive.isEmpty else { throw .nothingToFind }
        var expression = positive.joined(separator: " AND ")
        for excluded in negative { expression = "(\(expression)) NOT \(excluded)" }
        self.expression = expression
        self.highlights = highlights
        self.hasLongPrefix = hasLongPrefix
    }

    private struct Term {
        var text: String
        var isPhrase: Bool
        var isNegated: Bool
    }

    /// Splits on whitespace, keeping `"…"` together (an unclosed quote runs to the end) and
    /// reading a leading `-` as exclusion.
    private static func terms(of text: String) -> [Term] {
        var terms: [Term] = []
        var current = ""
        var inQuotes = false
        var negated = false
        var quoted = false
        func finish() {
            if !current.isEmpty { terms.append(Term(text: current, isPhrase: quoted, isNegated: negated)) }
            current = ""
            negated = false
            quoted = false
        }
        for character in text {
            if inQuotes {
                if character == "\"" {
                    inQuotes = false
                    finish()
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                finish()
                inQuotes = true
                quoted = true
            } else if character.isWhitespace {
                finish()
            } else if character == "-" && current.isEmpty && !negated {
                negated = true
            } else {
                current.append(character)
            }
        }
        finish()
        return terms
    }

    /// FTS5 for one term's segments: CJK runs as bigram phrases, words as word phrases (each
    /// matches only its own columns, see ``SearchText``); consecutive words of a phrase or a
    /// hyphenated word as one phrase. Also returns the word written as a prefix (`word *`),
    /// if any.
    private static func expression(
        for segments: [SearchText.Segment], phrase: Bool, prefix: Bool
    ) -> (expression: String, prefixWord: String?) {
        var parts: [String] = []
        var words: [String] = []
        var prefixWord: String?
        func flushWords(isLast: Bool) {
            guard !words.isEmpty else { return }
            if prefix && !phrase && isLast {
                parts.append("\(quoted(words)) *")
                prefixWord = words.last
            } else {
                parts.append(quoted(words))
            }
            words = []
        }
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .word(let word):
                words.append(word)
            case .cjk(let run):
                flushWords(isLast: false)
                parts.append(cjkExpression(run))
            }
            if index == segments.count - 1 { flushWords(isLast: true) }
        }
        return (parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")", prefixWord)
    }

    /// A CJK run: one character as a prefix of the tokens that start with it, longer runs as
    /// the phrase of their bigrams.
    private static func cjkExpression(_ run: [Unicode.Scalar]) -> String {
        if run.count == 1 { return "\(quoted([String(run[0])])) *" }
        let bigrams = (0..<(run.count - 1)).map { String(run[$0]) + String(run[$0 + 1]) }
        return quoted(bigrams)
    }

    /// An FTS5 string (a phrase of `tokens`); `"` is doubled, though tokens never hold one.
    private static func quoted(_ tokens: [String]) -> String {
        "\"" + tokens.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
