import GazetteCore

/// Turns the bytes of one post into an ``Article`` ready to store: parse, render Markdown,
/// clean and sanitise, extract text and metadata, hash.
///
/// The same path serves files (`gazette ingest`) and HTTP (`POST /v1/articles`), so an article
/// posted is exactly an article ingested from a file. Pure: no I/O, safe on any thread.
public struct ArticleBuilder: Sendable {
    /// Bumped whenever the derived fields would come out differently for the same input, so a
    /// re-ingest rewrites articles built by older rules instead of calling them unchanged.
    public static let ingestVersion = 1

    public let parser: PostParser
    public let cleaner: BodyCleaner
    public let markdown: MarkdownRenderer

    public init(configuration: IngestConfiguration = IngestConfiguration(), rules: PublisherRules = .builtIn) {
        parser = PostParser(configuration: configuration)
        cleaner = BodyCleaner(rules: rules)
        markdown = MarkdownRenderer()
    }

    /// `sha256:` + the digest of `bytes`.
    public static func contentHash(of bytes: [UInt8]) -> String { "sha256:" + SHA256.hexDigest(of: bytes) }

    /// Builds the article for the post `bytes`.
    ///
    /// - Parameters:
    ///   - fileName: the post's file name, for its slug and date fallback; `nil` over HTTP, where
    ///     the slug becomes `YYYY-MM-DD-` + the title.
    ///   - now: the time to stamp as `ingested_at`/`updated_at`.
    public func build(_ bytes: [UInt8], fileName: String?, now: Int64) throws(IngestError) -> Article {
        let post = try parser.parse(bytes, fileName: fileName)
        return build(post, contentHash: Self.contentHash(of: bytes), now: now)
    }

    /// Builds the article for an already parsed post.
    public func build(_ post: ParsedPost, contentHash: String, now: Int64) -> Article {
        let html = post.bodyFormat == .html ? post.body : markdown.render(post.body)
        let body = cleaner.clean(html: html)
        let thumbnail = post.thumbnail.flatMap { cleaner.isBoilerplateImage($0) ? nil : $0 }
        let headimg = post.headimg.flatMap { cleaner.isBoilerplateImage($0) ? nil : $0 }
        return Article(
            slug: post.slug ?? Self.derivedSlug(title: post.title, publishedAt: post.publishedAt ?? now),
            title: post.title, author: post.author, publishedAt: post.publishedAt, categoryPaths: post.categoryPaths,
            tags: post.tags, thumbnail: thumbnail ?? headimg, headimg: headimg,
            originalTitle: body.originalTitle, source: body.source, editor: body.editor, images: body.images,
            bodyHTML: body.html, bodyText: body.text, bodyRaw: post.body, extraJSON: post.extraJSON,
            contentHash: contentHash, ingestedAt: now, updatedAt: now)
    }

    /// API.md: for a post without a slug, `YYYY-MM-DD-` + the title. The title is kept as
    /// written except that characters unsafe in a URL path segment (`/`, `?`, `#`, `%`,
    /// whitespace, controls) become `-`, runs of `-` fold to one.
    public static func derivedSlug(title: String, publishedAt: Int64) -> String {
        let date = String(RFC3339.format(publishedAt).prefix(10))
        var slug = ""
        var lastWasDash = false
        for character in title {
            let unsafe =
                character.isWhitespace || "/?#%\\\"'<>`{}|^[]".contains(character)
                || character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            if unsafe {
                if !lastWasDash && !slug.isEmpty { slug.append("-") }
                lastWasDash = true
            } else {
                slug.append(character)
                lastWasDash = character == "-"
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug.isEmpty ? date : "\(date)-\(slug.prefix(120))"
    }
}
