import Testing
import Yams

@testable import gazette

/// Values as the config file writes and reads them back.
struct SettingValueTests {
    @Test(arguments: [
        "gazette.sqlite", "127.0.0.1", "::1", "", "yes", "No", "null", "~", "123", "1.5", "inf", "a: b", "#x",
        " padded ", "quote \" and \\ backslash", "line\nbreak", "tab\there", "金融 › 新浪财经", "*", "-",
        "public, max-age=60", "\u{1}control",
    ])
    func string_readsBackAsWritten(_ text: String) throws {
        let node = try #require(try Yams.compose(yaml: "key: \(text.yaml)\n")?.mapping?["key"])
        #expect(String(node: node) == text)
    }

    @Test func list_readsBackAsWritten() throws {
        let list = ["*", "https://a.example", "", "x, y"]
        let node = try #require(try Yams.compose(yaml: "key: \(list.yaml)\n")?.mapping?["key"])
        #expect([String](node: node) == list)
    }

    @Test func numbersAndBooleans_rejectOtherTypes() throws {
        let number = try #require(try Yams.compose(yaml: "key: 1.5\n")?.mapping?["key"])
        #expect(Int(node: number) == nil && Bool(node: number) == nil)
        #expect(Int(text: "8080") == 8080 && Int(text: "80 80") == nil)
        #expect(Bool(text: "TRUE") == true && Bool(text: "1") == nil)
        let list = try #require(try Yams.compose(yaml: "key: [a]\n")?.mapping?["key"])
        #expect(String(node: list) == nil && Int(node: list) == nil)
    }

    @Test func emptyAndNull_areTheEmptyStringAndList() throws {
        let empty = try #require(try Yams.compose(yaml: "key:\n")?.mapping?["key"])
        #expect(String(node: empty) == "" && [String](node: empty) == [])
        let quotedNull = try #require(try Yams.compose(yaml: "key: \"null\"\n")?.mapping?["key"])
        #expect(String(node: quotedNull) == "null")
    }
}
