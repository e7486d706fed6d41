/// Turns a tree of ``HTMLNode`` values into plain text, paragraph by paragraph.
///
/// - Block elements (``blockElements``) delimit paragraphs; paragraphs are joined by
///   exactly one blank line (`"\n\n"`) and none is empty.
/// - `<br>` breaks the line inside a paragraph; two in a row (an empty line) end it.
/// - Inside a paragraph, runs of white space (U+3000 and U+00A0 included) fold to one
///   space, and each line is trimmed, so Sina's leading `　　` indents disappear.
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
                        visit(element.children, inPre: inPre)
                        pendingSpace = !line.isEmpty
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
                    index += whitespace
                    runStart = index
                }
                appendRun(bytes, from: runStart, to: bytes.count)
            }
        }

        private mutating func appendRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
            guard start < end else { return }
            if pendingSpace {
                line.append(0x20)
                pendingSpace = false
            }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
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
