/// Where a setting's value came from, strongest last: as messages name it.
enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    case builtIn
    case file(String)
    case environment(String)
    case flag(String)

    var description: String {
        switch self {
        case .builtIn: "the built-in default"
        case .file(let path): "config file \(path)"
        case .environment(let name): "environment \(name)"
        case .flag(let flag): "flag \(flag)"
        }
    }
}
