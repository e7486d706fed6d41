/// A setting that cannot be used: each case names the setting (or file) and where its value came
/// from, so that the one line the CLI prints says what to fix.
enum SettingsError: Error, Equatable, CustomStringConvertible {
    /// `--config` or `GAZETTE_CONFIG` names a file that does not exist.
    case missingFile(String)
    /// The config file exists but cannot be read.
    case unreadableFile(String, reason: String)
    /// The config file is not YAML, or not a mapping of keys to values.
    case invalidFile(String, reason: String)
    /// The config file has a key no setting declares.
    case unknownKey(String, file: String)
    /// A value of the wrong type, e.g. text where a number belongs.
    case wrongType(key: String, expected: String, found: String, source: SettingSource)
    /// A value of the right type that the setting does not allow, e.g. a port above 65535.
    case notAllowed(key: String, value: String, requirement: String, source: SettingSource)
    /// Two settings that cannot hold together, e.g. headers smaller than the request line.
    case inconsistent(String)

    var description: String {
        switch self {
        case .missingFile(let path): "config file \(path) does not exist"
        case .unreadableFile(let path, let reason): "cannot read config file \(path): \(reason)"
        case .invalidFile(let path, let reason): "config file \(path) is not valid: \(reason)"
        case .unknownKey(let key, let file):
            "config file \(file): unknown setting \"\(key)\" (`gazette config --defaults` lists every setting)"
        case .wrongType(let key, let expected, let found, let source):
            "setting \(key) from \(source) must be \(expected), not \(found)"
        case .notAllowed(let key, let value, let requirement, let source):
            "setting \(key) from \(source) must be \(requirement), not \(value)"
        case .inconsistent(let reason): reason
        }
    }
}
