import GazetteCore

/// Writes well-formed XML 1.0 text, escaping every value it is given.
///
/// Text and attribute values are escaped (`& < > " '`), and characters that XML 1.0 does not
/// allow at all are dropped (XML 1.0 §2.2 `Char`: tab, LF, CR, U+0020–U+D7FF,
/// U+E000–U+FFFD, U+10000–U+10FFFF; Swift strings hold no lone surrogates, so what is left to
/// drop is the C0 controls other than tab/LF/CR, and U+FFFE/U+FFFF). Element and attribute
/// names are written as given: they are the feed writers' constants, never client input.
/// Every tag is followed by a newline, so that documents read well and diff line by line
/// (whitespace between elements is insignificant in the feed formats).
///
/// ```swift
/// var xml = XMLWriter()
/// xml.declaration()
/// xml.open("feed", ["xmlns": "http://www.w3.org/2005/Atom"])
/// xml.element("title", "Tom & Jerry")   // <title>Tom &amp; Jerry</title>
/// xml.close("feed")
/// ```
struct XMLWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16 * 1_024) { bytes.reserveCapacity(capacity) }

    /// `<?xml version="1.0" encoding="utf-8"?>` and a newline.
    mutating func declaration() {
        bytes.append(contentsOf: #"<?xml version="1.0" encoding="utf-8"?>"#.utf8)
        bytes.append(0x0A)
    }

    /// A start tag; attributes in the order given.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        startTag(name, attributes)
        bytes.append(contentsOf: ">\n".utf8)
    }

    /// An end tag.
    mutating func close(_ name: String) {
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ">\n".utf8)
    }

    /// An element holding escaped text (`text` may be long: a whole article's HTML).
    mutating func element(_ name: String, _ text: String, attributes: KeyValuePairs<String, String> = [:]) {
        startTag(name, attributes)
        bytes.append(UInt8(ascii: ">"))
        appendEscaped(text)
        close(name)
    }

    /// An element with no content: `<link href="…"/>`.
    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        startTag(name, attributes)
        bytes.append(contentsOf: "/>\n".utf8)
    }

    private mutating func startTag(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        for (key, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: key.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            appendEscaped(value)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends `text` escaped for both content and attribute values.
    private mutating func appendEscaped(_ text: String) {
        MarkupEscaping.append(text, to: &bytes, apostrophe: .named, isAllowed: Self.isAllowed)
    }

    /// Whether XML 1.0 allows `scalar` anywhere in a document (§2.2 `Char`).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00..<0x20: return false
        case 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
