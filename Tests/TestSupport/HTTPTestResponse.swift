/// One HTTP response as ``HTTPTestClient`` read it from the wire.
public struct HTTPTestResponse: Sendable {
    /// The status code of the status line.
    public var status: Int
    /// The header fields in the order received, names as written, values without surrounding
    /// white space.
    public var headers: [(String, String)]
    /// The body exactly as received, after removing chunked framing (any content coding such as
    /// gzip is kept).
    public var body: [UInt8]
    /// The statuses of the `1xx` interim responses read before this one, in order.
    public var interim: [Int]

    /// A response with the parts given.
    public init(status: Int, headers: [(String, String)], body: [UInt8], interim: [Int] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.interim = interim
    }

    /// The value of the first header named `name` (compared case-insensitively), if any.
    public func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.0.lowercased() == name }?.1
    }

    /// The values of every header named `name` (compared case-insensitively), in order.
    public func headers(named name: String) -> [String] {
        let name = name.lowercased()
        return headers.filter { $0.0.lowercased() == name }.map(\.1)
    }
}
