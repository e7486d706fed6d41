import Testing

@testable import GazetteCore

@Suite struct MarkupEscapingTests {
    @Test func theFiveSpecialCharacters_areEscaped() {
        #expect(
            MarkupEscaping.escaped(#"<a href="x">Tom & Jerry's</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }

    @Test func textWithoutThem_isUnchanged_includingCJKAndEmoji() {
        let text = "江苏省委书记 – café 👍🏽"
        #expect(MarkupEscaping.escaped(text) == text)
    }

    @Test func xmlApostrophe_canBeNamed() {
        var bytes: [UInt8] = []
        MarkupEscaping.append("it's", to: &bytes, apostrophe: .named)
        #expect(String(decoding: bytes, as: UTF8.self) == "it&apos;s")
    }

    @Test func disallowedScalars_areDropped_escapesStillApply() {
        var bytes: [UInt8] = []
        MarkupEscaping.append("a\u{1}b<c\u{FFFE}", to: &bytes) { $0.value >= 0x20 && $0.value != 0xFFFE }
        #expect(String(decoding: bytes, as: UTF8.self) == "ab&lt;c")
    }
}
