import GazetteCore

extension Feed {
    /// The feed as Atom 1.0 (RFC 4287).
    ///
    /// The feed carries an `author` so that entries without one are still valid (§4.1.1);
    /// `link rel="next"` is RFC 5005's paging; `media:thumbnail` is Media RSS, which feed
    /// readers show as the entry's image. The article's sanitised HTML is the entry's
    /// `content type="html"` (§3.1.1.2: escaped markup).
    var atom: [UInt8] {
        var xml = XMLWriter(capacity: 32 * 1_024 + articles.count * 8 * 1_024)
        xml.declaration()
        xml.open("feed", ["xmlns": "http://www.w3.org/2005/Atom", "xmlns:media": "http://search.yahoo.com/mrss/"])
        xml.element("id", feedID)
        xml.element("title", title, attributes: ["type": "text"])
        xml.element("subtitle", description, attributes: ["type": "text"])
        xml.element("updated", RFC3339.format(updated))
        xml.empty("link", ["rel": "self", "type": "application/atom+xml", "href": selfURL])
        xml.empty("link", ["rel": "alternate", "type": "text/html", "href": homeURL])
        if let nextURL { xml.empty("link", ["rel": "next", "type": "application/atom+xml", "href": nextURL]) }
        xml.open("author")
        xml.element("name", Self.generator)
        xml.close("author")
        xml.element("generator", Self.generator)
        for article in articles {
            let link = url(of: article)
            xml.open("entry")
            xml.element("id", entryID(of: article))
            xml.element("title", article.title, attributes: ["type": "text"])
            xml.empty("link", ["rel": "alternate", "type": "text/html", "href": link])
            if let published = article.publishedAt { xml.element("published", RFC3339.format(published)) }
            xml.element("updated", RFC3339.format(article.updatedAt))
            if let author = article.author {
                xml.open("author")
                xml.element("name", author)
                xml.close("author")
            }
            for term in terms(of: article) { xml.empty("category", ["term": term]) }
            if let image = image(of: article) { xml.empty("media:thumbnail", ["url": image]) }
            if !article.excerpt.isEmpty { xml.element("summary", article.excerpt, attributes: ["type": "text"]) }
            xml.element("content", article.bodyHTML, attributes: ["type": "html"])
            xml.close("entry")
        }
        xml.close("feed")
        return xml.bytes
    }
}
