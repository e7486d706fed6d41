import Foundation

/// The search index's view of text: CJK unigrams and bigrams, and folded Latin words.
///
/// SQLite's own tokenizers fail Chinese (`unicode61` makes a run of Han characters one token;
/// `trigram` cannot match queries under three characters), so Gazette tokenizes in Swift and
/// hands FTS5 space-separated tokens:
/// - `grams1`: every Latin/other-script word, folded (lowercase, diacritics removed,
///   full-width ASCII made ASCII), in text order;
/// - `grams2`: for each CJK run, its overlapping bigrams in order, then its last character
///   alone. Every character of a run starts exactly one token, so a one-character query is a
///   prefix query (answered from FTS5's one-character prefix index, `migrations/0006`, as one
///   doclist rather than a merge of every pair that starts with the character); a longer one is the phrase of its bigrams, which cannot match across runs
///   because a lone character always ends a run. Both are exact substring matches.
///
/// The two token sets never meet: a `grams1` token holds no CJK character (folding a word
/// never makes one; half-width Hangul, which folds to Hangul, is CJK here) and a `grams2`
/// token holds nothing else. So a query needs no column filter to stay in its columns, and
/// leaves it out: FTS5 then skips filtering every matching row's positions by column.
public enum SearchText {
    /// Bumped when tokens would come out differently: the store then rebuilds the index.
    public static let version = 3

    /// The token streams of one field of a document.
    public struct Grams: Sendable, Equatable {
        public var grams1: String
        public var grams2: String
    }

    /// One piece of segmented text.
    enum Segment: Equatable {
        /// A run of CJK characters (as written).
        case cjk([Unicode.Scalar])
        /// A word, folded.
        case word(String)
    }

    /// Tokens of `text` for the index: the tokens of ``forEachSegment(of:_:)``'s segments,
    /// written straight into the two byte buffers.
    ///
    /// It makes every article's tokens at ingest, so it avoids what the segment walk costs per
    /// piece (an array per CJK run, a `String` per word, a closure call): a run's bigrams are
    /// written as its characters arrive, and an ASCII word (most of them) is lowercased into
    /// `grams1` in place; only a word with other letters is folded through Foundation.
    public static func grams(of text: String) -> Grams {
        var grams1: [UInt8] = []
        var grams2: [UInt8] = []
        grams1.reserveCapacity(text.utf8.count)
        grams2.reserveCapacity(text.utf8.count * 2)
        // The run's previous character, when inside a CJK run.
        var previous: Unicode.Scalar?
        // Where the current word starts in `grams1`, when inside a word.
        var wordStart: Int?
        var wordIsASCII = true
        func flushRun() {
            guard let last = previous else { return }
            if !grams2.isEmpty { grams2.append(0x20) }
            appendUTF8(last, to: &grams2)
            previous = nil
        }
        func startWord() {
            guard wordStart == nil else { return }
            if !grams1.isEmpty { grams1.append(0x20) }
            wordStart = grams1.count
        }
        func flushWord() {
            guard let start = wordStart else { return }
            if !wordIsASCII {
                let word = String(decoding: grams1[start...], as: UTF8.self)
                let folded = word.folding(
                    options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                grams1.removeSubrange(start...)
                grams1.append(contentsOf: folded.utf8)
            }
            wordStart = nil
            wordIsASCII = true
        }
        for original in text.unicodeScalars {
            switch classify(original) {
            case .asciiWordByte(let byte):
                flushRun()
                startWord()
                grams1.append(byte)
            case .cjk:
                flushWord()
                if let first = previous {
                    if !grams2.isEmpty { grams2.append(0x20) }
                    appendUTF8(first, to: &grams2)
                    appendUTF8(original, to: &grams2)
                }
                previous = original
            case .otherWord:
                flushRun()
                startWord()
                appendUTF8(original, to: &grams1)
                wordIsASCII = false
            case .separator:
                flushRun()
                flushWord()
            }
        }
        flushRun()
        flushWord()
        return Grams(grams1: String(decoding: grams1, as: UTF8.self), grams2: String(decoding: grams2, as: UTF8.self))
    }

    /// Calls `body` with the CJK runs and folded words of `text`, in order; everything else
    /// (spaces, punctuation, symbols) separates them.
    static func forEachSegment(of text: String, _ body: (Segment) -> Void) {
        var run: [Unicode.Scalar] = []
        var word: [Unicode.Scalar] = []
        var wordIsASCII = true
        func flushRun() {
            if !run.isEmpty {
                body(.cjk(run))
                run.removeAll(keepingCapacity: true)
            }
        }
        func flushWord() {
            guard !word.isEmpty else { return }
            var text = ""
            text.unicodeScalars.append(contentsOf: word)
            if !wordIsASCII {
                text = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            }
            body(.word(text))
            word.removeAll(keepingCapacity: true)
            wordIsASCII = true
        }
        for original in text.unicodeScalars {
            switch classify(original) {
            case .asciiWordByte(let byte):
                flushRun()
                word.append(Unicode.Scalar(byte))
            case .cjk:
                flushWord()
                run.append(original)
            case .otherWord:
                flushRun()
                word.append(original)
                wordIsASCII = false
            case .separator:
                flushRun()
                flushWord()
            }
        }
        flushRun()
        flushWord()
    }

    /// What one scalar is to the tokenizers, so that ``grams(of:)`` (the index) and
    /// ``forEachSegment(of:_:)`` (queries) cannot disagree.
    enum ScalarClass: Equatable {
        /// An ASCII letter or digit (full-width ones too), lowercased: part of a word.
        case asciiWordByte(UInt8)
        /// A character of a CJK run.
        case cjk
        /// A letter or digit of another script: part of a word, which is then folded.
        case otherWord
        /// Anything else: spaces, punctuation, symbols end the current run or word.
        case separator
    }

    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        var value = scalar.value
        // Full-width ASCII (U+FF01–FF5E) is ASCII for search.
        if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
        if value < 0x80 {
            if (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) { return .asciiWordByte(UInt8(value)) }
            if (0x41...0x5A).contains(value) { return .asciiWordByte(UInt8(value + 0x20)) }
            return .separator
        }
        if isCJK(scalar) { return .cjk }
        if isWordCharacter(scalar) { return .otherWord }
        return .separator
    }

    /// Han ideographs (with 々 and 〇), kana and Hangul: scripts written without spaces.
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        case 0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return true
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F, 0xFFA0...0xFFDC: return true
        case 0x3005, 0x3007: return true
        default: return false
        }
    }

    /// Letters, marks and digits of other scripts (Latin with diacritics, Greek, Cyrillic…).
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
