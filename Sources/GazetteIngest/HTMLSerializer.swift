/// Writes a tree of ``HTMLNode`` values as an HTML fragment.
///
/// Text is escaped (`&`, `<`, `>`), attribute values are double-quoted and escaped
/// (`&`, `<`, `>`, `"`), void elements get no end tag and every other element an explicit
/// one, so the output is well formed and parses back to the same tree. Comments are never
/// written. C0 control characters other than tab and line feed are left out (HTML forbids
/// them in text) and carriage returns become line feeds, as a parser would read them. Text is written as is, without re-indentation.
struct HTMLSerializer: Sendable {
    /// Elements that have no content and no end tag (HTML §13.1.2, "void elements").
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// Serialises `nodes` in order.
    ///
    /// The output is built as a `String` from slices of the (already valid) text and
    /// attribute values, so it is never validated again as a whole.
    func serialize(_ nodes: [HTMLNode]) -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(nodes, to: &output)
        return output
    }

    private func write(_ nodes: [HTMLNode], to output: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                Self.appendEscaped(text, escapingQuotes: false, to: &output)
            case .comment:
                break
            case .element(let element):
                output.append("<")
                output.append(element.name)
                for attribute in element.attributes {
                    output.append(" ")
                    output.append(attribute.name)
                    output.append("=\"")
                    Self.appendEscaped(attribute.value, escapingQuotes: true, to: &output)
                    output.append("\"")
                }
                output.append(">")
                if element.traits.contains(.void) { continue }
                write(element.children, to: &output)
                output.append("</")
                output.append(element.name)
                output.append(">")
            }
        }
    }

    /// Appends `text` escaped: the bytes are scanned for the few that need care (all ASCII,
    /// so every cut falls between scalars) and the runs between them appended as slices.
    private static func appendEscaped(_ text: String, escapingQuotes: Bool, to output: inout String) {
        let utf8 = text.utf8
        let scanned = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var runStart = 0
            var afterCarriageReturn = false
            for index in 0..<bytes.count {
                let byte = bytes[index]
                // Every byte that needs care is below `?` or is DEL; copy the rest in runs.
                guard byte < 0x3F || byte == 0x7F else {
                    afterCarriageReturn = false
                    continue
                }
                let replacement: String?
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = escapingQuotes ? "&quot;" : nil
                // Parsers turn CR and CRLF into LF (HTML §13.2.3.5); write what they would read.
                case 0x0D: replacement = "\n"
                case 0x0A: replacement = afterCarriageReturn ? "" : nil
                case 0x09: replacement = nil
                case 0x00...0x1F, 0x7F: replacement = ""
                default: replacement = nil
                }
                afterCarriageReturn = byte == 0x0D
                guard let replacement else { continue }
                if runStart < index {
                    output.append(
                        contentsOf: text[
                            utf8.index(
                                utf8.startIndex, offsetBy: runStart)..<utf8.index(utf8.startIndex, offsetBy: index)])
                }
                output.append(replacement)
                runStart = index + 1
            }
            if runStart == 0 {
                output.append(text)
            } else if runStart < bytes.count {
                output.append(contentsOf: text[utf8.index(utf8.startIndex, offsetBy: runStart)...])
            }
            return true
        }
        if scanned == nil {
            var contiguous = text
            contiguous.makeContiguousUTF8()
            appendEscaped(contiguous, escapingQuotes: escapingQuotes, to: &output)
        }
    }
}
