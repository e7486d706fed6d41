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
        var state = State()
        state.visit(nodes, inPre: false)
        state.endParagraph()
        return state.paragraphs.joined(separator: "\n\n")
    }

    /// The text of inline content as one string: lines (from `<br>` or blocks) joined by
    /// `"\n"`, white space folded and trimmed.
    func inlineText(of nodes: [HTMLNode]) -> String {
        var state = State()
        state.visit(nodes, inPre: false)
        state.endParagraph()
        return state.paragraphs.joined(separator: "\n")
    }

    /// The text being built, as UTF-8 bytes: appending byte runs is much cheaper than
    /// appending characters one by one.
    private struct State {
        var paragraphs: [String] = []
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var pendingSpace = false

        mutating func visit(_ nodes: [HTMLNode], inPre: Bool) {
            for node in nodes {
                switch node {
                case .text(let text):
                    if inPre { appendPreformatted(text) } else { appendFolded(text) }
                case .comment:
                    break
                case .element(let element):
                    switch element.name {
                    case "br":
                        breakLine()
                    case "td", "th":
                        pendingSpace = !line.isEmpty
                        visit(element.children, inPre: inPre)
                        pendingSpace = !line.isEmpty
                    case _ where TextExtractor.blockElements.contains(element.name):
                        endParagraph()
                        visit(element.children, inPre: inPre || element.name == "pre")
                        endParagraph()
                    default:
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

        mutating func breakLine() {
            lines.append(line)
            line.removeAll(keepingCapacity: true)
            pendingSpace = false
        }

        /// Ends the paragraph in progress; empty lines inside it split it in several.
        mutating func endParagraph() {
            if !line.isEmpty { breakLine() }
            pendingSpace = false
            var group: [UInt8] = []
            for raw in lines {
                let text = Self.trimmingTrailingWhitespace(raw)
                if text.isEmpty {
                    flush(&group)
                } else {
                    if !group.isEmpty { group.append(0x0A) }
                    group.append(contentsOf: text)
                }
            }
            flush(&group)
            lines.removeAll(keepingCapacity: true)
        }

        private mutating func flush(_ group: inout [UInt8]) {
            guard !group.isEmpty else { return }
            paragraphs.append(String(decoding: group, as: UTF8.self))
            group.removeAll(keepingCapacity: true)
        }

        /// Folded lines never end in white space; preformatted ones may.
        private static func trimmingTrailingWhitespace(_ line: [UInt8]) -> ArraySlice<UInt8> {
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
                return line[..<end]
            }
        }
    }
}
