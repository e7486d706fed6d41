import Foundation
import Yams

/// A type a setting can have: read from a config-file node or from text (an environment variable
/// or a flag), and written back the way `config/gazette.yaml` shows it.
protocol SettingValue: Sendable, Equatable {
    /// The type as messages name it: `an integer`, `a string`.
    static var kindDescription: String { get }
    /// Reads the value of a config-file key; `nil` when the node holds another type.
    init?(node: Node)
    /// Reads an environment variable or a flag; `nil` when the text is not of this type.
    init?(text: String)
    /// The value as YAML (a plain or double-quoted scalar, or a flow sequence).
    var yaml: String { get }
    /// The value as an environment variable would spell it.
    var text: String { get }
    /// ``yaml`` with any secret inside the value hidden, for what is printed (`gazette config`,
    /// messages).
    var redactedYAML: String { get }
}

extension SettingValue {
    var redactedYAML: String { yaml }
}

extension Int: SettingValue {
    static var kindDescription: String { "an integer" }

    init?(node: Node) {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else { return nil }
        self = value
    }

    init?(text: String) {
        guard let value = Int(text) else { return nil }
        self = value
    }

    var yaml: String { String(self) }
    var text: String { String(self) }
}

extension Bool: SettingValue {
    static var kindDescription: String { "true or false" }

    init?(node: Node) {
        guard case .scalar(let scalar) = node, let value = Bool(text: scalar.string) else { return nil }
        self = value
    }

    init?(text: String) {
        switch text.lowercased() {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }

    var yaml: String { self ? "true" : "false" }
    var text: String { yaml }
}

extension String: SettingValue {
    static var kindDescription: String { "a string" }

    /// Any scalar is read as its text; YAML's null (`~`, `null`, nothing) is the empty string.
    init?(node: Node) {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            self = ""
        } else {
            self = scalar.string
        }
    }

    init?(text: String) { self = text }

    /// Plain when YAML reads it back as this same string, else double-quoted (YAML 1.2 §7.3.1).
    var yaml: String {
        let plainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-")
        let looksLikeAnotherType =
            Int(self) != nil || Double(self) != nil
            || ["true", "false", "yes", "no", "on", "off", "null", "~"].contains(lowercased())
        if let first = first, first.isLetter || first.isNumber, allSatisfy(plainCharacters.contains),
            !looksLikeAnotherType
        {
            return self
        }
        var quoted = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20:
                quoted += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    var text: String { self }
}

extension Array: SettingValue where Element == String {
    static var kindDescription: String { "a list of strings" }

    /// A sequence of scalars; YAML's null is the empty list.
    init?(node: Node) {
        switch node {
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return nil }
                items.append(scalar.string)
            }
            self = items
        case .scalar(let scalar) where scalar.style == .plain && ["", "~", "null"].contains(scalar.string):
            self = []
        default:
            return nil
        }
    }

    /// Comma-separated, each item trimmed; empty items are dropped.
    init?(text: String) {
        self = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var yaml: String { "[" + map(\.yaml).joined(separator: ", ") + "]" }
    var text: String { joined(separator: ",") }
}
