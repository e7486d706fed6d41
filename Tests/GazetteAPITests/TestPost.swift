import Foundation

/// A post file for a test server: a file name (which gives the slug) and its text.
struct TestPost: Sendable {
    let fileName: String
    let text: String

    /// The slug the post gets: its file name without the extension.
    var slug: String { String(fileName.prefix { $0 != "." }) }

    /// The body after the front matter, exactly as written.
    var body: String {
        let parts = text.components(separatedBy: "---\n")
        return parts.dropFirst(2).joined(separator: "---\n")
    }

    /// A Hexo post with the given front matter lines and body.
    static func hexo(_ fileName: String, _ frontMatter: [String], body: String) -> TestPost {
        TestPost(fileName: fileName, text: "---\n" + frontMatter.joined(separator: "\n") + "\n---\n" + body)
    }

    static func paragraphs(_ topic: String) -> String {
        """

        \(topic)：7月28日上午，有关部门召开会议，研究部署下一阶段工作。会议强调，要把各项任务抓紧抓实，\
        确保取得实效。

        会议指出，当前形势依然复杂，必须保持清醒头脑，坚持问题导向，补短板、强弱项，\
        进一步完善工作机制。

        **来源**：测试通讯社。

        """
    }

    // MARK: - The catalog

    /// Ten posts with known categories, tags, authors and dates; the tests' expectations are
    /// written against this table (newest first):
    ///
    /// | slug | published_at (UTC) | categories | tags | author |
    /// |---|---|---|---|---|
    /// | jiangsu | 2021-07-28 10:50:17 | 金融›新浪财经›国内 | 疫情, 江苏 | 新浪财经 |
    /// | ai | 2021-07-28 00:00:00 | 科技 | AI | Tech Daily |
    /// | world | 2021-07-27 08:00:00 | 金融›新浪财经›国际 | 油价 | 新浪财经 |
    /// | stocks | 2021-07-26 09:30:00 | 金融›证券 | 股市, 疫情 | 证券时报 |
    /// | phones | 2021-07-25 23:59:59 | 科技›国内 | 疫情 | — |
    /// | 2021-07-22-dated-by-name | 2021-07-22 00:00:00 (file name) | 体育 | — | 新华社 |
    /// | 12345 | 2021-07-21 00:00:00 | 科技 | — | — |
    /// | multi | 2021-07-20 04:00:00 | 体育›奥运 and 金融 | 奥运 | 新华社 |
    /// | undated-note | — | — | AI | Tech Daily |
    /// | another-undated | — | — | — | 新华社 |
    static let catalog: [TestPost] = [
        hexo(
            "jiangsu.md",
            [
                "title: 江苏省委书记：把疫情防控首要任务抓紧抓实", "categories:", "  - 金融", "  - 新浪财经", "  - 国内",
                "tags:", "  - 疫情", "  - 江苏", "author: 新浪财经", "date: Wed, 28 Jul 2021 10:50:17 GMT",
                "thumbnail: 'https://n.example/jiangsu.jpg'",
            ], body: paragraphs("江苏")),
        hexo(
            "ai.md",
            [
                "title: AI chips are selling out", "categories: [科技]", "tags: [AI]", "author: Tech Daily",
                "date: 2021-07-28T00:00:00Z",
            ],
            body: "\nChip makers say demand for *AI accelerators* keeps growing.\n\nSecond paragraph, plain.\n"),
        hexo(
            "world.md",
            [
                "title: 国际油价上涨", "categories:", "  - 金融", "  - 新浪财经", "  - 国际", "tags: [油价]", "author: 新浪财经",
                "date: 2021-07-27T08:00:00Z",
            ], body: paragraphs("油价")),
        hexo(
            "stocks.md",
            [
                "title: A股收盘：沪指小幅上涨", "categories: [金融, 证券]", "tags: [股市, 疫情]", "author: 证券时报",
                "date: 2021-07-26 09:30:00",
            ], body: paragraphs("股市")),
        hexo(
            "phones.md",
            ["title: 手机出货量回升", "categories: [科技, 国内]", "tags: [疫情]", "date: 2021-07-25T23:59:59Z"],
            body: paragraphs("手机")),
        hexo(
            "2021-07-22-dated-by-name.md", ["title: 文件名给出日期", "categories: [体育]", "author: 新华社"],
            body: paragraphs("体育")),
        hexo(
            "12345.md", ["title: 数字的文件名", "categories: [科技]", "date: 2021-07-21"],
            body: "\nA post whose slug is all digits.\n"),
        hexo(
            "multi.md",
            [
                "title: 奥运会与经济", "categories:", "  - [体育, 奥运]", "  - [金融]", "tags: [奥运]", "author: 新华社",
                "date: 2021-07-20T12:00:00+08:00",
            ], body: paragraphs("奥运")),
        hexo(
            "undated-note.md", ["title: 没有日期的说明", "tags: [AI]", "author: Tech Daily"],
            body: "\nThis note has no date.\n"),
        hexo("another-undated.md", ["title: 另一篇没有日期的文章", "author: 新华社"], body: "\nNo date either.\n"),
    ]

    /// Catalog slugs, newest first, undated last (ties broken by id, newest id first).
    static let datedNewestFirst = [
        "jiangsu", "ai", "world", "stocks", "phones", "2021-07-22-dated-by-name", "12345", "multi",
    ]
    static let undated: Set<String> = ["undated-note", "another-undated"]
}
