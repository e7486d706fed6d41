import Yams

/// One setting, declared once: its config-file key, its flag and environment variable if any, its
/// type (`Value`), default, unit, allowed values and meaning.
///
/// Everything else is derived from the declarations in ``Setting``: the config-file, environment
/// and flag loaders of ``Settings``, the mapping into each module's `…Configuration`, and the
/// documents (`config/gazette.yaml`, the README's settings table) that ``SettingsDocument`` writes.
struct SettingDeclaration<Value: SettingValue>: Sendable {
    /// The key in `config/gazette.yaml`, e.g. `max_header_bytes`.
    let key: String
    /// The command-line flag that sets it, e.g. `--port`; `nil` when none does.
    let flag: String?
    /// The environment variable that sets it, e.g. `GAZETTE_PORT`; `nil` when none does.
    let environment: String?
    /// The value when no layer sets it.
    let defaultValue: Value
    /// The unit of a number, e.g. `bytes`, `milliseconds`; `nil` for counts and text.
    let unit: String?
    /// One line saying what the setting does, as the documents show it.
    let meaning: String
    /// What a value must satisfy; `nil`: any value of the type.
    let requirement: Requirement<Value>?
    /// Whether the value is a secret that `gazette config` does not print.
    let isSecret: Bool

    init(
        _ key: String, default defaultValue: Value, unit: String? = nil, requirement: Requirement<Value>? = nil,
        flag: String? = nil, environment: String? = nil, isSecret: Bool = false, meaning: String
    ) {
        self.key = key
        self.flag = flag
        self.environment = environment
        self.defaultValue = defaultValue
        self.unit = unit
        self.meaning = meaning
        self.requirement = requirement
        self.isSecret = isSecret
    }

    /// `value` when it satisfies the requirement.
    ///
    /// - Throws: ``SettingsError/notAllowed(key:value:requirement:source:)`` naming this setting
    ///   and `source`.
    func checked(_ value: Value, from source: SettingSource) throws(SettingsError) -> Value {
        if let requirement, !requirement.isSatisfied(value) {
            throw .notAllowed(
                key: key, value: isSecret ? "(hidden)" : value.redactedYAML, requirement: requirement.summary,
                source: source)
        }
        return value
    }
}

/// A declaration with its value type erased, so that the declarations form one table.
protocol AnySettingDeclaration: Sendable {
    var key: String { get }
    var flag: String? { get }
    var environment: String? { get }
    var unit: String? { get }
    var meaning: String { get }
    var isSecret: Bool { get }
    /// ``Requirement/summary``, when there is a requirement.
    var requirementSummary: String? { get }
    /// ``SettingValue/kindDescription`` of the value type.
    var kindDescription: String { get }
    var anyDefaultValue: any SettingValue { get }
    /// Reads and checks a config-file value.
    func value(of node: Node, from source: SettingSource) throws(SettingsError) -> any SettingValue
    /// Reads and checks an environment variable or a flag.
    func value(parsing text: String, from source: SettingSource) throws(SettingsError) -> any SettingValue
}

extension SettingDeclaration: AnySettingDeclaration {
    var requirementSummary: String? { requirement?.summary }
    var kindDescription: String { Value.kindDescription }
    var anyDefaultValue: any SettingValue { defaultValue }

    func value(of node: Node, from source: SettingSource) throws(SettingsError) -> any SettingValue {
        guard let value = Value(node: node) else {
            throw .wrongType(key: key, expected: Value.kindDescription, found: Self.describe(node), source: source)
        }
        return try checked(value, from: source)
    }

    func value(parsing text: String, from source: SettingSource) throws(SettingsError) -> any SettingValue {
        guard let value = Value(text: text) else {
            throw .wrongType(key: key, expected: Value.kindDescription, found: text, source: source)
        }
        return try checked(value, from: source)
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
