/// What the values of a setting must satisfy, with the words that say it.
struct Requirement<Value: SettingValue>: Sendable {
    /// The rule as messages and documents say it: `from 0 to 65535`.
    let summary: String
    /// Whether a value follows the rule.
    let isSatisfied: @Sendable (Value) -> Bool
}

extension Requirement where Value == Int {
    /// A value in `range`.
    static func within(_ range: ClosedRange<Int>) -> Requirement {
        Requirement(summary: "from \(range.lowerBound) to \(range.upperBound)") { range.contains($0) }
    }

    /// A value no smaller than `minimum`.
    static func atLeast(_ minimum: Int) -> Requirement {
        Requirement(summary: "at least \(minimum)") { $0 >= minimum }
    }
}

extension Requirement where Value == String {
    /// Any text but the empty string.
    static var nonEmpty: Requirement { Requirement(summary: "not empty") { !$0.isEmpty } }
}
