import Foundation
import Testing

@testable import gazette

/// `config/gazette.yaml` and the README's settings table against the declared settings: a
/// setting declared (or changed) without regenerating them fails here.
struct SettingsDocumentTests {
    /// The repository's root, from this file's path (`Tests/GazetteCLITests/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func configFile_equalsTheDeclaredDefaults() throws {
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("config/gazette.yaml"), encoding: .utf8)
        #expect(
            committed == SettingsDocument.yaml(for: Settings()),
            "regenerate it: gazette config --defaults > config/gazette.yaml")
    }

    @Test func configFile_loadsAsEveryDefault() throws {
        var settings = Settings()
        try settings.apply(fileAt: Self.root.appendingPathComponent("config/gazette.yaml").path)
        for declaration in Setting.all {
            #expect(settings.anyValue(ofKey: declaration.key)?.yaml == declaration.anyDefaultValue.yaml)
            #expect(settings.source(ofKey: declaration.key) != .builtIn, "\(declaration.key) is not in the file")
        }
    }

    @Test func readmeTable_equalsTheDeclarations() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Configuration\n").dropFirst().first)
        let table = section.components(separatedBy: "\n## ")[0].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("|") }.joined(separator: "\n")
        #expect(
            table + "\n" == SettingsDocument.markdownTable(),
            "regenerate the table in README.md's Configuration section: gazette config --markdown")
    }
}
