import GazetteCore

extension Feed {
    /// The feed as RSS 2.0 (https://www.rssboard.org/rss-specification).
    ///
    /// RSS's own `author` must be an e-mail address, so the author's name is `dc:creator`;
    /// `description` is the plain excerpt and `content:encoded` the sanitised HTML (the RSS
    /// content module), as most readers expect; dates are RFC 822 (with a four-digit year, as
    /// the specification allows); `atom:link rel="self"` is the RSS Advisory Board's
    /// recommendation and `rel="next"` RFC 5005's paging.
    var rss: [UInt8] {
        var xml = XMLWriter(capacity: 32 * 1_024 + articles.count * 8 * 1_024)
        xml.declaration()
        xml.open(
            "rss",
            [
                "version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom",
                "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
                "xmlns:dc": "http://purl.org/dc/elements/1.1/", "xmlns:media": "http://search.yahoo.com/mrss/",
            ])
        xml.open("channel")
        xml.element("title", title)
        xml.element("link", homeURL)
        xml.element("description", description)
        xml.empty("atom:link", ["rel": "self", "type": "application/rss+xml", "href": selfURL])
        if let nextURL { xml.empty("atom:link", ["rel": "next", "type": "application/rss+xml", "href": nextURL]) }
        xml.element("generator", Self.generator)
        xml.element("docs", "https://www.rssboard.org/rss-specification")
        if !articles.isEmpty { xml.element("lastBuildDate", HTTPDates.format(updated)) }
        for article in articles {
            let link = url(of: article)
            xml.open("item")
            xml.element("title", article.title)
            xml.element("link", link)
            // The guid keeps its old value (readers key on it) but is no longer the link.
            xml.element("guid", entryID(of: article), attributes: ["isPermaLink": "false"])
            if let published = article.publishedAt { xml.element("pubDate", HTTPDates.format(published)) }
            if let author = article.author { xml.element("dc:creator", author) }
            for term in terms(of: article) { xml.element("category", term) }
            if let image = image(of: article) { xml.empty("media:thumbnail", ["url": image]) }
            xml.element("description", article.excerpt)
            xml.element("content:encoded", article.bodyHTML)
            xml.close("item")
        }
        xml.close("channel")
        xml.close("rss")
        return xml.bytes
    }
}
