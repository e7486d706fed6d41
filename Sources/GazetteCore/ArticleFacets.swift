/// What the list's `category`, `tag` and `author` filters look at in one article, as sets ready
/// for ``ArticleQuery/matches(_:)``: the live stream and webhooks decide with it, in Swift,
/// what the store decides in SQL for `/v1/articles`.
public struct ArticleFacets: Sendable, Equatable {
    /// The names of every category node the article is under (`category=NAME` matches any).
    public var categoryNames: Set<String> = []
    /// Every path prefix of the article's paths, joined as ``CategoryPath/joined``
    /// (`category=A › B` matches a full path from the root).
    public var categoryPaths: Set<String> = []
    public var tags: Set<String> = []
    public var author: String?

    /// Facets with nothing in them yet (the store fills them from its rows).
    public init(author: String? = nil) {
        self.author = author
    }

    /// The facets of an article with these category paths, tags and author.
    public init(paths: [CategoryPath], tags: [String], author: String?) {
        self.author = author
        self.tags = Set(tags)
        for path in paths {
            categoryNames.formUnion(path.components)
            for prefix in path.prefixes { categoryPaths.insert(prefix.joined) }
        }
    }
}

extension ArticleQuery {
    /// The one reading of a `category=` value (API.md): with `›` or `/` it is a full path from
    /// the root, else a name anywhere on a path; `nil` when it names nothing.
    public static func categoryFilter(parsing value: String) -> CategoryFilter? {
        if CategoryPath.hasSeparator(value) { return CategoryPath(parsing: value).map { .path($0) } }
        let name = value.trimmingWhitespace()
        return name.isEmpty ? nil : .name(name)
    }

    /// Whether the list with this query's category, tag and author filters would include an
    /// article with `facets`: ORed within a kind, ANDed across kinds (other fields are ignored).
    public func matches(_ facets: ArticleFacets) -> Bool {
        if !categories.isEmpty {
            let inCategory = categories.contains { filter in
                switch filter {
                case .name(let name): return facets.categoryNames.contains(name)
                case .path(let path): return facets.categoryPaths.contains(path.joined)
                }
            }
            guard inCategory else { return false }
        }
        if !tags.isEmpty, !tags.contains(where: facets.tags.contains) { return false }
        if !authors.isEmpty {
            guard let author = facets.author, authors.contains(author) else { return false }
        }
        return true
    }
}
