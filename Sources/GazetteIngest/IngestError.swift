/// Why one post could not be ingested. Each case names what was wrong with the input, so the
/// CLI can print `file: reason` and the API can answer 422 with the reason.
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read (missing, a directory, no permission).
    case unreadable(String)
    /// The post is larger than the configured limit.
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes contain NUL: not a text file.
    case binary
    /// The bytes are not valid UTF-8; `offset` is the first bad byte.
    case notUTF8(offset: Int)
    /// There is no `---` front-matter block at the start.
    case missingFrontMatter
    /// The opening `---` has no closing `---`.
    case unterminatedFrontMatter
    /// The front matter is not valid YAML.
    case invalidYAML(String)
    /// The front matter is valid YAML but not a mapping of keys to values.
    case frontMatterNotMapping
    /// `title` is missing or empty.
    case missingTitle
    /// A field has a value Gazette cannot use.
    case invalidField(name: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .tooLarge(let bytes, let limit): return "post is \(bytes) bytes, over the limit of \(limit) bytes"
        case .binary: return "not a text file (contains NUL bytes)"
        case .notUTF8(let offset): return "not valid UTF-8 (first bad byte at offset \(offset))"
        case .missingFrontMatter: return "no front matter: the post must start with a '---' line"
        case .unterminatedFrontMatter: return "front matter is not closed: no second '---' line"
        case .invalidYAML(let reason): return "front matter is not valid YAML: \(reason)"
        case .frontMatterNotMapping: return "front matter is not a YAML mapping of keys to values"
        case .missingTitle: return "front matter has no title"
        case .invalidField(let name, let reason): return "front matter field '\(name)': \(reason)"
        }
    }
}
