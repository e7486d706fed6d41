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
///
/// The writer owns one growable buffer and is noncopyable, so each write is a capacity check
/// and a store or a `memcpy`: no uniqueness check and no generic `Array.append(contentsOf:)`,
/// which were a third of an uncached list request's JSON work (a summary is a dozen keys and
/// short values, each written in several pieces).
public struct JSONWriter: ~Copyable {
    /// The buffer: `count` bytes written of `capacity` allocated.
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether the next value in the current container needs a comma before it.
    private var needsComma = false

    public init(capacity: Int = 1_024) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The JSON text written so far (a copy, made with one `memcpy`).
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { copy, initialized in
            copy.baseAddress?.initialize(from: base, count: count)
            initialized = count
        }
    }

    /// The JSON text as a `String`.
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// Room for `extra` more bytes; returns where they go.
    @inline(__always)
    private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity - count < extra { grow(toFit: extra) }
        return base + count
    }

    private mutating func grow(toFit extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        count += 1
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8, _ other: UInt8) {
        let at = reserve(2)
        at.initialize(to: byte)
        (at + 1).initialize(to: other)
        count += 2
    }

    @inline(__always)
    private mutating func put(_ source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count).initialize(from: start, count: source.count)
        count += source.count
    }

    private mutating func put(_ text: StaticString) {
        text.withUTF8Buffer { put($0) }
    }

    public mutating func objectStart() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func objectEnd() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func arrayStart() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func arrayEnd() {
        put(UInt8(ascii: "]"))
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
        name.withUTF8Buffer { key in
            assert(key.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0xE2 }, "key needs escaping")
            // `,"key":` in one reservation.
            let at = reserve(key.count + 4)
            var written = 0
            if needsComma {
                at.initialize(to: UInt8(ascii: ","))
                written = 1
            }
            (at + written).initialize(to: UInt8(ascii: "\""))
            if let start = key.baseAddress { (at + written + 1).initialize(from: start, count: key.count) }
            (at + written + 1 + key.count).initialize(to: UInt8(ascii: "\""))
            (at + written + 2 + key.count).initialize(to: UInt8(ascii: ":"))
            count += written + 3 + key.count
        }
        needsComma = false
    }

    /// Writes an object key made at run time (a front-matter field, a rule's name).
    public mutating func key(string name: String) {
        separate()
        appendQuoted(name)
        put(UInt8(ascii: ":"))
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
            var text = "\(value)"
            text.withUTF8 { put($0) }
        } else {
            put("null")
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        put(value ? "true" : "false")
        needsComma = true
    }

    public mutating func null() {
        separate()
        put("null")
        needsComma = true
    }

    /// Writes already-valid JSON text as a value (e.g. a stored JSON column).
    public mutating func raw(_ json: String) {
        separate()
        var json = json
        json.withUTF8 { put($0) }
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
        put(UInt8(ascii: "\""))
        prefix.withUTF8Buffer { appendEscaped(utf8: $0) }
        appendDecimal(number)
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes already-valid JSON bytes as a value.
    public mutating func raw(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        put(utf8)
        needsComma = true
    }

    /// Writes `seconds` since the epoch as an RFC 3339 string (`"2024-05-01T08:00:00Z"`), or
    /// `null` when it is `nil`, with no intermediate `String`.
    public mutating func date(_ seconds: Int64?) {
        guard let seconds else { return null() }
        separate()
        let at = reserve(RFC3339.length + 2)
        at.initialize(to: UInt8(ascii: "\""))
        RFC3339.write(seconds, to: at + 1)
        (at + RFC3339.length + 1).initialize(to: UInt8(ascii: "\""))
        count += RFC3339.length + 2
        needsComma = true
    }

    /// Writes a list of strings as an array.
    public mutating func strings(_ values: [String]) {
        arrayStart()
        for value in values { string(value) }
        arrayEnd()
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    /// Appends `value` in decimal, its digits made in place from the end.
    private mutating func appendDecimal(_ value: Int64) {
        var magnitude = value.magnitude
        var digits = 1
        var bound: UInt64 = 10
        while digits < 20 && magnitude >= bound {
            digits += 1
            bound = bound &* 10
        }
        let width = digits + (value < 0 ? 1 : 0)
        let at = reserve(width)
        var index = width
        repeat {
            index -= 1
            (at + index).initialize(to: UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        if value < 0 { at.initialize(to: UInt8(ascii: "-")) }
        count += width
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// The offset (0–7) of the first byte of `word` (loaded little-endian: byte 0 is the lowest)
    /// that is a control character (< 0x20), `"`, `\` or 0xE2, the bytes the escaper must look
    /// at; 8 when there is none.
    @inline(__always)
    static func firstByteToLook(_ word: UInt64) -> Int { flags(word).trailingZeroBitCount / 8 }

    /// The high bit of every byte of `word` that may need a look. Bit tricks from "Bit Twiddling
    /// Hacks" (determine if a word has a byte less than n, or equal to n): every byte that needs
    /// a look is flagged, and a flag can be wrong only above a true one, so the lowest flagged
    /// byte is exact and a word with no flag needs no look.
    @inline(__always)
    static func flags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return (word &- ones &* 0x20) & ~word & highs | zeroBytes(word ^ (ones &* 0x22))
            | zeroBytes(word ^ (ones &* 0x5C)) | zeroBytes(word ^ (ones &* 0xE2))
    }

    /// The index of the first byte at or after `start` that may need a look (exactly, or a byte
    /// the caller checks and passes), or `count` when there is none: sixteen bytes a step, then
    /// eight, and the last few in one word that ends at `count` (bytes already passed shifted
    /// out), so only text shorter than eight bytes is walked a byte at a time.
    @inline(__always)
    static func nextByteToLook(in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        }
        var index = start
        while index + 16 <= count {
            let low = flags(word(at: index))
            let high = flags(word(at: index + 8))
            if low | high != 0 {
                return index + (low != 0 ? low.trailingZeroBitCount / 8 : 8 + high.trailingZeroBitCount / 8)
            }
            index += 16
        }
        if index + 8 <= count {
            let found = flags(word(at: index))
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        let remaining = count - index
        guard remaining > 0, count >= 8 else { return index }
        let found = flags(word(at: count - 8)) >> UInt64(8 * (8 - remaining))
        return found == 0 ? count : index + found.trailingZeroBitCount / 8
    }

    private mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { appendQuoted(utf8: $0) }
    }

    private mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        // Room for the common case, no escapes, in one reservation.
        _ = reserve(utf8.count + 2)
        put(UInt8(ascii: "\""))
        appendEscaped(utf8: utf8)
        put(UInt8(ascii: "\""))
    }

    /// Appends `utf8` escaped as the inside of a JSON string.
    private mutating func appendEscaped(utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            // Fast path: a word at a time, straight to the first byte that needs a look.
            if let base = utf8.baseAddress {
                index = JSONWriter.nextByteToLook(in: base, from: index, count: count)
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
            put(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            if let (first, second) = escape {
                put(first, second)
            } else if let code = unicodeEscape {
                put(UInt8(ascii: "\\"), UInt8(ascii: "u"))
                JSONWriter.hex.withUTF8Buffer { hex in
                    for shift in stride(from: 12, through: 0, by: -4) {
                        put(hex[Int((code >> UInt16(shift)) & 0xF)])
                    }
                }
            }
            index += width
            runStart = index
        }
        put(UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
    }
}

/// The writer is noncopyable, so it is the only owner of its buffer: whichever task holds it is
/// the only one that can reach the bytes, and sending it moves it.
extension JSONWriter: @unchecked Sendable {}
