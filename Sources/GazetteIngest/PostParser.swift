import Foundation
import GazetteCore
import Yams

/// Splits a Hexo/Jekyll post into front matter and body, and interprets the front matter.
///
/// Tolerated, as real posts have them: a UTF-8 BOM, blank lines before the opening `---`,
/// CRLF line ends, trailing spaces after `---`. The keys Gazette reads are `title` (required),
/// `slug`, `permalink`, `author`, `date`, `categories`/`category`, `tags`/`tag`, `thumbnail`,
/// `headimg`/`cover`/`banner`; all others are kept as ``ParsedPost/extraJSON``.
public struct PostParser: Sendable {
    public let dates: DateParser
    public let maxPostBytes: Int

    public init(configuration: IngestConfiguration = IngestConfiguration()) {
        dates = DateParser(timeZone: configuration.timeZone)
        maxPostBytes = configuration.maxPostBytes
    }

    /// Parses the bytes of one post.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - fileName: the file's name (no folder), for the slug, the date fallback and the body
    ///     format; `nil` for posts that did not come from a file.
    public func parse(_ bytes: [UInt8], fileName: String?) throws(IngestError) -> ParsedPost {
        guard bytes.count <= maxPostBytes else { throw .tooLarge(bytes: bytes.count, limit: maxPostBytes) }
        if bytes.contains(0) { throw .binary }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(offset: UTF8Validation.firstInvalidOffset(in: bytes) ?? 0)
        }
        let (yaml, body) = try Self.split(text)
        let fields = try Self.mapping(fromYAML: yaml)
        return try interpret(fields, body: body, fileName: fileName)
    }

    // MARK: - Splitting

    /// The front-matter text and the body, exactly as written after the closing `---` line.
    static func split(_ text: String) throws(IngestError) -> (yaml: String, body: String) {
        var rest = Substring(text)
        if rest.first == "\u{FEFF}" { rest = rest.dropFirst() }
        // Skip blank lines before the opening fence.
        var lineStart = rest.startIndex
        while true {
            guard let line = nextLine(in: rest, from: lineStart) else { throw .missingFrontMatter }
            if isFence(line.content) {
                lineStart = line.next
                break
            }
            guard line.content.allSatisfy(\.isWhitespace) else { throw .missingFrontMatter }
            lineStart = line.next
        }
        let yamlStart = lineStart
        while let line = nextLine(in: rest, from: lineStart) {
            if isFence(line.content) {
                return (String(rest[yamlStart..<line.start]), String(rest[line.next...]))
            }
            lineStart = line.next
        }
        throw .unterminatedFrontMatter
    }

    private static func isFence(_ line: Substring) -> Bool {
        line.hasPrefix("---") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// The line starting at `start` without its terminator, and where the next line starts.
    private static func nextLine(
        in text: Substring, from start: Substring.Index
    ) -> (start: Substring.Index, content: Substring, next: Substring.Index)? {
        guard start < text.endIndex else { return nil }
        // Search bytes: "\r\n" is one Character in Swift, so look at the UTF-8 view.
        let utf8 = text.utf8
        var index = start
        while index < utf8.endIndex && utf8[index] != UInt8(ascii: "\n") { index = utf8.index(after: index) }
        let next = index < utf8.endIndex ? utf8.index(after: index) : index
        return (start, text[start..<index], next)
    }

    // MARK: - YAML

    static func mapping(fromYAML yaml: String) throws(IngestError) -> [(key: String, value: Node)] {
        let node: Node?
        do {
            // The basic resolver tags every scalar as a string: Gazette reads the text of each
            // value itself, and Yams' default resolver runs regular expressions per scalar (the
            // largest cost of parsing a post). Encoding is given, not looked up per call.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch {
            throw .invalidYAML(Self.describe(error))
        }
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else { throw .frontMatterNotMapping }
        return mapping.map { (key: $0.key.scalar?.string ?? "\($0.key)", value: $0.value) }
    }

    private static func describe(_ error: Error) -> String {
        let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        return String(text.prefix(300))
    }

    // MARK: - Interpreting

    private func interpret(
        _ fields: [(key: String, value: Node)], body: String, fileName: String?
    ) throws(IngestError) -> ParsedPost {
        var values: [String: Node] = [:]
        var extra: [(String, Node)] = []
        let known: Set<String> = [
            "title", "slug", "permalink", "author", "date", "categories", "category", "tags", "tag", "thumbnail",
            "headimg", "cover", "banner",
        ]
        for (key, value) in fields {
            if known.contains(key) { values[key] = values[key] ?? value } else { extra.append((key, value)) }
        }

        guard let title = Self.text(values["title"])?.decodingCharacterReferences(), !title.isEmpty else {
            throw .missingTitle
        }

        var publishedAt: Int64? = nil
        if let node = values["date"], let raw = Self.text(node) {
            guard let parsed = dates.parse(raw) else {
                throw .invalidField(
                    name: "date",
                    reason: "'\(raw.prefix(80))' is not a date Gazette reads "
                        + "(RFC 2822, ISO 8601, or YYYY-MM-DD[ HH:MM[:SS]])")
            }
            publishedAt = parsed
        } else if let fileName, let fromName = Self.leadingDate(in: fileName) {
            publishedAt = dates.parse(fromName)
        }

        let categoryNode = values["categories"] ?? values["category"]
        let tagNode = values["tags"] ?? values["tag"]
        let (stem, ext) = fileName.map(Self.stemAndExtension) ?? (nil, "")
        let slug = Self.text(values["slug"]) ?? Self.text(values["permalink"]).flatMap(Self.lastSegment) ?? stem
        let headimg = Self.text(values["headimg"]) ?? Self.text(values["cover"]) ?? Self.text(values["banner"])

        return ParsedPost(
            title: title, slug: slug.flatMap { $0.isEmpty ? nil : $0 }, author: Self.text(values["author"]),
            publishedAt: publishedAt, categoryPaths: try Self.categoryPaths(categoryNode),
            tags: try Self.tags(tagNode), thumbnail: Self.text(values["thumbnail"]), headimg: headimg,
            extraJSON: Self.json(extra), body: body,
            bodyFormat: ext == "html" || ext == "htm" || Self.looksLikeHTML(body) ? .html : .markdown)
    }

    /// A body that starts with a tag and ends with one is HTML (RSSHub's generator writes HTML
    /// into `.md` files); anything else is Markdown, which may embed HTML.
    static func looksLikeHTML(_ body: String) -> Bool {
        let trimmed = body.trimmingWhitespace()
        return trimmed.first == "<" && trimmed.last == ">"
    }

    /// The scalar's text, `nil` for a missing key, YAML null or an empty value.
    static func text(_ node: Node?) -> String? {
        guard let scalar = node?.scalar else { return nil }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        let trimmed = scalar.string.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Hexo's meaning: a list is one path, parent first; a list of lists is several paths; a
    /// single string is a one-level path. Strings beside lists in one list form one more path.
    ///
    /// Two slips of RSSHub's generator are read as what it meant (SOURCES.md, Animen): names
    /// followed by a last item that is a one-name list (`-  - news`, an indent too many) are
    /// one path ending in that name, not a path plus a one-level path `news`; and a name that
    /// starts with a dash and a space (`- — news`, a list marker typed twice) loses them. A
    /// category is never meant to start with a list marker, and the site's own category
    /// pages show the feed under its site.
    static func categoryPaths(_ node: Node?) throws(IngestError) -> [CategoryPath] {
        guard let node else { return [] }
        switch node {
        case .scalar:
            return categoryName(node).flatMap { CategoryPath([$0]) }.map { [$0] } ?? []
        case .sequence(var items):
            if items.count >= 2, case .sequence(let last) = items[items.count - 1], last.count == 1,
                last[0].scalar != nil, items.dropLast().allSatisfy({ $0.scalar != nil })
            {
                items[items.count - 1] = last[0]
            }
            var paths: [CategoryPath] = []
            var loose: [String] = []
            for item in items {
                switch item {
                case .scalar:
                    if let name = categoryName(item) { loose.append(name) }
                case .sequence(let inner):
                    var names: [String] = []
                    for element in inner {
                        guard element.scalar != nil else {
                            throw .invalidField(name: "categories", reason: "a path may hold only names")
                        }
                        if let name = categoryName(element) { names.append(name) }
                    }
                    if let path = CategoryPath(names), !paths.contains(path) { paths.append(path) }
                default:
                    throw .invalidField(name: "categories", reason: "expected names or lists of names")
                }
            }
            if let path = CategoryPath(loose), !paths.contains(path) { paths.insert(path, at: 0) }
            return paths
        default:
            throw .invalidField(name: "categories", reason: "expected a name, a list, or a list of lists")
        }
    }

    /// A category name: the scalar's text without a stray list marker (`— news`).
    static func categoryName(_ node: Node) -> String? {
        guard let name = text(node) else { return nil }
        guard let first = name.unicodeScalars.first, "-–—―−".unicodeScalars.contains(first) else { return name }
        let rest = name.unicodeScalars.dropFirst()
        guard let next = rest.first, next.properties.isWhitespace else { return name }
        let stripped = String(String.UnicodeScalarView(rest)).trimmingWhitespace()
        return stripped.isEmpty ? name : stripped
    }

    /// A list of names, or one name.
    static func tags(_ node: Node?) throws(IngestError) -> [String] {
        guard let node else { return [] }
        switch node {
        case .scalar:
            return text(node).map { [$0] } ?? []
        case .sequence(let items):
            var tags: [String] = []
            for item in items {
                guard item.scalar != nil else { throw .invalidField(name: "tags", reason: "expected a list of names") }
                if let tag = text(item), !tags.contains(tag) { tags.append(tag) }
            }
            return tags
        default:
            throw .invalidField(name: "tags", reason: "expected a name or a list of names")
        }
    }

    /// `("a.b", "md")` from `a.b.md` (extension lowercased). Plain string work: `URL` would ask
    /// the file system about a relative name.
    static func stemAndExtension(_ fileName: String) -> (String?, String) {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), name[name.index(after: dot)...].lowercased())
    }

    /// `2021-07-28` from `2021-07-28-some-title.md`.
    static func leadingDate(in fileName: String) -> String? {
        let bytes = Array(fileName.utf8.prefix(10))
        guard bytes.count == 10 else { return nil }
        for (index, byte) in bytes.enumerated() {
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else if !isDigit {
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func lastSegment(_ permalink: String) -> String? {
        permalink.split(separator: "/").last.map(String.init).map { segment in
            segment.hasSuffix(".html") ? String(segment.dropLast(5)) : segment
        }
    }

    // MARK: - Extra keys as JSON

    /// A plain scalar typed as YAML 1.2's core schema does (null, bool, int, float), any other
    /// scalar as a string.
    private static func writeScalar(_ scalar: Node.Scalar, to json: inout JSONWriter) {
        let text = scalar.string
        guard scalar.style == .plain else {
            json.string(text)
            return
        }
        switch text {
        case "", "~", "null", "Null", "NULL": json.null()
        case "true", "True", "TRUE": json.bool(true)
        case "false", "False", "FALSE": json.bool(false)
        default:
            let digits = text.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
            let isInteger =
                !digits.isEmpty && text.utf8.count - digits.count <= 1
                && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if isInteger, let value = Int64(text) {
                json.int(value)
            } else if text.utf8.allSatisfy({ Self.floatBytes.contains($0) }), let value = Double(text), value.isFinite {
                json.double(value)
            } else {
                json.string(text)
            }
        }
    }

    private static let floatBytes: Set<UInt8> = Set("0123456789+-.eE".utf8)

    static func json(_ pairs: [(String, Node)]) -> String {
        var json = JSONWriter(capacity: 128)
        json.objectStart()
        for (key, value) in pairs {
            json.key(string: key)
            write(value, to: &json, depth: 0)
        }
        json.objectEnd()
        return json.string
    }

    private static func write(_ node: Node, to json: inout JSONWriter, depth: Int) {
        guard depth < 32 else {
            json.null()
            return
        }
        switch node {
        case .scalar(let scalar):
            writeScalar(scalar, to: &json)
        case .sequence(let items):
            json.arrayStart()
            for item in items { write(item, to: &json, depth: depth + 1) }
            json.arrayEnd()
        case .mapping(let mapping):
            json.objectStart()
            for pair in mapping {
                json.key(string: pair.key.scalar?.string ?? "")
                write(pair.value, to: &json, depth: depth + 1)
            }
            json.objectEnd()
        case .alias:
            json.null()
        }
    }
}

/// Finds where UTF-8 validation fails, for the error message.
enum UTF8Validation {
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            let end = index + length
            let prefix = Array(bytes[index..<end])
            if String(validating: prefix, as: UTF8.self) == nil { return index }
            index = end
        }
        return nil
    }
}
