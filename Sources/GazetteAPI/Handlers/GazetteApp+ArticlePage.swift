import GazetteCore
import GazetteStore
import HTTPServer

extension GazetteApp {
    /// `GET /articles/{id-or-slug}`: the article as an HTML page (``ArticlePage``).
    ///
    /// A data route: the representation stage gives it the data-version ETag, 304, gzip and the
    /// response cache; its absolute links follow ``linkBaseVariant(_:route:)`` as feeds do.
    func articlePage(_ request: Request, key: String, context: LoopContext) throws -> Reply {
        guard let article = try context.reader.withArticle(idOrSlug: key, { try $0.decoded() }) else {
            throw APIError(.notFound, "no article with id or slug '\(key)'")
        }
        let base = Self.feedBaseURL(configured: configuration.baseURL, host: request.header("Host"))
        let page = ArticlePage(article: article, baseURL: base)
        return Reply(
            body: page.rendered(), contentType: "text/html; charset=utf-8", lastModified: article.updatedAt,
            headers: [
                ("Content-Security-Policy", ArticlePage.contentSecurityPolicy), ("Referrer-Policy", "no-referrer"),
            ])
    }
}
