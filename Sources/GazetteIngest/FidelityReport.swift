import GazetteCore

/// How well Gazette understands a folder of posts, per publisher: how many posts, how much of
/// their text was kept, which cleaning rules fired how often, which metadata was found. What a
/// user adding a feed reads to see at a glance whether the cleaner knows it (`gazette fidelity`).
///
/// Text is counted in characters without white space (as `char_count`): the source's is the
/// text of the body cleaned with no rule at all (sanitised only, embedded players as links),
/// the kept text is `body_text`. Posts of no known ``Publisher`` are grouped by their site (the second level of
/// an RSSHub `category/site/feed` path, else the first category, else the author).
///
/// ```swift
/// let report = FidelityReport(paths: ["../shared/corpus/rsshub-page-more"])
/// print(report.table())
/// ```
public struct FidelityReport: Sendable {
    /// One publisher's line of the report.
    public struct Row: Sendable, Equatable {
        /// The ``Publisher`` name, or `site? NAME` for posts no publisher rule matched.
        public var publisher: String
        /// Whether a ``Publisher`` of the catalogue matched these posts.
        public var isKnown: Bool
        public var posts = 0
        /// Characters (white space excluded) of the sanitised source bodies.
        public var sourceCharacters = 0
        /// Characters (white space excluded) of `body_text`.
        public var keptCharacters = 0
        /// Article images kept.
        public var images = 0
        /// Posts with an empty `body_text`.
        public var emptyBodies = 0
        /// Posts where the cleaner found a source, an editor, an original title.
        public var withSource = 0
        public var withEditor = 0
        public var withOriginalTitle = 0
        /// Posts whose header image was refused (placeholder, boilerplate, a page).
        public var refusedHeaderImages = 0
        /// Rule name → times it changed something, over all posts.
        public var ruleHits: [String: Int] = [:]

        public init(publisher: String, isKnown: Bool) {
            self.publisher = publisher
            self.isKnown = isKnown
        }

        /// The kept share of the source text, in percent (100 for an empty source).
        public var keptPercent: Double {
            sourceCharacters == 0 ? 100 : Double(keptCharacters) * 100 / Double(sourceCharacters)
        }
    }

    /// One line per publisher, most posts first.
    public private(set) var rows: [Row]
    /// Files that could not be read or parsed.
    public private(set) var failures: [IngestFailure]

    /// Reads and cleans every post under `paths` (files and folders, recursively), as
    /// `gazette ingest` would, without storing anything.
    public init(paths: [String], builder: ArticleBuilder = ArticleBuilder()) {
        let (files, missing) = PostFileFinder(extensions: IngestConfiguration().extensions).find(paths)
        var failures = missing
        var rows: [String: Row] = [:]
        let unruled = BodyCleaner(rules: PublisherRules())
        for path in files {
            let post: ParsedPost
            do {
                let bytes = try PostFileSystem.read(path, maxBytes: builder.parser.maxPostBytes)
                post = try builder.parser.parse(bytes, fileName: path.split(separator: "/").last.map(String.init))
            } catch {
                failures.append(IngestFailure(path: path, reason: error.description))
                continue
            }
            let matched = builder.publisher(of: post)
            let name = matched?.publisher.name ?? "site? " + Self.siteName(of: post)
            var row = rows[name] ?? Row(publisher: name, isKnown: matched != nil)
            let html = post.bodyFormat == .html ? post.body : builder.markdown.render(post.body)
            let body = (matched?.cleaner ?? builder.cleaner).clean(html: html)
            let source = unruled.clean(html: html).text
            row.posts += 1
            row.sourceCharacters += TextMetrics.characterCount(of: source)
            row.keptCharacters += TextMetrics.characterCount(of: body.text)
            row.images += body.images.count
            if body.text.isEmpty { row.emptyBodies += 1 }
            if body.source != nil { row.withSource += 1 }
            if body.editor != nil { row.withEditor += 1 }
            if body.originalTitle != nil { row.withOriginalTitle += 1 }
            if let headimg = post.headimg ?? post.thumbnail,
                builder.cleaner.articleImage(body.lazySources[headimg] ?? headimg) == nil
            {
                row.refusedHeaderImages += 1
            }
            row.ruleHits.merge(body.ruleHits, uniquingKeysWith: +)
            rows[name] = row
        }
        self.rows = rows.values.sorted { ($0.posts, $1.publisher) > ($1.posts, $0.publisher) }
        self.failures = failures
    }

    /// The site a post says it is from: the middle of a three-level category path (RSSHub's
    /// `category/site/feed`), else its first category, else its author.
    static func siteName(of post: ParsedPost) -> String {
        if let path = post.categoryPaths.first?.components {
            return path.count == 3 ? path[1] : path[0]
        }
        return post.author ?? "(no category or author)"
    }

    /// The report as an aligned text table, one publisher a line, then the rules that fired
    /// for each publisher and the files that failed.
    public func table() -> String {
        let header = [
            "publisher", "posts", "source chars", "kept chars", "kept", "images", "empty", "source",
            "editor", "orig. title", "no headimg",
        ]
        var lines = [header]
        for row in rows {
            lines.append([
                row.publisher, String(row.posts), String(row.sourceCharacters),
                String(row.keptCharacters), Self.percent(row.keptPercent), String(row.images),
                String(row.emptyBodies), String(row.withSource), String(row.withEditor),
                String(row.withOriginalTitle), String(row.refusedHeaderImages),
            ])
        }
        let widths = header.indices.map { column in lines.map { Self.displayWidth($0[column]) }.max() ?? 0 }
        var output = ""
        for (index, line) in lines.enumerated() {
            output += line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - Self.displayWidth(cell))
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
            output += "\n"
            if index == 0 { output += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        output += "\nRules fired (times):\n"
        for row in rows {
            let hits = row.ruleHits.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            let list = hits.isEmpty ? "none" : hits.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            output += "  \(row.publisher)\(row.isKnown ? "" : " (no publisher rule)"): \(list)\n"
        }
        if !failures.isEmpty {
            output += "\nFailed (\(failures.count)):\n"
            for failure in failures { output += "  \(failure.path): \(failure.reason)\n" }
        }
        return output
    }

    /// The report as one JSON object: `{"publishers": [...], "failures": [{"path", "reason"}]}`.
    public func json() -> String {
        var json = JSONWriter()
        json.objectStart()
        json.key("publishers")
        json.arrayStart()
        for row in rows {
            json.objectStart()
            json.key("publisher")
            json.string(row.publisher)
            json.key("known")
            json.bool(row.isKnown)
            for (key, value) in [
                ("posts", row.posts), ("source_characters", row.sourceCharacters),
                ("kept_characters", row.keptCharacters), ("images", row.images), ("empty_bodies", row.emptyBodies),
                ("with_source", row.withSource), ("with_editor", row.withEditor),
                ("with_original_title", row.withOriginalTitle), ("refused_header_images", row.refusedHeaderImages),
            ] {
                json.key(string: key)
                json.int(value)
            }
            json.key("kept_percent")
            json.double((row.keptPercent * 10).rounded() / 10)
            json.key("rules")
            json.objectStart()
            for (rule, count) in row.ruleHits.sorted(by: { $0.key < $1.key }) {
                json.key(string: rule)
                json.int(count)
            }
            json.objectEnd()
            json.objectEnd()
        }
        json.arrayEnd()
        json.key("failures")
        IngestFailure.writeJSON(failures, to: &json)
        json.objectEnd()
        return json.string
    }

    private static func percent(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Columns on a terminal: East Asian wide characters take two.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            width + (scalar.isCJK || (0xAC00...0xD7A3).contains(scalar.value) ? 2 : 1)
        }
    }
}
