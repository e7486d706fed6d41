import Foundation
import GazetteCore

/// `GET /articles/{id-or-slug}`: an article as a server-rendered HTML page that needs no
/// script: title, date, author, categories, the sanitised body, and the OpenGraph
/// (https://ogp.me) and Twitter card meta a link preview reads.
///
/// Every value is escaped (``MarkupEscaping``) except the body, which the ingest sanitised
/// (`HTMLSanitizer`) before storing it.
struct ArticlePage {
    let article: Article
    /// Scheme and authority of absolute links (canonical, `og:url`, `og:image`), no trailing slash.
    let baseURL: String

    /// The page's path for a slug: `/articles/` and the slug percent-encoded as one path
    /// segment (RFC 3986 §3.3: everything but unreserved characters).
    static func path(slug: String) -> String {
        var bytes = Array("/articles/".utf8)
        for byte in slug.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The page's style sheet; the only inline content the policy allows, by its hash.
    static let style = """
        body{font:17px/1.6 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem;color:#1b1b1b;background:#fff}\
        header a{color:inherit;text-decoration:none;font-weight:600}h1{line-height:1.25;margin:1rem 0 .25rem}\
        .meta,.terms{color:#5f6368;font-size:.9rem}.terms span{margin-right:.75rem}img{max-width:100%;height:auto}\
        footer{margin-top:2rem;font-size:.85rem}@media (prefers-color-scheme:dark){body{color:#e8eaed;background:#121212}\
        .meta,.terms{color:#9aa0a6}a{color:#8ab4f8}}
        """

    /// No script at all; images from anywhere (article bodies link them); nothing else.
    static let contentSecurityPolicy = [
        "default-src 'none'",
        "style-src 'sha256-\(Data(SHA256.digest(of: style.utf8)).base64EncodedString())'",
        "img-src 'self' https: http: data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The absolute URL of the page.
    var canonicalURL: String { baseURL + Self.path(slug: article.slug) }

    /// The thumbnail, else the head image, as an absolute `http(s)` URL.
    var imageURL: String? {
        guard let link = article.thumbnail ?? article.headimg else { return nil }
        let lowered = link.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return link }
        if link.hasPrefix("//") { return (baseURL.lowercased().hasPrefix("https:") ? "https:" : "http:") + link }
        if link.hasPrefix("/") { return baseURL + link }
        return nil
    }

    /// The UTF-8 bytes of the page.
    func rendered() -> [UInt8] {
        var html: [UInt8] = []
        html.reserveCapacity(article.bodyHTML.utf8.count + 4 * 1_024)
        func raw(_ text: String) { html += text.utf8 }
        func text(_ value: String) { MarkupEscaping.append(value, to: &html) }
        func meta(_ attribute: String, _ name: String, _ content: String) {
            raw("<meta \(attribute)=\"\(name)\" content=\"")
            text(content)
            raw("\">\n")
        }
        let description = article.excerpt
        raw("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        text(article.title)
        raw(" · Gazette</title>\n<link rel=\"canonical\" href=\"")
        text(canonicalURL)
        raw("\">\n")
        meta("name", "description", description)
        meta("property", "og:type", "article")
        meta("property", "og:site_name", "Gazette")
        meta("property", "og:title", article.title)
        meta("property", "og:description", description)
        meta("property", "og:url", canonicalURL)
        if let image = imageURL { meta("property", "og:image", image) }
        if let published = article.publishedAt {
            meta("property", "article:published_time", RFC3339.format(published))
        }
        meta("property", "article:modified_time", RFC3339.format(article.updatedAt))
        if let author = article.author { meta("property", "article:author", author) }
        if let section = article.categories.first { meta("property", "article:section", section) }
        for tag in article.tags { meta("property", "article:tag", tag) }
        meta("name", "twitter:card", imageURL == nil ? "summary" : "summary_large_image")
        meta("name", "twitter:title", article.title)
        meta("name", "twitter:description", description)
        if let image = imageURL { meta("name", "twitter:image", image) }
        raw("<style>\(Self.style)</style>\n</head>\n<body>\n<header><a href=\"/\">Gazette</a></header>\n")
        raw("<main>\n<article>\n<h1>")
        text(article.title)
        raw("</h1>\n<p class=\"meta\">")
        var byline: [String] = []
        if let published = article.publishedAt {
            let stamp = RFC3339.format(published)
            // `2021-07-28 10:50 UTC` for people, the exact instant for machines.
            let shown = "\(stamp.prefix(10)) \(stamp.dropFirst(11).prefix(5)) UTC"
            byline.append("<time datetime=\"\(stamp)\">\(shown)</time>")
        }
        if let author = article.author {
            byline.append("<span class=\"author\">\(MarkupEscaping.escaped(author))</span>")
        }
        raw(byline.joined(separator: " · "))
        raw("</p>\n")
        let terms = article.categoryPaths.map { $0.components.joined(separator: " › ") }
        if !terms.isEmpty || !article.tags.isEmpty {
            raw("<p class=\"terms\">")
            for term in terms { raw("<span class=\"category\">\(MarkupEscaping.escaped(term))</span>") }
            for tag in article.tags { raw("<span class=\"tag\">#\(MarkupEscaping.escaped(tag))</span>") }
            raw("</p>\n")
        }
        raw("<div class=\"body\">\n")
        raw(article.bodyHTML)
        raw("\n</div>\n</article>\n</main>\n<footer><a href=\"")
        text(ArticleJSON.url(ofArticle: article.id))
        raw("\">JSON</a></footer>\n</body>\n</html>\n")
        return html
    }
}
