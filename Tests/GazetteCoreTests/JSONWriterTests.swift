import Foundation
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

    @Test func extremeIntegers_areWrittenExactly() {
        var json = JSONWriter()
        json.arrayStart()
        json.int(Int64.min)
        json.int(Int64.max)
        json.int(0)
        json.arrayEnd()
        #expect(json.string == "[-9223372036854775808,9223372036854775807,0]")
    }
}
