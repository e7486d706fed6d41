import GazetteCore

extension Feed {
    /// The feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
    ///
    /// Optional members are left out rather than `null` (the specification types them as
    /// strings); `content_html` is always present, as an item needs `content_html` or
    /// `content_text`.
    var jsonFeed: [UInt8] {
        var json = JSONWriter(capacity: 32 * 1_024 + articles.count * 8 * 1_024)
        json.objectStart()
        json.key("version")
        json.string("https://jsonfeed.org/version/1.1")
        json.key("title")
        json.string(title)
        json.key("home_page_url")
        json.string(homeURL)
        json.key("feed_url")
        json.string(selfURL)
        if let nextURL {
            json.key("next_url")
            json.string(nextURL)
        }
        json.key("description")
        json.string(description)
        json.key("items")
        json.arrayStart()
        for article in articles {
            let link = url(of: article)
            json.objectStart()
            json.key("id")
            json.string(entryID(of: article))
            json.key("url")
            json.string(link)
            json.key("title")
            json.string(article.title)
            json.key("content_html")
            json.string(article.bodyHTML)
            if !article.excerpt.isEmpty {
                json.key("summary")
                json.string(article.excerpt)
            }
            if let image = image(of: article) {
                json.key("image")
                json.string(image)
            }
            if let published = article.publishedAt {
                json.key("date_published")
                json.date(published)
            }
            json.key("date_modified")
            json.date(article.updatedAt)
            if let author = article.author {
                json.key("authors")
                json.arrayStart()
                json.objectStart()
                json.key("name")
                json.string(author)
                json.objectEnd()
                json.arrayEnd()
            }
            let tags = terms(of: article)
            if !tags.isEmpty {
                json.key("tags")
                json.strings(tags)
            }
            json.objectEnd()
        }
        json.arrayEnd()
        json.objectEnd()
        return json.bytes
    }
}
