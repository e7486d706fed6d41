import ArgumentParser
import Foundation

/// `gazette config`: the settings as a config file, so that `config/gazette.yaml` is written
/// from the declarations rather than by hand.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the settings as a config file: resolved (the default) or at their defaults.",
        discussion: """
            Without options, prints every setting as the environment and the config file resolve it; \
            a value that one of them set is marked with where it came from (secrets hidden). \
            With --defaults, prints config/gazette.yaml as it ships: `gazette config --defaults > config/gazette.yaml`.
            """)

    @Option(name: .long, help: "The config file (default: GAZETTE_CONFIG, or config/gazette.yaml when present).")
    var config: String?

    @Flag(name: .long, help: "Print every setting at its built-in default (the shipped config/gazette.yaml).")
    var defaults = false

    @Flag(name: .long, help: .hidden)
    var markdown = false

    func run() throws {
        if markdown {
            print(SettingsDocument.markdownTable(), terminator: "")
        } else if defaults {
            print(SettingsDocument.yaml(for: Settings()), terminator: "")
        } else {
            let settings = try Settings.resolve(configFlag: config, environment: ProcessInfo.processInfo.environment)
            try settings.validate()
            print(SettingsDocument.yaml(for: settings, showingSources: true), terminator: "")
        }
    }
}
