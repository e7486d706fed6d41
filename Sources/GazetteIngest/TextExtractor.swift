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

    private struct State {
        var paragraphs: [String] = []
        var lines: [String] = []
        var line = String.UnicodeScalarView()
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
            for scalar in text.unicodeScalars {
                if scalar.isFoldableWhitespace {
                    pendingSpace = !line.isEmpty
                } else {
                    if pendingSpace {
                        line.append(" ")
                        pendingSpace = false
                    }
                    line.append(scalar)
                }
            }
        }

        mutating func appendPreformatted(_ text: String) {
            pendingSpace = false
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\n": breakLine()
                case "\r": break
                default: line.append(scalar)
                }
            }
        }

        mutating func breakLine() {
            lines.append(String(line))
            line = String.UnicodeScalarView()
            pendingSpace = false
        }

        /// Ends the paragraph in progress; empty lines inside it split it in several.
        mutating func endParagraph() {
            if !line.isEmpty { breakLine() }
            pendingSpace = false
            var group: [String] = []
            for raw in lines {
                let text = raw.trimmingTrailingFoldableWhitespace()
                if text.isEmpty {
                    if !group.isEmpty { paragraphs.append(group.joined(separator: "\n")) }
                    group.removeAll(keepingCapacity: true)
                } else {
                    group.append(text)
                }
            }
            if !group.isEmpty { paragraphs.append(group.joined(separator: "\n")) }
            lines.removeAll(keepingCapacity: true)
        }
    }
}
