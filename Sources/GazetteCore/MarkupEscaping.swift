/// Escaping of text for HTML and XML, written once: content and attribute values alike
/// (`&`, `<`, `>`, `"`, `'`).
public enum MarkupEscaping {
    /// How `'` is written: `&#39;` is understood by HTML and XML; feeds keep XML's `&apos;`.
    public enum Apostrophe: Sendable {
        case numeric
        case named
    }

    /// Appends `text` escaped, leaving out the scalars `isAllowed` refuses (XML 1.0 forbids most
    /// C0 controls).
    @inlinable
    public static func append(
        _ text: some StringProtocol, to bytes: inout [UInt8], apostrophe: Apostrophe = .numeric,
        isAllowed: (Unicode.Scalar) -> Bool = { _ in true }
    ) {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x27: bytes.append(contentsOf: apostrophe == .numeric ? "&#39;".utf8 : "&apos;".utf8)
            default:
                guard isAllowed(scalar) else { continue }
                if scalar.isASCII {
                    bytes.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
            }
        }
    }

    /// `text` escaped, as a string.
    public static func escaped(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
