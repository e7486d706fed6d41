import Foundation
import TestSupport
import Testing

@testable import GazetteCore

struct JSONWriterTests {
    @Test func everyControlCharacterAndLineSeparator_isEscaped() throws {
        var text = ""
        for value in 0..<0x20 { text.unicodeScalars.append(try #require(Unicode.Scalar(value))) }
        text += "\"\\/\u{2028}\u{2029}\u{7F}江苏👍"
        var json = JSONWriter()
        json.string(text)
        let output = json.string
        #expect(!output.utf8.contains { $0 < 0x20 })
        #expect(!output.contains("\u{2028}") && !output.contains("\u{2029}"))
        #expect(output.contains("\\u2028") && output.contains("\\u0000") && output.contains("\\n"))
        // Round trip through an independent parser gives the original text back.
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(output)]".utf8), options: []) as? [String]
        #expect(decoded == [text])
    }

    @Test func specialCharactersAtEveryOffsetOfAWord_areEscaped() throws {
        // The escaper skips eight bytes at a time: every special character at every offset of
        // that window, in text long enough to take the fast path before and after it.
        for special in ["\u{0}", "\n", "\u{1F}", "\"", "\\", "\u{2028}", "\u{2029}", "\u{2027}", "“"] {
            for offset in 0..<17 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "江苏abcd", count: 3)
                var json = JSONWriter()
                json.string(text)
                let decoded = try JSONSerialization.jsonObject(with: Data("[\(json.string)]".utf8)) as? [String]
                #expect(decoded == [text], "\(special.unicodeScalars.map { $0.value }) at \(offset)")
                #expect(!json.string.contains("\u{2028}") && !json.string.utf8.contains { $0 < 0x20 })
            }
        }
    }

    /// RFC 8259's escaping, a scalar at a time: what the word-at-a-time escaper must agree with.
    static func referenceQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = Array("0123456789abcdef")
                out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The escaper reads sixteen bytes, then eight, then one last word that overlaps what it has
    /// passed: a special character at every position of text of every length from 0 to 40 bytes
    /// (so in every one of those windows, and in the overlapped tail) comes out as the
    /// reference writes it, and so does text that needs nothing.
    @Test func escapedText_matchesTheReference_atEveryLengthAndPosition() {
        let specials = ["\u{0}", "\n", "\u{1F}", "\"", "\\", "\u{2028}", "\u{2029}", "“", "\u{7F}"]
        for length in 0...40 {
            let plain = String(repeating: "a", count: length)
            var json = JSONWriter()
            json.string(plain)
            #expect(json.string == Self.referenceQuoted(plain))
            for special in specials {
                for position in 0...length {
                    var text = String(repeating: "a", count: position)
                    text += special
                    text += String(repeating: "b", count: length - position)
                    var json = JSONWriter()
                    json.string(text)
                    #expect(
                        json.string == Self.referenceQuoted(text),
                        "\(special.unicodeScalars.map { $0.value }) at \(position) of \(length)")
                }
            }
        }
    }

    /// The buffer grows as needed from any starting capacity, keeping what was written.
    @Test func output_longerThanTheStartingCapacity_isKeptWhole() throws {
        var json = JSONWriter(capacity: 1)
        var expected: [String] = []
        json.arrayStart()
        for index in 0..<3_000 {
            let value = "江苏 \(index) \"quoted\" " + String(repeating: "x", count: index % 50)
            json.string(value)
            expected.append(value)
        }
        json.arrayEnd()
        let decoded = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
        #expect(decoded == expected)
        #expect(json.bytes.count == json.string.utf8.count)
    }

    @Test func wordTest_findsExactlyTheFirstByteToLookAt() {
        let interesting: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xE1, 0xE2, 0xE3, 0xFF,
        ]
        var random = SplitMix64(seed: 11)
        for _ in 0..<100_000 {
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                let pick = random.next()
                bytes.append(
                    pick % 4 == 0
                        ? interesting[Int(pick >> 8) % interesting.count] : UInt8(truncatingIfNeeded: pick >> 16))
            }
            let word = UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
            let expected = bytes.firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 } ?? 8
            #expect(JSONWriter.firstByteToLook(word) == expected, "\(bytes)")
        }
    }

    @Test func objectsAndArrays_getCommasInTheRightPlaces() throws {
        var json = JSONWriter()
        json.objectStart()
        json.key("a")
        json.int(-42)
        json.key("b")
        json.strings(["x", "y"])
        json.key("c")
        json.arrayStart()
        json.objectStart()
        json.objectEnd()
        json.null()
        json.bool(true)
        json.arrayEnd()
        json.key("d")
        json.string(nil as String?)
        json.objectEnd()
        #expect(json.string == #"{"a":-42,"b":["x","y"],"c":[{},null,true],"d":null}"#)
    }

    @Test func keysAndPrefixedNumbers_fromStaticAndRunTimeText() {
        var json = JSONWriter()
        json.objectStart()
        json.key("url")
        json.string(ArticleJSON.articlePathPrefix, followedBy: 42)
        json.key(string: "say \"hi\"")
        json.string("a/\u{2028}\"b", followedBy: -7)
        json.objectEnd()
        #expect(json.string == #"{"url":"/v1/articles/42","say \"hi\"":"a/\u2028\"b-7"}"#)
        #expect(ArticleJSON.url(ofArticle: 42) == "/v1/articles/42")
    }

    @Test func extremeIntegers_areWrittenExactly() {
        var json = JSONWriter()
        json.arrayStart()
        json.int(Int64.min)
        json.int(Int64.max)
        json.int(0)
        json.arrayEnd()
        #expect(json.string == "[-9223372036854775808,9223372036854775807,0]")
    }

    @Test func everyDigitCount_isWrittenAsSwiftPrintsIt() {
        var values: [Int64] = [1, -1, 9, -9]
        var power: Int64 = 10
        while power <= Int64.max / 10 {
            values += [power - 1, power, power + 1, -power, -(power - 1)]
            power *= 10
        }
        var json = JSONWriter()
        json.arrayStart()
        for value in values { json.int(value) }
        json.arrayEnd()
        #expect(json.string == "[" + values.map(String.init).joined(separator: ",") + "]")
    }

    @Test func dates_areRFC3339StringsOrNull() {
        var json = JSONWriter()
        json.objectStart()
        json.key("epoch")
        json.date(0)
        json.key("leap")
        json.date(951_782_400)  // 2000-02-29
        json.key("none")
        json.date(nil)
        json.objectEnd()
        #expect(json.string == #"{"epoch":"1970-01-01T00:00:00Z","leap":"2000-02-29T00:00:00Z","none":null}"#)
    }

    @Test func dates_agreeWithFoundationsISO8601_acrossTheCalendar() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        // Every day boundary and odd second from 1970 to 2100, stepped by a prime.
        var seconds: Int64 = 0
        var checked = 0
        while seconds < 4_102_444_800 {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(RFC3339.format(seconds) == expected)
            seconds += 86_400 * 37 + 3_607
            checked += 1
        }
        #expect(checked > 1_000)
    }
}
