import Foundation
import GazetteCore
import Testing

@testable import GazetteAPI

/// The feeds (`/v1/feed.atom`, `.rss`, `.json`) and the reader page at `/`, end to end over
/// 127.0.0.1 against the project's samples.
@Suite(.serialized)
struct FeedTests {
    /// Filters every feed is checked with; each is compared with `GET /v1/articles` with the
    /// same query (and the feeds' default `limit=50` when none is given).
    static let queries: [String] = [
        "",
        "limit=5",
        "category=" + encoded("金融"),
        "category=" + encoded("新媒体›36kr"),
        "tag=" + encoded("知乎"),
        "author=" + encoded("新浪财经") + "&limit=7",
        "since=2021-01-01&until=2022-01-01",
        "sort=published_at&limit=4",
        "q=" + encoded("北京"),
        "q=" + encoded("北京") + "&category=" + encoded("金融") + "&limit=3",
        "q=" + encoded("release") + "&sort=-published_at",
    ]

    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }

    /// The list's summaries for `query`, and its next cursor.
    private func listed(_ query: String, port: Int) throws -> (items: [[String: Any]], next: String?) {
        let withLimit = query.contains("limit=") ? query : (query.isEmpty ? "limit=50" : query + "&limit=50")
        let reply = try FeedTestClient.get("/v1/articles?\(withLimit)", port: port)
        try #require(reply.status == 200, "list \(withLimit): \(reply.text)")
        let json = try reply.json()
        let items = try #require(json["data"] as? [[String: Any]])
        let meta = try #require(json["meta"] as? [String: Any])
        return (items, meta["next_cursor"] as? String)
    }

    private func bodyHTML(of idOrSlug: String, port: Int) throws -> String {
        let reply = try FeedTestClient.get("/v1/articles/\(idOrSlug)", port: port)
        return try #require(reply.json()["body_html"] as? String)
    }

    private func target(_ path: String, _ query: String) -> String { query.isEmpty ? path : "\(path)?\(query)" }

    /// A listed article's permanent entry id: its API URL by id, as the feeds have always given it
    /// (RFC 4287 §4.2.6: an entry's id never changes), written out here from the listed `id`.
    private func entryID(_ base: String, _ item: [String: Any]) -> String {
        "\(base)/v1/articles/\((item["id"] as? Int).map(String.init) ?? "?")"
    }

    /// The absolute URL of a listed article's page: `/articles/` and its slug, every byte but
    /// RFC 3986's unreserved characters percent-encoded (Foundation as the oracle).
    private func pageURL(_ base: String, _ item: [String: Any]) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let slug = (item["slug"] as? String) ?? ""
        return "\(base)/articles/\(slug.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")"
    }

    /// `text` as it reads back from XML: without the characters XML 1.0 does not allow.
    private func xmlSafe(_ text: String?) -> String? {
        text.map { String(String.UnicodeScalarView($0.unicodeScalars.filter(Self.isXMLChar))) }
    }

    /// XML 1.0 (Fifth Edition) §2.2, production [2], written from the spec (not the writer's
    /// own rule): `Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
    static func isXMLChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// RFC 822 / RFC 1123 dates as RSS 2.0 writes them (`Sat, 16 Aug 2014 12:00:00 GMT`),
    /// formatted by Foundation: an implementation independent of the server's.
    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// An RFC 3339 date-time, as the API writes `published_at`, read by Foundation.
    static func rfc3339(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }

    // MARK: - Atom

    @Test func atom_isWellFormedAndHasTheListsArticles() throws {
        try withFeedServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            var cursorQuery: String?
            for query in Self.queries + ["limit=5&cursor=CURSOR"] {
                var query = query
                if query.contains("CURSOR") {
                    query = try #require(cursorQuery)
                }
                let (items, next) = try listed(query, port: server.port)
                if query == "limit=5", let next { cursorQuery = "limit=5&cursor=\(next)" }
                let reply = try FeedTestClient.get(target("/v1/feed.atom", query), port: server.port)
                #expect(reply.status == 200, "\(query): \(reply.text.prefix(300))")
                #expect(reply.header("Content-Type") == "application/atom+xml; charset=utf-8")
                let feed = try FeedXMLNode.parse(reply.body)
                #expect(feed.name == "feed")
                #expect(feed.attributes["xmlns"] == "http://www.w3.org/2005/Atom")
                #expect(feed.child("id") != nil && feed.child("title") != nil && feed.child("updated") != nil)
                let entries = feed.children("entry")
                #expect(
                    entries.map { $0.child("id")?.text } == items.map { entryID(base, $0) },
                    "\(query)")
                #expect(
                    entries.map { $0.child("title")?.text } == items.map { xmlSafe($0["title"] as? String) }, "\(query)"
                )
                for (entry, item) in zip(entries, items) {
                    #expect(entry.child("updated") != nil)
                    #expect(entry.child("published")?.text == item["published_at"] as? String)
                    #expect(entry.child("author")?.child("name")?.text == item["author"] as? String)
                    #expect(entry.child("link")?.attributes["href"] == pageURL(base, item))
                    #expect(entry.child("link")?.attributes["type"] == "text/html")
                }
                let nextLink = feed.children("link").first { $0.attributes["rel"] == "next" }?.attributes["href"]
                #expect((nextLink != nil) == (next != nil), "\(query)")
                if let next, let nextLink { #expect(nextLink.hasSuffix("cursor=\(next)")) }
            }
        }
    }

    @Test func atom_contentIsTheArticlesBodyHTML() throws {
        try withFeedServer { server in
            let reply = try FeedTestClient.get("/v1/feed.atom?limit=10", port: server.port)
            let entries = try FeedXMLNode.parse(reply.body).children("entry")
            #expect(entries.count == 10)
            for entry in entries {
                let content = try #require(entry.child("content"))
                #expect(content.attributes["type"] == "html")
                // The entry's id is the article's API URL; its last segment, the id, names the article.
                let id = try #require(entry.child("id")?.text.split(separator: "/").last.map(String.init))
                #expect(content.text == (try bodyHTML(of: id, port: server.port)))
            }
        }
    }

    // MARK: - RSS

    @Test func rss_isWellFormedAndHasTheListsArticles() throws {
        try withFeedServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            for query in Self.queries {
                let (items, next) = try listed(query, port: server.port)
                let reply = try FeedTestClient.get(target("/v1/feed.rss", query), port: server.port)
                #expect(reply.status == 200, "\(query): \(reply.text.prefix(300))")
                #expect(reply.header("Content-Type") == "application/rss+xml; charset=utf-8")
                let rss = try FeedXMLNode.parse(reply.body)
                #expect(rss.name == "rss" && rss.attributes["version"] == "2.0")
                let channel = try #require(rss.child("channel"))
                #expect(
                    channel.child("title") != nil && channel.child("link") != nil && channel.child("description") != nil
                )
                let entries = channel.children("item")
                #expect(
                    entries.map { $0.child("guid")?.text } == items.map { entryID(base, $0) },
                    "\(query)")
                #expect(entries.allSatisfy { $0.child("guid")?.attributes["isPermaLink"] == "false" })
                #expect(entries.map { $0.child("link")?.text } == items.map { pageURL(base, $0) })
                #expect(
                    entries.map { $0.child("title")?.text } == items.map { xmlSafe($0["title"] as? String) }, "\(query)"
                )
                for (entry, item) in zip(entries, items) {
                    #expect((entry.child("pubDate") != nil) == (item["published_at"] is String))
                    #expect(entry.child("dc:creator")?.text == item["author"] as? String)
                }
                let nextLink = channel.children("atom:link").first { $0.attributes["rel"] == "next" }
                #expect((nextLink != nil) == (next != nil), "\(query)")
            }
        }
    }

    @Test func rss_pubDateIsRFC822InGMT() throws {
        try withFeedServer { server in
            // The oldest sample is Samples/2014-08-16-miui6.markdown, `date: 2014-08-16 12:00:00`,
            // read in UTC; 16 August 2014 was a Saturday.
            let oldest = try FeedTestClient.get("/v1/feed.rss?sort=published_at&limit=1", port: server.port)
            let first = try #require(FeedXMLNode.parse(oldest.body).child("channel")?.child("item"))
            #expect(first.child("pubDate")?.text == "Sat, 16 Aug 2014 12:00:00 GMT")
            // The newest is the awkward post, `date: 2030-01-02 03:04:05`: a Wednesday.
            let newest = try FeedTestClient.get("/v1/feed.rss?limit=1", port: server.port)
            let top = try #require(FeedXMLNode.parse(newest.body).child("channel")?.child("item"))
            #expect(top.child("pubDate")?.text == "Wed, 02 Jan 2030 03:04:05 GMT")

            // Every item's pubDate is its published_at, as Foundation formats it.
            let (items, _) = try listed("", port: server.port)
            let reply = try FeedTestClient.get("/v1/feed.rss", port: server.port)
            let entries = try #require(FeedXMLNode.parse(reply.body).child("channel")).children("item")
            #expect(entries.count == items.count)
            for (entry, item) in zip(entries, items) {
                guard let published = item["published_at"] as? String else {
                    #expect(entry.child("pubDate") == nil)
                    continue
                }
                let date = try #require(Self.rfc3339(published), "published_at \(published)")
                #expect(entry.child("pubDate")?.text == Self.rfc822(date), "\(published)")
            }
        }
    }

    @Test func atom_datesAreRFC3339InUTC() throws {
        try withFeedServer { server in
            let newest = try FeedTestClient.get("/v1/feed.atom?limit=1", port: server.port)
            let entry = try #require(FeedXMLNode.parse(newest.body).child("entry"))
            #expect(entry.child("published")?.text == "2030-01-02T03:04:05Z")
            let oldest = try FeedTestClient.get("/v1/feed.atom?sort=published_at&limit=1", port: server.port)
            let first = try #require(FeedXMLNode.parse(oldest.body).child("entry"))
            #expect(first.child("published")?.text == "2014-08-16T12:00:00Z")
            let feed = try FeedXMLNode.parse(try FeedTestClient.get("/v1/feed.atom", port: server.port).body)
            let stamps = [feed.child("updated")?.text] + feed.children("entry").map { $0.child("updated")?.text }
            for stamp in stamps {
                let text = try #require(stamp)
                #expect(Self.rfc3339(text) != nil && text.hasSuffix("Z"), "\(text)")
            }
        }
    }

    // MARK: - JSON Feed

    @Test func jsonFeed_hasVersionTitleAndItemsWithIdURLAndContent() throws {
        try withFeedServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            for query in Self.queries {
                let (items, next) = try listed(query, port: server.port)
                let reply = try FeedTestClient.get(target("/v1/feed.json", query), port: server.port)
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type") == "application/feed+json; charset=utf-8")
                let feed = try reply.json()
                #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
                #expect((feed["title"] as? String)?.isEmpty == false)
                #expect(feed["home_page_url"] as? String == "\(base)/")
                #expect(feed["feed_url"] as? String == base + target("/v1/feed.json", query))
                #expect((feed["next_url"] != nil) == (next != nil))
                let entries = try #require(feed["items"] as? [[String: Any]])
                #expect(entries.map { $0["id"] as? String } == items.map { entryID(base, $0) })
                #expect(entries.map { $0["url"] as? String } == items.map { pageURL(base, $0) })
                #expect(entries.allSatisfy { $0["content_html"] is String && $0["date_modified"] is String })
                #expect(entries.map { $0["date_published"] as? String } == items.map { $0["published_at"] as? String })
            }
        }
    }

    // MARK: - Awkward characters

    @Test func feeds_escapeMarkupAndDropCharactersXMLForbids() throws {
        try withFeedServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            let article = try FeedTestClient.get("/v1/articles/\(FeedTestServer.awkwardSlug)", port: server.port).json()
            let title = try #require(article["title"] as? String)
            let body = try #require(article["body_html"] as? String)
            let author = try #require(article["author"] as? String)
            #expect(title.contains("&") && title.contains("<b>"))
            // What XML can carry of it, written out by hand: the bell (U+0007) and U+FFFF are gone.
            let readable = "Tom & Jerry <b>bold</b> \"quoted\" 'single' ]]> bell and  end"
            #expect(xmlSafe(title) == readable)

            let atom = try FeedXMLNode.parse(FeedTestClient.get("/v1/feed.atom?limit=1", port: server.port).body)
            let entry = try #require(atom.child("entry"))
            #expect(entry.child("title")?.text == xmlSafe(title))
            #expect(entry.child("content")?.text == xmlSafe(body))
            #expect(entry.child("author")?.child("name")?.text == author)
            #expect(entry.children("category").map { $0.attributes["term"] ?? "" } == ["测试", "A&B <c>", "x&y"])
            #expect(entry.child("media:thumbnail")?.attributes["url"] == "\(base)/images/awkward.png")

            let rss = try FeedXMLNode.parse(FeedTestClient.get("/v1/feed.rss?limit=1", port: server.port).body)
            let item = try #require(rss.child("channel")?.child("item"))
            #expect(item.child("title")?.text == xmlSafe(title))
            #expect(item.child("content:encoded")?.text == xmlSafe(body))

            let json = try FeedTestClient.get("/v1/feed.json?limit=1", port: server.port).json()
            let first = try #require((json["items"] as? [[String: Any]])?.first)
            #expect(first["title"] as? String == title)
            #expect(first["content_html"] as? String == body)
            #expect(first["image"] as? String == "\(base)/images/awkward.png")
        }
    }

    @Test func xmlWriter_escapesTheFiveCharactersAndDropsForbiddenOnes() {
        var xml = XMLWriter()
        xml.element("t", "a&b<c>d\"e'f\u{1}g\u{FFFE}h\u{FFFF}i\tj\u{7F}k😀", attributes: ["v": "<\"&'>\u{0}"])
        #expect(
            String(decoding: xml.bytes, as: UTF8.self)
                == "<t v=\"&lt;&quot;&amp;&apos;&gt;\">a&amp;b&lt;c&gt;d&quot;e&apos;fghi\tj\u{7F}k😀</t>\n")
    }

    // MARK: - HTTP behaviour

    @Test func feeds_haveETagsAnd304_perHost() throws {
        try withFeedServer { server in
            for path in ["/v1/feed.atom", "/v1/feed.rss", "/v1/feed.json"] {
                let first = try FeedTestClient.get(path, port: server.port)
                let etag = try #require(first.header("ETag"))
                let again = try FeedTestClient.get(path, port: server.port, headers: [("If-None-Match", etag)])
                #expect(again.status == 304)
                #expect(again.body.isEmpty)
                let otherHost = try FeedTestClient.get(
                    path, port: server.port, headers: [("Host", "news.example:8080"), ("If-None-Match", etag)])
                #expect(otherHost.status == 200)
                #expect(otherHost.header("ETag") != etag)
                #expect(otherHost.text.contains("http://news.example:8080/articles/"))
                #expect(!otherHost.text.contains("127.0.0.1"))
                let gzipped = try FeedTestClient.get(path, port: server.port, headers: [("Accept-Encoding", "gzip")])
                #expect(gzipped.header("Content-Encoding") == "gzip")
                let head = try FeedTestClient.get(path, port: server.port, method: "HEAD")
                #expect(head.status == 200 && head.header("ETag") == etag)
            }
        }
    }

    @Test func feeds_withAnEmptyBaseURLSetting_followTheHostPerRequest() throws {
        // config/gazette.yaml's default is base_url: "", which means "use Host".
        try withFeedServer(configuration: APIConfiguration(baseURL: "")) { server in
            let first = try FeedTestClient.get("/v1/feed.json?limit=1", port: server.port)
            let other = try FeedTestClient.get(
                "/v1/feed.json?limit=1", port: server.port,
                headers: [("Host", "b.example"), ("If-None-Match", first.header("ETag") ?? "")])
            #expect(other.status == 200)
            #expect(try other.json()["home_page_url"] as? String == "http://b.example/")
        }
    }

    @Test func feeds_useTheConfiguredBaseURL() throws {
        try withFeedServer(configuration: APIConfiguration(baseURL: "https://news.example.com/")) { server in
            let json = try FeedTestClient.get("/v1/feed.json?limit=2", port: server.port).json()
            #expect(json["home_page_url"] as? String == "https://news.example.com/")
            let items = json["items"] as? [[String: Any]] ?? []
            let ids = items.compactMap { $0["id"] as? String }
            let links = items.compactMap { $0["url"] as? String }
            #expect(ids.count == 2 && ids.allSatisfy { $0.hasPrefix("https://news.example.com/v1/articles/") })
            #expect(links.count == 2 && links.allSatisfy { $0.hasPrefix("https://news.example.com/articles/") })
        }
    }

    @Test(arguments: [
        ("example.com:8080", "http://example.com:8080"), ("[::1]:80", "http://[::1]:80"), ("a b", "http://localhost"),
        ("evil.example/path", "http://localhost"), ("user@host", "http://localhost"), ("x\u{1}y", "http://localhost"),
        ("", "http://localhost"), ("\"><script>", "http://localhost"),
    ])
    func feedBaseURL_acceptsOnlyPlainHosts(host: String, expected: String) {
        #expect(GazetteApp.feedBaseURL(configured: nil, host: host) == expected)
        #expect(GazetteApp.feedBaseURL(configured: nil, host: nil) == "http://localhost")
        #expect(GazetteApp.feedBaseURL(configured: "https://n.example//", host: host) == "https://n.example")
    }

    @Test func feeds_rejectWhatTheListRejects_andSearchAsTheListDoes() throws {
        try withFeedServer { server in
            for path in ["/v1/feed.atom", "/v1/feed.rss", "/v1/feed.json"] {
                for bad in ["limit=0", "limit=101", "since=yesterday", "sort=sideways", "cursor=nope"] {
                    let reply = try FeedTestClient.get("\(path)?\(bad)", port: server.port)
                    #expect(reply.status == 400, "\(path)?\(bad)")
                    #expect(reply.header("Content-Type") == "application/problem+json; charset=utf-8")
                }
                #expect(try FeedTestClient.get("\(path)?limit=100", port: server.port).status == 200)
                // The feeds take q through the list's own path: same status, whatever it is.
                for query in ["q=" + Self.encoded("北京"), "q=", "q=" + Self.encoded("北京") + "&sort=relevance"] {
                    let list = try FeedTestClient.get("/v1/articles?\(query)", port: server.port)
                    let feed = try FeedTestClient.get("\(path)?\(query)", port: server.port)
                    #expect(feed.status == list.status, "\(path)?\(query): \(feed.text.prefix(200))")
                }
            }
        }
    }

    // MARK: - Reader page

    @Test func readerPage_isHTMLWithAStrongETagAndCSPHashesOfItsInlineCode() throws {
        try withFeedServer { server in
            let reply = try FeedTestClient.get("/", port: server.port)
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/html; charset=utf-8")
            let page = reply.text
            #expect(page.hasPrefix("<!doctype html>"))
            for needed in [
                "/v1/categories", "/v1/articles", "next_cursor", "innerHTML", "body_html", "role=\"search\"",
                "<label for=\"q\"", "role=\"alert\"", "@media",
            ] {
                #expect(page.contains(needed), "page lacks \(needed)")
            }
            #expect(
                !page.contains("http://") && !page.contains("https://"), "the page fetches nothing from other sites")

            let etag = try #require(reply.header("ETag"))
            #expect(!etag.hasPrefix("W/") && etag.count == 34)
            #expect(try FeedTestClient.get("/", port: server.port, headers: [("If-None-Match", etag)]).status == 304)

            let policy = try #require(reply.header("Content-Security-Policy"))
            #expect(policy.contains("default-src 'self'") && !policy.contains("unsafe-inline"))
            func inline(_ tag: String) throws -> String {
                let start = try #require(page.range(of: "<\(tag)>"))
                let end = try #require(page.range(of: "</\(tag)>", range: start.upperBound..<page.endIndex))
                return String(page[start.upperBound..<end.lowerBound])
            }
            #expect(policy.contains("script-src '\(ReaderPage.hashSource(try inline("script")))'"))
            #expect(policy.contains("style-src '\(ReaderPage.hashSource(try inline("style")))'"))
        }
    }

    @Test func cspHash_isBase64OfTheSHA256Digest() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        #expect(ReaderPage.hashSource("alert(1)") == "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=")
    }
}
