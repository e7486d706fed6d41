import Foundation

/// The documents written from the declarations in ``Setting``: `config/gazette.yaml` (every
/// setting at its default, or at its resolved value) and the README's settings table.
///
/// Tests compare the committed files with these renderings, so a setting declared without
/// regenerating them (`gazette config --defaults > config/gazette.yaml`,
/// `gazette config --markdown`) fails the build's tests.
enum SettingsDocument {
    /// The config file for `settings`.
    ///
    /// - Parameter showingSources: append `# from …` to values that a layer set, and
    ///   hide secrets (for `gazette config`); without it the text is `config/gazette.yaml`.
    static func yaml(for settings: Settings, showingSources: Bool = false) -> String {
        var lines = [
            "# Gazette configuration. Every setting is shown at its default.",
            "# Precedence, strongest first: command-line flags, environment variables, this file, built-in defaults.",
            "# This file is read from the working folder (config/gazette.yaml) when present, or from --config /",
            "# GAZETTE_CONFIG. Written by `gazette config --defaults` from the settings Gazette declares.",
        ]
        for section in Setting.sections {
            lines += ["", "# ── \(section.title) ──"]
            for declaration in section.settings {
                lines.append("")
                lines.append("# \(declaration.meaning).")
                let details = detailSentences(of: declaration)
                if !details.isEmpty { lines.append("# " + details.joined(separator: " ")) }
                lines.append(line(for: declaration, in: settings, showingSource: showingSources))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The README's settings table (GitHub Markdown), one row per setting after the config file's.
    static func markdownTable() -> String {
        var rows = [
            "| setting (config key) | flag | environment | default | unit | meaning |",
            "|---|---|---|---|---|---|",
            "| (config file) | `--config` | `GAZETTE_CONFIG` | `config/gazette.yaml` | | where the settings below are read |",
        ]
        for declaration in Setting.all {
            let cells = [
                code(declaration.key), declaration.flag.map(code) ?? "", declaration.environment.map(code) ?? "",
                code(declaration.anyDefaultValue.yaml), declaration.unit ?? "",
                declaration.meaning.replacingOccurrences(of: "|", with: "\\|"),
            ]
            rows.append("| " + cells.joined(separator: " | ") + " |")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    private static func detailSentences(of declaration: any AnySettingDeclaration) -> [String] {
        var details: [String] = []
        if let unit = declaration.unit { details.append("Unit: \(unit).") }
        if let requirement = declaration.requirementSummary { details.append("Allowed: \(requirement).") }
        if let flag = declaration.flag { details.append("Flag: \(flag).") }
        if let environment = declaration.environment { details.append("Environment: \(environment).") }
        return details
    }

    private static func line(
        for declaration: any AnySettingDeclaration, in settings: Settings, showingSource: Bool
    ) -> String {
        let value = settings.anyValue(ofKey: declaration.key) ?? declaration.anyDefaultValue
        let source = settings.source(ofKey: declaration.key)
        guard showingSource, source != .builtIn else { return "\(declaration.key): \(value.yaml)" }
        let shown = declaration.isSecret ? "\"(hidden)\"" : value.redactedYAML
        return "\(declaration.key): \(shown)  # from \(source)"
    }

    private static func code(_ text: String) -> String { "`\(text)`" }
}
