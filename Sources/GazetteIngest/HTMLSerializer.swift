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
    func serialize(_ nodes: [HTMLNode]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(nodes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func write(_ nodes: [HTMLNode], to output: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let text):
                Self.appendEscaped(text, escapingQuotes: false, to: &output)
            case .comment:
                break
            case .element(let element):
                output.append(UInt8(ascii: "<"))
                output.append(contentsOf: element.name.utf8)
                for attribute in element.attributes {
                    output.append(UInt8(ascii: " "))
                    output.append(contentsOf: attribute.name.utf8)
                    output.append(contentsOf: "=\"".utf8)
                    Self.appendEscaped(attribute.value, escapingQuotes: true, to: &output)
                    output.append(UInt8(ascii: "\""))
                }
                output.append(UInt8(ascii: ">"))
                if Self.voidElements.contains(element.name) { continue }
                write(element.children, to: &output)
                output.append(contentsOf: "</".utf8)
                output.append(contentsOf: element.name.utf8)
                output.append(UInt8(ascii: ">"))
            }
        }
    }

    private static func appendEscaped(_ text: String, escapingQuotes: Bool, to output: inout [UInt8]) {
        var afterCarriageReturn = false
        for byte in text.utf8 {
            defer { afterCarriageReturn = byte == 0x0D }
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where escapingQuotes: output.append(contentsOf: "&quot;".utf8)
            // Parsers turn CR and CRLF into LF (HTML §13.2.3.5); write what they would read.
            case 0x0D: output.append(0x0A)
            case 0x0A where afterCarriageReturn: break
            case 0x09, 0x0A: output.append(byte)
            case 0x00...0x1F, 0x7F: break
            default: output.append(byte)
            }
        }
    }
}
