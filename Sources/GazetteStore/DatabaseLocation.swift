/// Where a database lives.
public enum DatabaseLocation: Sendable, Equatable {
    /// A file on disk (created when missing by a read-write connection).
    case file(String)
    /// A named in-memory database shared by every connection of this process that names it;
    /// it disappears when the last connection closes (used by `gazette serve --demo`).
    case memory(name: String)

    /// The name SQLite opens.
    var openName: String {
        switch self {
        case .file(let path): return path
        case .memory(let name): return "file:\(name)?mode=memory&cache=shared"
        }
    }

    var isMemory: Bool {
        if case .memory = self { return true }
        return false
    }
}
