import Foundation
import GazetteCore
import Testing

@testable import GazetteIngest

struct BodyCleanerTests {
    let cleaner = BodyCleaner()

    func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "html", subdirectory: "Fixtures/cleaner"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    // MARK: The Sina template, all quirks at once

    @Test func sinaFixture_isCleanedToItsArticle() throws {
        let body = cleaner.clean(html: try fixture("sina-quirks"))
        #expect(
            body.html == """
                <p>第一段，向老百姓“耍横”。</p>
                <figure><img src="https://n.sinaimg.cn/spider/a.jpg" alt=""><figcaption>图为样例</figcaption></figure>
                <figure><img src="https://n.sinaimg.cn/spider/b.png" alt=""></figure>
                <p><a href="https://s.weibo.com/weibo?q=%23话题%23" target="_blank" rel="noopener noreferrer nofollow">#话题#</a>第二段 --&gt;继续</p>
                """)
        #expect(body.text == "第一段，向老百姓“耍横”。\n\n图为样例\n\n#话题#第二段 -->继续")
        #expect(
            body.images == [
                ArticleImage(src: "https://n.sinaimg.cn/spider/a.jpg", alt: "", caption: "图为样例"),
                ArticleImage(src: "https://n.sinaimg.cn/spider/b.png", alt: "", caption: ""),
            ])
        #expect(body.originalTitle == "测试标题丨样例")
        #expect(body.source == "央视新闻客户端")
        #expect(body.editor == "梁斌 SF055")
    }

    // MARK: Boilerplate

    @Test func comments_areRemoved_includingOnesThatHoldMarkup() {
        let body = cleaner.clean(
            html:
                "<p>a<!-- x --></p><!--article_adlist[<p>推广</p><img src=\"//n.sinaimg.cn/x.jpg\">]article_adlist--><!--[if IE]><p>ie</p><![endif]-->"
        )
        #expect(body.html == "<p>a</p>")
        #expect(body.images.isEmpty)
    }

    @Test func literalCommentCloserInText_isKeptAsText() {
        let body = cleaner.clean(html: "<p>从设计 -->制造 -->封装测试</p>")
        #expect(body.html == "<p>从设计 --&gt;制造 --&gt;封装测试</p>")
        #expect(body.text == "从设计 -->制造 -->封装测试")
    }

    @Test func styleWithEscapedBraces_isRemoved() {
        let body = cleaner.clean(
            html: "<style>.a&#123;color:red&#125;</style><p>x&#123;y&#125;</p><script>var a = {};</script>")
        #expect(body.html == "<p>x{y}</p>")
        #expect(!body.html.contains("&#123;"))
    }

    @Test func qrPromotionBlock_isRemoved_evenWithoutItsClass() {
        let html =
            "<p>正文</p><div class=\"x\"><div><img src=\"http://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png\"></div><div>海量资讯、精准解读，尽在新浪财经APP</div></div>"
        let body = cleaner.clean(html: html)
        #expect(body.html == "<p>正文</p>")
        #expect(body.images.isEmpty)
    }

    @Test func stockWidget_becomesItsNameInTheSentence() {
        let html =
            #"<p>　　来源：<span id="stock_sh601988"><a href="https://finance.sina.com.cn/realstock/company/sh601988/nc.shtml" class="keyword" target="_blank">中国银行</a></span><span id="quote_sh601988"></span>保险报</p><p>致敬时代<span id="stock_bj838275"><a href="x">驱动力</a></span><span id="quote_bj838275"></span>，</p>"#
        let body = cleaner.clean(html: html)
        #expect(body.source == "中国银行保险报")
        #expect(body.html == "<p>致敬时代驱动力，</p>")
    }

    @Test func videoPlaceholders_areRemoved() {
        let body = cleaner.clean(
            html:
                "<div class=\"video-2017\" id=\"videoList0\" style></div>\n\n<!--/video-list--><p>a</p><!--video-list--><div class=\"video-2017\" id=\"videoList1\"></div><p>b</p>"
        )
        #expect(body.html == "<p>a</p>\n<p>b</p>")
    }

    @Test func hiddenElements_areRemoved() {
        let body = cleaner.clean(
            html: #"<p>a<a href="https://www.zhihu.com/q" class="originUrl" hidden>查看知乎原文</a></p>"#)
        #expect(body.text == "a")
    }

    // MARK: Credit lines

    @Test(
        arguments: [
            ("<p>　　原标题：标题A</p><p>正文</p>", "标题A", nil, nil),
            (
                "<p cms-style=\"font-L\">　　<span style=\"font-family: KaiTi\">原标题：“绿色股票”试水欧洲丨明言ESG</span></p><p>正文</p>",
                "“绿色股票”试水欧洲丨明言ESG", nil, nil
            ),
            ("<p class=\"ori_titlesource\">　　原标题：标题B 来源：央视新闻客户端</p><p>正文</p>", "标题B", "央视新闻客户端", nil),
            ("<p>　　来源|九派新闻、新华每日电讯</p><p>正文</p>", nil, "九派新闻、新华每日电讯", nil),
            ("<p>正文</p><p>　　<font><font><font>来源|观察者网</font></font></font></p>", nil, "观察者网", nil),
            ("<p>正文</p><p class=\"article-editor\">责任编辑：李琳琳 </p>", nil, nil, "李琳琳"),
            ("<p>正文</p><p class=\"article-editor\">责任编辑：刘万里 SF014</p>", nil, nil, "刘万里 SF014"),
            ("<p>正文</p><p>责任编辑：王蒙</p>", nil, nil, "王蒙"),
            ("<p>正文</p><!--article_adlist[<p cms-style=\"font-L\">来源：中国新闻网</p>]article_adlist-->", nil, "中国新闻网", nil),
        ] as [(String, String?, String?, String?)])
    func creditLine_isExtracted_andRemovedFromTheBody(
        html: String, originalTitle: String?, source: String?, editor: String?
    ) {
        let body = cleaner.clean(html: html)
        #expect(body.originalTitle == originalTitle)
        #expect(body.source == source)
        #expect(body.editor == editor)
        #expect(body.html == "<p>正文</p>")
        #expect(body.text == "正文")
    }

    @Test func visibleSource_winsOverCommentSource() {
        let body = cleaner.clean(html: "<!--article_adlist[<p>来源：甲</p>]article_adlist--><p>来源：乙</p><p>正文</p>")
        #expect(body.source == "乙")
    }

    @Test func sourceWordsInsideProse_orCaptions_areNotCreditLines() {
        let body = cleaner.clean(
            html: "<p>据来源：不明的消息称</p><figure><img src=a.png><figcaption>来源：网络</figcaption></figure><p>图片来源于网络</p>")
        #expect(body.source == nil)
        #expect(body.text == "据来源：不明的消息称\n\n来源：网络\n\n图片来源于网络")
    }

    // MARK: Images and figures

    @Test func imgWrapper_becomesFigure_withCaptionOnlyWhenNonEmpty() {
        let body = cleaner.clean(
            html:
                #"<div class="img_wrapper"><img src="https://a/x.jpg" alt><span class="img_descr"></span></div><div class="img_wrapper"><img src="https://a/y.jpg" alt="y"><span class="img_descr">说明</span></div>"#
        )
        #expect(
            body.html == #"<figure><img src="https://a/x.jpg" alt=""></figure>"# + "\n"
                + #"<figure><img src="https://a/y.jpg" alt="y"><figcaption>说明</figcaption></figure>"#)
        #expect(body.images.map(\.caption) == ["", "说明"])
    }

    @Test func images_areDeduplicatedInDocumentOrder_withoutBoilerplate() {
        let body = cleaner.clean(
            html:
                "<p><img src=\"//h/a.jpg\" alt=\"A\"><img src=\"https://h/b.jpg\"><img src=\"https://h/a.jpg\"><img src=\"//n.sinaimg.cn/finance/cece9e13/20200514/343233024.png\"></p>"
        )
        #expect(body.images.map(\.src) == ["https://h/a.jpg", "https://h/b.jpg"])
        #expect(body.images.first?.alt == "A")
    }

    @Test(arguments: [
        "https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png",
        "http://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png",
        "//n.sinaimg.cn/finance/cece9e13/20200514/343233024.png",
        " https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png ",
    ])
    func qrFooterImage_isBoilerplate(src: String) {
        #expect(cleaner.isBoilerplateImage(src))
    }

    @Test func articleImage_isNotBoilerplate() {
        #expect(!cleaner.isBoilerplateImage("https://n.sinaimg.cn/finance/transform/115/w550h365/20211106/0d5b.png"))
    }

    // MARK: Normalisation

    @Test func emptyWrappersAndFontNesting_areRemoved() {
        let body = cleaner.clean(
            html:
                "<div>   \n<p cms-style=\"font-L\">　　<font cms-style=\"font-L\"><font cms-style=\"font-L strong-Bold\">正文</font></font><font></font></p>\n<p>　　</p><div><span></span></div><p><br></p>\n</div>"
        )
        #expect(body.html == "<p>正文</p>")
    }

    @Test func divsWithInlineContent_stayParagraphs() {
        let body = cleaner.clean(html: "<div class=\"a\">one</div><div>two <b>2</b></div>")
        #expect(body.html == "<div>one</div>\n<div>two <b>2</b></div>")
        #expect(body.text == "one\n\ntwo 2")
    }

    @Test func emptyBody_givesEmptyStrings() {
        #expect(cleaner.clean(html: "") == CleanedBody(html: "", text: ""))
        #expect(cleaner.clean(html: "<div>\n</div><!-- x --><style>a{}</style>") == CleanedBody(html: "", text: ""))
    }

    @Test func customRules_areData() {
        var rules = PublisherRules()
        rules.droppedClasses = ["share"]
        rules.sourceLabels = ["Source: "]
        rules.labelLineElements = ["p"]
        let body = BodyCleaner(rules: rules).clean(
            html: "<p>Text</p><div class=\"share\">Share this</div><p>Source: Wire</p>")
        #expect(body.html == "<p>Text</p>")
        #expect(body.source == "Wire")
    }

    // MARK: Robustness

    @Test func deeplyNestedTags_doNotOverflowTheStack() {
        let depth = 100_000
        let html =
            String(repeating: "<div><span>", count: depth) + "deep" + String(repeating: "</span></div>", count: depth)
        let body = cleaner.clean(html: html)
        #expect(body.text == "deep")
        #expect(SanitizedOutputCheck.violations(in: body.html) == [])
    }

    @Test func tenMegabyteInput_isCleaned() {
        let paragraph = "<p>　　一段文字，<b>加粗</b> and some English text &amp; entities.</p>\n"
        let html = String(repeating: paragraph, count: (10 << 20) / paragraph.utf8.count + 1)
        let body = cleaner.clean(html: html)
        #expect(body.text.hasPrefix("一段文字，加粗 and some English text & entities.\n\n"))
        #expect(body.html.hasPrefix("<p>一段文字，<b>加粗</b> and some English text &amp; entities.</p>\n<p>"))
    }

    @Test func concurrentCleaning_givesTheSameResultAsSerialCleaning() async throws {
        let html = try fixture("sina-quirks")
        let expected = cleaner.clean(html: html)
        let results = await withTaskGroup(of: CleanedBody.self) { group in
            for _ in 0..<16 { group.addTask { BodyCleaner().clean(html: html) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func markdownSource_isTreatedAsText_andTrimmed() {
        let body = cleaner.clean(html: "\n\n> quote & <b>bold</b>\n\n")
        #expect(body.html == "&gt; quote &amp; <b>bold</b>")
        #expect(body.text == "> quote & bold")
    }

    @Test func binaryJunk_isCleanedWithoutCrashing() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let body = cleaner.clean(html: String(decoding: bytes, as: UTF8.self))
            #expect(SanitizedOutputCheck.violations(in: body.html) == [])
        }
        let nul = cleaner.clean(html: "<p>a\u{0}b</p>\u{0}<img src=\"x\u{0}y\">")
        #expect(!nul.html.unicodeScalars.contains("\u{0}"))
    }
}
