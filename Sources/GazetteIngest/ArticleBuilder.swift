import GazetteCore

/// Turns the bytes of one post into an ``Article`` ready to store: parse, render Markdown,
/// clean and sanitise, extract text and metadata, hash.
///
/// The same path serves files (`gazette ingest`) and HTTP (`POST /v1/articles`), so an article
/// posted is exactly an article ingested from a file. Pure: no I/O, safe on any thread.
public struct ArticleBuilder: Sendable {
    /// Bumped whenever the derived fields would come out differently for the same input, so a
    /// re-ingest rewrites articles built by older rules instead of calling them unchanged.
    public static let ingestVersion = 2

    public let parser: PostParser
    /// The cleaner for posts of no known publisher: `rules` alone.
    public let cleaner: BodyCleaner
    public let markdown: MarkdownRenderer
    /// Each known publisher with its cleaner (`rules` plus the publisher's own), built once.
    public let publishers: [(publisher: Publisher, cleaner: BodyCleaner)]

    /// - Parameters:
    ///   - rules: the rules applied to every post.
    ///   - publishers: the publishers recognised; the first that matches a post adds its rules.
    public init(
        configuration: IngestConfiguration = IngestConfiguration(), rules: PublisherRules = .builtIn,
        publishers: [Publisher] = Publisher.builtIn
    ) {
        parser = PostParser(configuration: configuration)
        let shared = BodyCleaner(rules: rules)
        cleaner = shared
        markdown = MarkdownRenderer()
        self.publishers = publishers.map { publisher in
            let own = publisher.rules == PublisherRules() ? shared : BodyCleaner(rules: rules.merging(publisher.rules))
            return (publisher, own)
        }
    }

    /// The first of ``publishers`` that `post` belongs to, by its categories, author or
    /// header-image host.
    public func publisher(of post: ParsedPost) -> (publisher: Publisher, cleaner: BodyCleaner)? {
        let paths = post.categoryPaths.map(\.components)
        let hosts = SiteMatch.imageHosts(of: [post.headimg, post.thumbnail].compactMap { $0 })
        return publishers.first {
            $0.publisher.match.matches(categoryPaths: paths, author: post.author, imageHosts: hosts)
        }
    }

    /// The cleaned body of `post`, by its publisher's cleaner (or the default one), and the
    /// tags its publisher's title rules read.
    public func cleanedBody(of post: ParsedPost) -> (body: CleanedBody, titleTags: [String]) {
        let html = post.bodyFormat == .html ? post.body : markdown.render(post.body)
        let own = publisher(of: post)?.cleaner ?? cleaner
        var tags: [String] = []
        for wrapper in own.rules.titleTagWrappers where post.title.hasPrefix(wrapper.prefix) {
            let rest = post.title.dropFirst(wrapper.prefix.count)
            guard let end = rest.prefix(40).range(of: wrapper.suffix)?.lowerBound else { continue }
            let tag = String(rest[..<end])
            if !tag.isEmpty && !tag.contains(" ") { tags.append(tag) }
        }
        return (own.clean(html: html), tags)
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
        let (body, titleTags) = cleanedBody(of: post)
        let tags = post.tags + titleTags.filter { !post.tags.contains($0) }
        // A header image that is a lazy image's placeholder names the real image instead.
        let thumbnail = post.thumbnail.flatMap { cleaner.articleImage(body.lazySources[$0] ?? $0) }
        let headimg = post.headimg.flatMap { cleaner.articleImage(body.lazySources[$0] ?? $0) }
        // An `alt` that only repeats the title (3DMGame) says nothing about the image.
        let images = body.images.map { image in
            var image = image
            if image.alt == post.title { image.alt = "" }
            return image
        }
        return Article(
            slug: post.slug ?? Self.derivedSlug(title: post.title, publishedAt: post.publishedAt ?? now),
            title: post.title, author: post.author, publishedAt: post.publishedAt, categoryPaths: post.categoryPaths,
            tags: tags, thumbnail: thumbnail ?? headimg, headimg: headimg,
            originalTitle: body.originalTitle, source: body.source, editor: body.editor, images: images,
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
