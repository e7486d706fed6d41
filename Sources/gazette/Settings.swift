import Foundation
import Yams

/// Gazette's settings, resolved from (strongest first) flags, environment, the config file and
/// the built-in defaults, as API.md orders them; every value remembers where it came from.
///
/// What settings exist is declared once, in ``Setting``; read one with its declaration:
/// ```swift
/// let settings = try Settings.resolve(configFlag: nil, environment: [:])
/// let port: Int = settings[Setting.port]
/// ```
struct Settings: Sendable {
    private var values: [String: any SettingValue] = [:]
    private var sources: [String: SettingSource] = [:]

    /// Every setting at its default.
    init() {
        for declaration in Setting.all {
            values[declaration.key] = declaration.anyDefaultValue
            sources[declaration.key] = .builtIn
        }
    }

    /// The value of a setting.
    subscript<Value>(_ declaration: SettingDeclaration<Value>) -> Value {
        guard let value = values[declaration.key] as? Value else {
            preconditionFailure("setting \(declaration.key) is missing from Setting.sections")
        }
        return value
    }

    /// Where the value of the setting with this key came from.
    func source(ofKey key: String) -> SettingSource { sources[key] ?? .builtIn }

    /// The value of a setting, as the table of declarations sees it.
    func anyValue(ofKey key: String) -> (any SettingValue)? { values[key] }

    /// Sets a setting, checking the value against the declaration.
    ///
    /// - Throws: ``SettingsError/notAllowed(key:value:requirement:source:)`` naming the setting
    ///   and `source`.
    mutating func set<Value>(
        _ value: Value, for declaration: SettingDeclaration<Value>, from source: SettingSource
    ) throws(SettingsError) {
        values[declaration.key] = try declaration.checked(value, from: source)
        sources[declaration.key] = source
    }

    /// Sets a setting from its flag when the flag was given.
    mutating func apply<Value>(flag value: Value?, for declaration: SettingDeclaration<Value>) throws(SettingsError) {
        guard let value else { return }
        try set(value, for: declaration, from: .flag(declaration.flag ?? declaration.key))
    }

    /// Resolves the config file and the environment over the defaults; flags come after, from
    /// each command, and then ``validate()``.
    ///
    /// - Parameters:
    ///   - configFlag: `--config`, if given (then the file must exist).
    ///   - environment: the process environment.
    static func resolve(configFlag: String?, environment: [String: String]) throws(SettingsError) -> Settings {
        var settings = Settings()
        let explicit = configFlag ?? environment["GAZETTE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? "config/gazette.yaml"
        if FileManager.default.fileExists(atPath: path) {
            try settings.apply(fileAt: path)
        } else if let explicit {
            throw .missingFile(explicit)
        }
        try settings.apply(environment: environment)
        return settings
    }

    /// Applies a config file: a YAML mapping of declared keys to values (Yams rejects a key given
    /// twice).
    mutating func apply(fileAt path: String) throws(SettingsError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path, reason: error.localizedDescription)
        }
        try apply(yaml: text, file: path)
    }

    /// Applies the text of a config file; `file` names it in messages.
    mutating func apply(yaml text: String, file: String) throws(SettingsError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            // Yams's message continues with the offending lines; the CLI reports one line.
            let message = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            throw .invalidFile(file, reason: message.filter { !$0.isEmpty }.prefix(1).joined())
        }
        guard let root else { return }  // empty, or only comments
        guard case .mapping(let mapping) = root else {
            throw .invalidFile(file, reason: "expected a mapping of settings to values")
        }
        let declarations = Dictionary(uniqueKeysWithValues: Setting.all.map { ($0.key, $0) })
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw .invalidFile(file, reason: "a key is not text")
            }
            let key = scalar.string
            guard let declaration = declarations[key] else { throw .unknownKey(key, file: file) }
            values[key] = try declaration.value(of: valueNode, from: .file(file))
            sources[key] = .file(file)
        }
    }

    /// Applies the environment variables the declarations name (API.md: `GAZETTE_DB`,
    /// `GAZETTE_HOST`, `GAZETTE_PORT`, `GAZETTE_WRITE_TOKEN`); an empty variable counts as unset.
    mutating func apply(environment: [String: String]) throws(SettingsError) {
        for declaration in Setting.all {
            guard let name = declaration.environment, let text = environment[name], !text.isEmpty else { continue }
            try set(text: text, for: declaration, from: .environment(name))
        }
    }

    /// Sets a setting from text, as an environment variable spells it (a list: comma-separated).
    mutating func set(
        text: String, for declaration: any AnySettingDeclaration, from source: SettingSource
    ) throws(SettingsError) {
        values[declaration.key] = try declaration.value(parsing: text, from: source)
        sources[declaration.key] = source
    }

    /// Checks what no single setting can: settings that must hold together.
    func validate() throws(SettingsError) {
        let line = self[Setting.maxRequestLineBytes]
        let header = self[Setting.maxHeaderBytes]
        guard header >= line else {
            throw .inconsistent(
                "setting \(Setting.maxHeaderBytes.key) (\(header), from \(source(ofKey: Setting.maxHeaderBytes.key))) "
                    + "must be at least \(Setting.maxRequestLineBytes.key) (\(line), from "
                    + "\(source(ofKey: Setting.maxRequestLineBytes.key))): the header section includes the request line"
            )
        }
    }
}
