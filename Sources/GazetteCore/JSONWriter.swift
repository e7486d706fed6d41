/// Writes JSON by appending UTF-8 bytes directly, with no intermediate objects.
///
/// Commas are placed automatically. Strings are escaped per RFC 8259 §7: `"`, `\` and every
/// control character, plus U+2028 and U+2029 so the output is also valid JavaScript.
///
/// ```swift
/// var json = JSONWriter()
/// json.objectStart()
/// json.key("status"); json.string("ok")
/// json.objectEnd()        // {"status":"ok"}
/// ```
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public private(set) var bytes: [UInt8]
    /// Whether the next value in the current container needs a comma before it.
    private var needsComma = false

    public init(capacity: Int = 1_024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The JSON text as a `String`.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func objectStart() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func objectEnd() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func arrayStart() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func arrayEnd() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key written in the source; the next call writes its value.
    ///
    /// A summary writes a dozen keys per article, so a literal key is read from the binary's
    /// constant bytes instead of going through a `String` (a list page's keys were 7% of an
    /// uncached list request).
    ///
    /// The key is copied as it is, not escaped: a literal key must hold no `"`, `\`, control
    /// character or U+2028/U+2029. Debug builds, which the tests run, check it (conservatively:
    /// no byte 0xE2, the lead byte of U+2000–U+2FFF).
    public mutating func key(_ name: StaticString) {
        separate()
        name.withUTF8Buffer { key in
            assert(key.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0xE2 }, "key needs escaping")
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: key)
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an object key made at run time (a front-matter field, a rule's name).
    public mutating func key(string name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes `value` as a string, or `null` when it is `nil`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func int(_ value: Int64) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    public mutating func int(_ value: Int) { int(Int64(value)) }

    public mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            bytes.append(contentsOf: "\(value)".utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Writes already-valid JSON text as a value (e.g. a stored JSON column).
    public mutating func raw(_ json: String) {
        separate()
        bytes.append(contentsOf: json.utf8)
        needsComma = true
    }

    /// Writes UTF-8 text as a string value, escaping as ``string(_:)`` does, without making a
    /// `String` first (text read straight from a database column).
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        appendQuoted(utf8: utf8)
        needsComma = true
    }

    /// Writes `prefix` followed by `number` in decimal as one string value (`"/v1/articles/42"`),
    /// with no intermediate `String`.
    public mutating func string(_ prefix: StaticString, followedBy number: Int64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        prefix.withUTF8Buffer { appendEscaped(utf8: $0) }
        appendDecimal(number)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes already-valid JSON bytes as a value.
    public mutating func raw(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: utf8)
        needsComma = true
    }

    /// Writes `seconds` since the epoch as an RFC 3339 string (`"2024-05-01T08:00:00Z"`), or
    /// `null` when it is `nil`, with no intermediate `String`.
    public mutating func date(_ seconds: Int64?) {
        guard let seconds else { return null() }
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(seconds, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes a list of strings as an array.
    public mutating func strings(_ values: [String]) {
        arrayStart()
        for value in values { string(value) }
        arrayEnd()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Appends `value` in decimal, its digits made on the stack and appended at once.
    private mutating func appendDecimal(_ value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The offset (0–7) of the first byte of `word` (loaded little-endian: byte 0 is the lowest)
    /// that is a control character (< 0x20), `"`, `\` or 0xE2, the bytes the escaper must look
    /// at; 8 when there is none. Bit tricks from "Bit Twiddling Hacks" (determine if a word has a
    /// byte less than n, or equal to n): a flagged bit can be wrong only above a true one, so
    /// the lowest flagged byte is exact.
    @inline(__always)
    static func firstByteToLook(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let flagged =
            (word &- ones &* 0x20) & ~word & highs | zeroBytes(word ^ (ones &* 0x22))
            | zeroBytes(word ^ (ones &* 0x5C)) | zeroBytes(word ^ (ones &* 0xE2))
        return flagged.trailingZeroBitCount / 8
    }

    private mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { appendQuoted(utf8: $0) }
    }

    private mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(utf8: utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` escaped as the inside of a JSON string.
    private mutating func appendEscaped(utf8: UnsafeBufferPointer<UInt8>) {
        do {
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                // Fast path: eight bytes at a time, straight to the first one that needs a look.
                if let base = utf8.baseAddress {
                    while index + 8 <= count {
                        let skip = JSONWriter.firstByteToLook(
                            UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                        index += skip
                        if skip < 8 { break }
                    }
                    if index >= count { break }
                }
                let byte = utf8[index]
                // The bytes that never need a look: all but controls, `"`, `\` and the lead byte
                // of U+2028/U+2029.
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2 {
                    index += 1
                    continue
                }
                var escape: (UInt8, UInt8)? = nil
                var unicodeEscape: UInt16? = nil
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = (UInt8(ascii: "\\"), UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): escape = (UInt8(ascii: "\\"), UInt8(ascii: "\\"))
                case 0x0A: escape = (UInt8(ascii: "\\"), UInt8(ascii: "n"))
                case 0x0D: escape = (UInt8(ascii: "\\"), UInt8(ascii: "r"))
                case 0x09: escape = (UInt8(ascii: "\\"), UInt8(ascii: "t"))
                case 0x08: escape = (UInt8(ascii: "\\"), UInt8(ascii: "b"))
                case 0x0C: escape = (UInt8(ascii: "\\"), UInt8(ascii: "f"))
                case 0x00..<0x20: unicodeEscape = UInt16(byte)
                case 0xE2
                where index + 2 < count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    unicodeEscape = utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029
                    width = 3
                default:
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                if let (first, second) = escape {
                    bytes.append(first)
                    bytes.append(second)
                } else if let code = unicodeEscape {
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
                    for shift in stride(from: 12, through: 0, by: -4) {
                        bytes.append(JSONWriter.hex[Int((code >> UInt16(shift)) & 0xF)])
                    }
                }
                index += width
                runStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
    }
}
