/// Turns a tree of ``HTMLNode`` values into plain text, paragraph by paragraph.
///
/// - Block elements (``blockElements``) delimit paragraphs; paragraphs are joined by
///   exactly one blank line (`"\n\n"`) and none is empty.
/// - `<br>` breaks the line inside a paragraph; two in a row (an empty line) end it.
/// - Inside a paragraph, runs of white space (U+3000 and U+00A0 included) fold to one
///   space, and each line is trimmed, so Sina's leading `　　` indents disappear.
/// - A line break in the source between two CJK characters (a hard-wrapped Chinese or
///   Japanese sentence) is no space at all: those scripts do not separate words, and the
///   CSS Text segment-break rules drop such a break too (CSS Text 3 §4.1.2).
/// - Inside `<pre>`, text is kept line by line, indentation included (trailing white space
///   of each line trimmed).
/// - Table cells are separated by a space; images, comments and void elements give no text.
struct TextExtractor: Sendable {
    /// Elements that start and end a paragraph of text.
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "aside", "header", "footer", "nav", "main", "address", "hgroup",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "figure",
        "figcaption", "table", "thead", "tbody", "tfoot", "tr", "caption", "hr", "details", "summary", "center",
        "form", "fieldset", "legend", "menu", "dir", "body", "html",
    ]

    /// The plain text of `nodes`: paragraphs separated by `"\n\n"`.
    func text(of nodes: [HTMLNode]) -> String {
        var state = State(separator: [0x0A, 0x0A])
        state.visit(nodes, inPre: false)
        state.endParagraph()
        return String(decoding: state.output, as: UTF8.self)
    }

    /// The text of inline content as one string: lines (from `<br>` or blocks) joined by
    /// `"\n"`, white space folded and trimmed.
    func inlineText(of nodes: [HTMLNode]) -> String {
        var state = State(separator: [0x0A])
        state.visit(nodes, inPre: false)
        state.endParagraph()
        return String(decoding: state.output, as: UTF8.self)
    }

    /// The text being built, as UTF-8 bytes written straight into one buffer: appending byte
    /// runs is much cheaper than appending characters, and no line or paragraph is a value of
    /// its own.
    private struct State {
        /// Written between two paragraphs.
        let separator: [UInt8]
        /// The finished paragraphs, and the lines so far of the one in progress.
        var output: [UInt8] = []
        /// Whether the paragraph in progress has a non-empty line in `output` yet.
        var isParagraphOpen = false
        /// The line in progress.
        var line: [UInt8] = []
        var pendingSpace = false
        /// Whether the pending white space holds a source line break and only ASCII white space.
        var pendingHasLineBreak = false
        var pendingHasWideSpace = false

        init(separator: [UInt8]) {
            self.separator = separator
        }

        mutating func visit(_ nodes: [HTMLNode], inPre: Bool) {
            for node in nodes {
                switch node {
                case .text(let text):
                    if inPre { appendPreformatted(text) } else { appendFolded(text) }
                case .comment:
                    break
                case .element(let element):
                    let traits = element.traits
                    if traits.contains(.lineBreak) {
                        breakLine()
                    } else if traits.contains(.tableCell) {
                        pendingSpace = !line.isEmpty
                        pendingHasLineBreak = false
                        visit(element.children, inPre: inPre)
                        pendingSpace = !line.isEmpty
                        pendingHasLineBreak = false
                    } else if traits.contains(.block) {
                        endParagraph()
                        visit(element.children, inPre: inPre || traits.contains(.preformatted))
                        endParagraph()
                    } else {
                        visit(element.children, inPre: inPre)
                    }
                }
            }
        }

        mutating func appendFolded(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                var index = 0
                var runStart = 0
                while index < bytes.count {
                    let whitespace = bytes.foldableWhitespaceLength(at: index)
                    if whitespace == 0 {
                        index += 1
                        continue
                    }
                    appendRun(bytes, from: runStart, to: index)
                    pendingSpace = !line.isEmpty
                    if whitespace > 1 {
                        pendingHasWideSpace = true
                    } else if bytes[index] == 0x0A || bytes[index] == 0x0D {
                        pendingHasLineBreak = true
                    }
                    index += whitespace
                    runStart = index
                }
                appendRun(bytes, from: runStart, to: bytes.count)
            }
        }

        private mutating func appendRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
            guard start < end else { return }
            if pendingSpace {
                let joinsCJK =
                    pendingHasLineBreak && !pendingHasWideSpace && Self.firstScalar(bytes, from: start).isCJK
                    && Self.lastScalar(of: line).isCJK
                if !joinsCJK { line.append(0x20) }
                pendingSpace = false
            }
            pendingHasLineBreak = false
            pendingHasWideSpace = false
            line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }

        /// The scalar starting at byte `start` (a scalar boundary), decoded in place.
        private static func firstScalar(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Unicode.Scalar {
            var end = start + 1
            while end < bytes.count && end < start + 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
            return decodeScalar { index in start + index < end ? bytes[start + index] : nil }
        }

        /// The last scalar of `line` (a space when it is empty), decoded in place.
        private static func lastScalar(of line: [UInt8]) -> Unicode.Scalar {
            guard !line.isEmpty else { return " " }
            var start = line.count - 1
            while start > 0 && start > line.count - 4 && line[start] & 0xC0 == 0x80 { start -= 1 }
            return decodeScalar { index in start + index < line.count ? line[start + index] : nil }
        }

        /// One UTF-8 scalar from the bytes `byte(0)`, `byte(1)`… (`nil` past its end); a space
        /// for anything malformed.
        private static func decodeScalar(_ byte: (Int) -> UInt8?) -> Unicode.Scalar {
            guard let lead = byte(0) else { return " " }
            let length: Int
            var value: UInt32
            switch lead {
            case 0x00...0x7F: return Unicode.Scalar(lead)
            case 0xC0...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
            case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
            case 0xF0...0xF7: (length, value) = (4, UInt32(lead & 0x07))
            default: return " "
            }
            for index in 1..<length {
                guard let next = byte(index), next & 0xC0 == 0x80 else { return " " }
                value = value << 6 | UInt32(next & 0x3F)
            }
            return Unicode.Scalar(value) ?? " "
        }

        mutating func appendPreformatted(_ text: String) {
            pendingSpace = false
            for byte in text.utf8 {
                switch byte {
                case 0x0A: breakLine()
                case 0x0D: break
                default: line.append(byte)
                }
            }
        }

        /// Ends the line in progress. A line that is empty once trimmed ends the paragraph (an
        /// empty line splits a paragraph in two); any other joins it, one line feed after the
        /// previous line, or after the separator when it starts a paragraph.
        mutating func breakLine() {
            let end = Self.endTrimmingTrailingWhitespace(line)
            if end == 0 {
                isParagraphOpen = false
            } else {
                if isParagraphOpen {
                    output.append(0x0A)
                } else if !output.isEmpty {
                    output.append(contentsOf: separator)
                }
                output.append(contentsOf: line[..<end])
                isParagraphOpen = true
            }
            line.removeAll(keepingCapacity: true)
            pendingSpace = false
            pendingHasLineBreak = false
            pendingHasWideSpace = false
        }

        /// Ends the paragraph in progress.
        mutating func endParagraph() {
            if !line.isEmpty { breakLine() }
            pendingSpace = false
            isParagraphOpen = false
        }

        /// Where `line` ends without its trailing white space (folded lines never end in white
        /// space; preformatted ones may).
        private static func endTrimmingTrailingWhitespace(_ line: [UInt8]) -> Int {
            line.withUnsafeBufferPointer { bytes in
                var end = bytes.count
                while end > 0 {
                    let rebased = UnsafeBufferPointer(rebasing: bytes[..<end])
                    if rebased.foldableWhitespaceLength(at: end - 1) == 1 {
                        end -= 1
                    } else if end >= 3 && rebased.foldableWhitespaceLength(at: end - 3) == 3 {
                        end -= 3
                    } else if end >= 2 && rebased.foldableWhitespaceLength(at: end - 2) == 2 {
                        end -= 2
                    } else {
                        break
                    }
                }
                return end
            }
        }
    }
}

extension Unicode.Scalar {
    /// Whether the scalar belongs to a script written without spaces between words (Han,
    /// kana, bopomofo, CJK punctuation and full-width forms); Hangul, which uses spaces, is not.
    var isCJK: Bool {
        switch value {
        case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3100...0x312F, 0x31A0...0x31FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFF61...0xFF9F, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}
