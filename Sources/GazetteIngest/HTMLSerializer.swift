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

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)

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
                if element.traits.contains(.void) { continue }
                write(element.children, to: &output)
                output.append(contentsOf: "</".utf8)
                output.append(contentsOf: element.name.utf8)
                output.append(UInt8(ascii: ">"))
            }
        }
    }

    private static func appendEscaped(_ text: String, escapingQuotes: Bool, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var afterCarriageReturn = false
            for index in 0..<bytes.count {
                let byte = bytes[index]
                // Every byte that needs care is below `?` or is DEL; copy the rest in runs.
                guard byte < 0x3F || byte == 0x7F else {
                    afterCarriageReturn = false
                    continue
                }
                let replacement: [UInt8]?
                switch byte {
                case UInt8(ascii: "&"): replacement = Self.ampersand
                case UInt8(ascii: "<"): replacement = Self.lessThan
                case UInt8(ascii: ">"): replacement = Self.greaterThan
                case UInt8(ascii: "\""): replacement = escapingQuotes ? Self.quote : nil
                // Parsers turn CR and CRLF into LF (HTML §13.2.3.5); write what they would read.
                case 0x0D: replacement = [0x0A]
                case 0x0A: replacement = afterCarriageReturn ? [] : nil
                case 0x09: replacement = nil
                case 0x00...0x1F, 0x7F: replacement = []
                default: replacement = nil
                }
                afterCarriageReturn = byte == 0x0D
                guard let replacement else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: replacement)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }
}
