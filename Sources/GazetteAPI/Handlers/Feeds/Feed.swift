import GazetteCore

/// One feed document before it is written out: its metadata and its articles, every link
/// already absolute. The formats are extensions: ``atom`` (`Feed+Atom.swift`), ``rss``
/// (`Feed+RSS.swift`) and ``jsonFeed`` (`Feed+JSONFeed.swift`).
struct Feed {
    /// The three formats API.md names, each at its own path.
    enum Format: Sendable {
        case atom
        case rss
        case json

        var contentType: String {
            switch self {
            case .atom: return "application/atom+xml; charset=utf-8"
            case .rss: return "application/rss+xml; charset=utf-8"
            case .json: return "application/feed+json; charset=utf-8"
            }
        }
    }

    /// Articles in a feed when the request gives no `limit` (API.md: "the newest 50").
    static let defaultItemCount = 50
    /// The name of the feed and of its generator.
    static let generator = "Gazette"

    /// `Gazette`, or `Gazette: 金融, 2021` when filters narrow it.
    var title: String
    var description: String
    /// Scheme and authority with no trailing slash: `https://news.example.com`.
    var baseURL: String
    /// This document's absolute URL, as requested.
    var selfURL: String
    /// A stable identifier of the feed: its URL without the paging parameters.
    var feedID: String
    /// The next page (`cursor=`), absolute; `nil` on the last page.
    var nextURL: String?
    /// In feed order (newest first unless `sort` says otherwise).
    var articles: [Article]

    /// The site's page for people: the built-in reader at `/`.
    var homeURL: String { baseURL + "/" }

    /// The newest `updated_at` of the entries (the epoch for an empty feed, so the document
    /// stays a function of the data).
    var updated: Int64 { articles.lazy.map(\.updatedAt).max() ?? 0 }

    /// The article's absolute page URL (``ArticlePage``, `/articles/{slug}`): the entry's link, for
    /// people.
    func url(of article: Article) -> String { baseURL + ArticlePage.path(slug: article.slug) }

    /// The entry's permanent identifier: the article's API URL by id, as feeds have always given it.
    /// An entry's id must never change (RFC 4287 §4.2.6), so it did not move with the link: a
    /// reader keeps recognising entries it has already shown.
    func entryID(of article: Article) -> String { baseURL + "/v1/articles/\(article.id)" }

    /// The article's image (thumbnail, else head image) as an absolute `http(s)` URL; `nil` when
    /// there is none or it is not a URL a feed reader could fetch (`data:`, a bare relative path).
    func image(of article: Article) -> String? {
        ArticlePage(article: article, baseURL: baseURL).imageURL
    }

    /// Category names (every path's components, parents first) then tags, each once: the
    /// entry's categories in Atom and RSS, its `tags` in JSON Feed.
    func terms(of article: Article) -> [String] {
        var seen = Set<String>()
        var terms: [String] = []
        for name in article.categoryPaths.flatMap(\.components) + article.tags where seen.insert(name).inserted {
            terms.append(name)
        }
        return terms
    }

    /// The document in `format`.
    func rendered(as format: Format) -> [UInt8] {
        switch format {
        case .atom: return atom
        case .rss: return rss
        case .json: return jsonFeed
        }
    }
}
