import Foundation
import GazetteCore
import TestSupport
import Testing

@testable import GazetteIngest

/// The cleaning that helps every site (lazy images, placeholders, proxies, tracking links,
/// players, CJK line breaks), the publisher table, and the title and category rules.
struct GenericCleaningTests {
    let cleaner = BodyCleaner()

    // MARK: Images

    @Test func lazyImages_useTheirRealSource() {
        let body = cleaner.clean(
            html: #"<p><img data-original="https://e.com/full.jpg" src="https://e.com/thumb/full.jpg"></p>"#)
        #expect(body.html == #"<p><img src="https://e.com/full.jpg"></p>"#)
        #expect(body.images.map(\.src) == ["https://e.com/full.jpg"])
        #expect(body.ruleHits["lazy image resolved"] == 1)
        #expect(body.lazySources == ["https://e.com/thumb/full.jpg": "https://e.com/full.jpg"])
        let srcset = cleaner.clean(html: #"<img src="a.jpg?v=1" data-srcset="a.jpg?w=1000 1x, a.jpg 2x">"#)
        #expect(srcset.images.map(\.src) == ["a.jpg"])
        let dataSrc = cleaner.clean(
            html: #"<img data-src="https://e.com/b.png" src="https://e.com/b.png?imageView2/1/w/555">"#)
        #expect(dataSrc.images.map(\.src) == ["https://e.com/b.png"])
    }

    @Test func placeholderImages_areNotArticleImages() {
        let body = cleaner.clean(
            html:
                #"<p>a<img src="https://picsum.photos/400/300?random=1"><img src="/img/spacer.gif"><img src="x.png" width="1" height="1"><img src="real.png" width="1"></p>"#
        )
        #expect(body.html == #"<p>a<img src="real.png" width="1"></p>"#)
        #expect(body.ruleHits["placeholder image"] == 3)
        #expect(cleaner.articleImage("https://picsum.photos/400/300?random=6250") == nil)
        #expect(cleaner.articleImage("https://e.com/a.jpg") == "https://e.com/a.jpg")
    }

    @Test func corsProxyWrappers_areTakenOff() {
        let body = cleaner.clean(
            html:
                #"<p><img src="https://cors.zfour.workers.dev/?http://img.e.com/a.png?x=1"><a href="https://cors.zfour.workers.dev/?https://e.com/p">p</a></p>"#
        )
        #expect(body.html == #"<p><img src="http://img.e.com/a.png?x=1"><a href="https://e.com/p">p</a></p>"#)
        // A proxied page (path ending in `/`) is no header image.
        #expect(cleaner.articleImage("https://cors.zfour.workers.dev/?http://www.guokr.com/article/460309/") == nil)
        #expect(
            MediaURL.unwrappingProxy("https://e.com/?q=1", proxyHosts: ["cors.zfour.workers.dev"])
                == "https://e.com/?q=1")
        #expect(MediaURL.unwrappingProxy("https://any.dev/?https://x.org/a", proxyHosts: []) == "https://x.org/a")
    }

    // MARK: Links

    @Test func trackingLinks_becomeTheirText_andRedirectsPointAtTheTarget() {
        let body = cleaner.clean(
            html:
                #"<p>买 <a data-link="1" href="https://apple.pvxt.net/c/1/2/3?u=https%3A%2F%2Fwww.apple.com%2F">iPhone</a> 和 <a href="https://c.duomai.com/track.php?site_id=1&t=x">手机</a>。<a href="https://ref.gamer.com.tw/redir.php?url=https%3A%2F%2Fe.com%2Fa.pdf">來源</a></p>"#
        )
        #expect(body.html == #"<p>买 iPhone 和 手机。<a href="https://e.com/a.pdf">來源</a></p>"#)
        #expect(body.ruleHits["tracking link reduced to text"] == 2)
        #expect(body.ruleHits["redirect unwrapped"] == 1)
    }

    // MARK: Players

    @Test func embeddedPlayers_becomeLinks() {
        let inDiv = cleaner.clean(
            html: #"<div><p>a</p><iframe src="https://www.youtube.com/embed/abc?wmode=x"></iframe></div>"#)
        #expect(
            inDiv.html
                == "<p>a</p>\n<p><a href=\"https://www.youtube.com/watch?v=abc\">▶ https://www.youtube.com/watch?v=abc</a></p>"
        )
        #expect(inDiv.text == "a\n\n▶ https://www.youtube.com/watch?v=abc")
        // Inside a paragraph the link stays inline: no paragraph inside a paragraph.
        let inParagraph = cleaner.clean(
            html: #"<p align="center"><iframe src="https://player.youku.com/embed/XNT=="></iframe></p>"#)
        #expect(
            inParagraph.html
                == #"<p><a href="https://v.youku.com/v_show/id_XNT==.html">▶ https://v.youku.com/v_show/id_XNT==.html</a></p>"#
        )
        let video = cleaner.clean(html: #"<video controls><source src="https://e.com/v.mp4" type="video/mp4"></video>"#)
        #expect(video.html == #"<p><a href="https://e.com/v.mp4">▶ https://e.com/v.mp4</a></p>"#)
        // A player without an http(s) address is dropped, as before.
        for html in [
            #"<iframe src="javascript:alert(1)"></iframe>"#, #"<iframe src="data:text/html,x"></iframe>"#,
            "<video></video>",
        ] {
            #expect(cleaner.clean(html: html).html == "", "\(html)")
        }
    }

    // MARK: Text

    @Test func lineBreaksBetweenCJKCharacters_areNoSpace() {
        #expect(cleaner.clean(html: "<p>累积30年的\n岁月，iRobot \n团队</p>").text == "累积30年的岁月，iRobot 团队")
        #expect(cleaner.clean(html: "<p>中文\n<b>粗体</b>\n继续</p>").text == "中文粗体继续")
        #expect(cleaner.clean(html: "<p>hard\nwrapped English</p>").text == "hard wrapped English")
        #expect(cleaner.clean(html: "<p>魔改 PD\n充电器</p>").text == "魔改 PD 充电器")
        // A space someone typed stays; so does a line from `<br>`; Hangul uses spaces.
        #expect(cleaner.clean(html: "<p>中文 继续<br>下一行</p>").text == "中文 继续\n下一行")
        #expect(cleaner.clean(html: "<p>한국어\n문장</p>").text == "한국어 문장")
        #expect(cleaner.clean(html: "<p>\u{3000}\u{3000}为配合\n业务开展</p>").text == "为配合业务开展")
    }

    @Test func emptyParagraphs_areDropped() {
        let body = cleaner.clean(html: "<p>a</p><p> </p><p><br></p><div>\n </div><p>b</p>")
        #expect(body.html == "<p>a</p>\n<p>b</p>")
        #expect(body.text == "a\n\nb")
    }

    @Test func blankLinesBetweenInlineNodes_foldToOneLineFeed() {
        let body = cleaner.clean(
            html: "<div><img src=\"a.png\">\n\n\n\n   \n<img src=\"b.png\"> <img src=\"c.png\"></div>")
        #expect(body.html == "<div><img src=\"a.png\">\n<img src=\"b.png\"> <img src=\"c.png\"></div>")
    }

    // MARK: Publisher rules

    @Test func publisherRules_applyOnlyToTheirPublishersPosts() throws {
        let footer = "<p>正文。</p><p><strong>本文系观察者网独家稿件，未经授权，不得转载。</strong></p>"
        let guancha = try Self.build(categories: ["新媒体", "观察者网", "头条"], body: footer)
        #expect(guancha.bodyText == "正文。")
        let other = try Self.build(categories: ["新媒体", "别的网站", "头条"], body: footer)
        #expect(other.bodyText == "正文。\n\n本文系观察者网独家稿件，未经授权，不得转载。")
        // By author or header-image host when the categories say nothing.
        let byHost = try Self.build(categories: [], body: footer, headimg: "https://i.guancha.cn/a.jpg")
        #expect(byHost.bodyText == "正文。")
    }

    @Test func titleTags_andDecorativeImages_followTheirPublishersRules() throws {
        var text = "---\ntitle: '_AC_&nbsp;不是玩笑'\ncategories:\n - 游戏\n - 巴哈姆特\n - GNN 新聞\n---\n<p>x</p>"
        var article = try ArticleBuilder().build(Array(text.utf8), fileName: nil, now: 0)
        #expect(article.title == "_AC_\u{00A0}不是玩笑" && article.tags == ["AC"])
        text = "---\ntitle: '_AC_&nbsp;不是玩笑'\n---\n<p>x</p>"
        article = try ArticleBuilder().build(Array(text.utf8), fileName: nil, now: 0)
        #expect(article.tags == [])
        let icons =
            #"<section><img data-w="150" src="https://1-im.guokr.com/i.png"></section><p>标题</p><img data-w="1080" data-src="https://1-im.guokr.com/p.jpg">"#
        article = try Self.build(categories: ["新媒体", "果壳网", "果壳网专栏"], body: icons)
        #expect(article.images.map(\.src) == ["https://1-im.guokr.com/p.jpg"])
        article = try Self.build(categories: ["新媒体", "别处", "专栏"], body: icons)
        #expect(article.images.count == 2)
    }

    @Test func contentMarkers_tailMarkers_andTemplateRuns_cutThePage() {
        var rules = PublisherRules.builtIn
        rules.contentStartComments = ["start"]
        rules.contentEndComments = ["end"]
        rules.tailTextPrefixes = ["参考文献"]
        rules.droppedRuns = [PublisherRules.DroppedRun(startClass: "credits", endElement: "img")]
        rules.strayTexts = ["+"]
        let cleaner = BodyCleaner(rules: rules)
        #expect(cleaner.clean(html: "<ul><li>PC</li></ul><!-- start --><p>a</p><!-- end --><p>ad</p>").text == "a")
        #expect(cleaner.clean(html: "<p>a</p><p>参考文献</p><p>[1] x</p><div><p>more</p></div>").text == "a")
        let run = cleaner.clean(
            html: "<div>+<h2 class=\"credits\">C</h2><span>Bob</span> names<img src=\"g.png\"><p>text</p></div>")
        #expect(run.html == "<div><img src=\"g.png\"><p>text</p></div>")
    }

    @Test func layoutTables_areUnwrapped() {
        var rules = PublisherRules.builtIn
        rules.layoutTableClassPrefixes = ["sites-layout"]
        let html =
            #"<table class="sites-layout-hbox"><tbody><tr><td><div>a</div></td><td><div>b</div></td></tr></tbody></table>"#
        #expect(BodyCleaner(rules: rules).clean(html: html).html == "<div>a</div>\n<div>b</div>")
        #expect(BodyCleaner().clean(html: html).html.hasPrefix("<table>"))
    }

    @Test func everyBuiltInPublisher_hasAName_andAWayToBeRecognised() {
        #expect(Publisher.builtIn.count == 16)
        #expect(Set(Publisher.builtIn.map(\.name)).count == Publisher.builtIn.count)
        for publisher in Publisher.builtIn {
            #expect(
                !publisher.match.siteNames.isEmpty || !publisher.match.authors.isEmpty || !publisher.match.hosts.isEmpty
            )
        }
    }

    // MARK: Titles and categories

    @Test func titleReferences_areDecoded_andLoneAmpersandsKept() throws {
        #expect("_ETC_&nbsp;SQUARE".decodingCharacterReferences() == "_ETC_\u{00A0}SQUARE")
        #expect(
            "AT&T &amp; Love, Death & Robots &#39;x&#x2014;".decodingCharacterReferences()
                == "AT&T & Love, Death & Robots 'x—")
        #expect("&unknown; &#0; &;".decodingCharacterReferences() == "&unknown; &#0; &;")
        let post = try PostParser().parse(Array("---\ntitle: '_AC_&nbsp;不是玩笑'\n---\n<p>x</p>".utf8), fileName: nil)
        #expect(post.title == "_AC_\u{00A0}不是玩笑")
    }

    @Test func malformedCategoryLists_areReadAsTheGeneratorMeantThem() throws {
        let nested = try PostParser().parse(
            Array("---\ntitle: t\ncategories: \n - 二次元\n - Animen 动漫平台\n -  - news\n---\n".utf8), fileName: nil)
        #expect(nested.categoryPaths.map(\.components) == [["二次元", "Animen 动漫平台", "news"]])
        let dash = try PostParser().parse(
            Array("---\ntitle: t\ncategories: \n - 二次元\n - Animen 动漫平台\n - — news\n---\n".utf8), fileName: nil)
        #expect(dash.categoryPaths.map(\.components) == [["二次元", "Animen 动漫平台", "news"]])
        // Hexo's own forms are untouched: a list of lists, a name that merely contains a dash.
        let lists = try PostParser().parse(
            Array("---\ntitle: t\ncategories:\n - [A, B]\n - [C]\n---\n".utf8), fileName: nil)
        #expect(lists.categoryPaths.map(\.components) == [["A", "B"], ["C"]])
        let named = try PostParser().parse(
            Array("---\ntitle: t\ncategories:\n - A\n - '-B'\n - C — D\n---\n".utf8), fileName: nil)
        #expect(named.categoryPaths.map(\.components) == [["A", "-B", "C — D"]])
    }

    // MARK: Fidelity report

    @Test func fidelityReport_countsPerPublisher() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write(
            "---\ntitle: a\ncategories:\n - 新媒体\n - 观察者网\n - 头条\n---\n<p>正文一二三。</p><p>本文系观察者网独家稿件</p>",
            to: "a.md")
        _ = try folder.write(
            "---\ntitle: b\ncategories:\n - 博客\n - 新站\n - 文章\n---\n<p>hello <img data-src=\"x.png\" src=\"t.png\"></p>",
            to: "b.md")
        _ = try folder.write("no front matter", to: "c.md")
        let report = FidelityReport(paths: [folder.path])
        #expect(report.rows.map(\.publisher) == ["site? 新站", "观察者网"])
        let guancha = try #require(report.rows.first { $0.publisher == "观察者网" })
        #expect(guancha.isKnown && guancha.posts == 1)
        #expect(guancha.keptCharacters == 6 && guancha.sourceCharacters == 6 + 11)
        #expect(guancha.ruleHits["boilerplate text"] == 1)
        let unknown = try #require(report.rows.first { !$0.isKnown })
        #expect(unknown.ruleHits["lazy image resolved"] == 1 && unknown.images == 1)
        #expect(report.failures.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["c.md"])
        #expect(report.table().contains("site? 新站"))
        #expect(report.json().hasPrefix("{\"publishers\":[{\"publisher\":\"site? 新站\",\"known\":false,\"posts\":1,"))
    }

    static func build(categories: [String], body: String, headimg: String? = nil) throws -> Article {
        var text = "---\ntitle: t\n"
        if !categories.isEmpty { text += "categories:\n" + categories.map { " - \($0)\n" }.joined() }
        if let headimg { text += "headimg: '\(headimg)'\n" }
        text += "---\n" + body
        return try ArticleBuilder().build(Array(text.utf8), fileName: nil, now: 0)
    }
}
