/// One header field: a name and a value, in the order sent.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    /// The field name, e.g. `"Content-Type"`; compared case-insensitively.
    public var name: String
    /// The field value, without leading or trailing whitespace.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }

    /// `true` when `name` equals `other` ignoring ASCII case.
    public func hasName(_ other: String) -> Bool {
        ASCII.equalsIgnoringCase(name.utf8, other.utf8)
    }
}
