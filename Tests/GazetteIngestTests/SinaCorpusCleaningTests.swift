import Foundation
import GazetteCore
import Testing

@testable import GazetteIngest

/// The cleaner over the real posts of `shared/corpus` (skipped when the corpus is absent).
struct SinaCorpusCleaningTests {
    static let sinaPosts = CleanerCorpus.posts(in: "rsshub-page-sina")
    static let qrFooterImage = "https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"
    let cleaner = BodyCleaner()

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"))
    func corpus_hasTheTwentyNineSinaPosts() {
        #expect(Self.sinaPosts.count == 29)
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"), arguments: sinaPosts)
    func sinaPost_isFreeOfBoilerplate(post: CleanerCorpus.Post) {
        let body = cleaner.clean(html: post.body)
        for marker in [
            "<style", "<script", "<!--", "appendQr", "&#123;", "新浪财经APP", "article-editor", "责任编辑",
            "realstock", "video-2017", "img_wrapper", "<font", "cms-style", "referrerpolicy",
        ] {
            #expect(!body.html.contains(marker), "\(marker) left in \(post.name)")
        }
        #expect(!body.text.contains("海量资讯"))
        #expect(SanitizedOutputCheck.violations(in: body.html) == [], "\(post.name)")
        #expect(!body.images.contains { $0.src == Self.qrFooterImage })
        #expect(!body.html.contains(Self.qrFooterImage))
        #expect(!body.text.isEmpty)
        #expect(!body.text.contains("\n\n\n") && !body.text.hasPrefix("\n") && !body.text.hasSuffix("\n"))
        #expect(!body.text.contains("\u{3000}\u{3000}"), "paragraph indents trimmed in \(post.name)")
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"), arguments: sinaPosts)
    func sinaPost_keepsEveryArticleParagraph(post: CleanerCorpus.Post) {
        let body = cleaner.clean(html: post.body)
        let credits = ["原标题：", "来源：", "来源|", "责任编辑："]
        let paragraphs = Self.visibleParagraphs(of: HTMLDocument(parsing: post.body).nodes)
        #expect(!paragraphs.isEmpty)
        for paragraph in paragraphs where !credits.contains(where: { paragraph.hasPrefix($0) }) {
            #expect(body.text.contains(paragraph), "\(post.name): lost «\(paragraph)»")
        }
        for paragraph in paragraphs where credits.contains(where: { paragraph.hasPrefix($0) }) {
            #expect(!body.text.contains(paragraph), "\(post.name): credit line kept «\(paragraph)»")
        }
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"), arguments: sinaPosts)
    func sinaPost_withAnEditorLine_hasAnEditor(post: CleanerCorpus.Post) {
        let body = cleaner.clean(html: post.body)
        if post.body.contains("责任编辑") {
            #expect(body.editor != nil, "\(post.name)")
            if let editor = body.editor {
                #expect(!editor.isEmpty && editor == editor.trimmingCharacters(in: .whitespaces))
            }
        }
        if post.body.contains("原标题") { #expect(body.originalTitle != nil, "\(post.name)") }
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"), arguments: sinaPosts)
    func sinaPost_imageWrappersBecomeFigures(post: CleanerCorpus.Post) throws {
        let body = cleaner.clean(html: post.body)
        let wrapped = Self.wrappedImageSources(in: HTMLDocument(parsing: post.body).nodes, inWrapper: false)
            .map { $0.hasPrefix("//") ? "https:" + $0 : $0 }
        var unique: [String] = []
        for src in wrapped where !unique.contains(src) { unique.append(src) }
        #expect(body.images.map(\.src) == unique, "\(post.name)")
        let output = HTMLDocument(parsing: body.html).nodes
        #expect(Self.imagesOutsideFigures(in: output, inFigure: false) == 0, "\(post.name)")
    }

    @Test(
        .enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"),
        arguments: [
            ("\"倒查20年\"，挽回损失523亿！.md", nil, nil, "李琳琳"),
            ("\"100种方法刑事你\"的女书记登门道歉，当事人：没诚意.md", nil, "九派新闻、新华每日电讯", "梁斌 SF055"),
            ("\"大连日本风情街\"引争议，官方回应.md", "“大连日本风情街”引争议，官方回应", "楚天都市报极目新闻", "王珊珊"),
            ("2021中国十大经济年度人物揭晓.md", "2021中国十大经济年度人物揭晓", "中国银行保险报", "王蒙"),
            ("100%直接通邮！西藏实现乡镇及以上城市邮政网点全覆盖.md", "100%直接通邮！西藏实现乡镇及以上城市邮政网点全覆盖", "央视新闻客户端", "王珊珊"),
            ("100吨天然放射性超标矿砂在广州被退运出境.md", "100吨天然放射性超标矿砂在广州被退运出境", "中国新闻网", "张正君"),
            ("\"中国拍《长津湖》是威胁世界\"？封！.md", nil, "观察者网", "尹悦"),
            ("0！.md", nil, "健康广东", "梁斌 SF055"),
            ("1-4月西安制造业带动电力消费快速增长.md", "1-4月西安制造业带动电力消费快速增长", "华商报", "张正君"),
            ("\"绿色股票\"试水欧洲.md", "“绿色股票”试水欧洲丨明言ESG", nil, "冯体炜"),
            ("0！北京昨日本土无新增.md", nil, nil, "刘万里 SF014"),
            ("1000元一斤卖老虎肉？警方已介入.md", nil, "每日经济新闻", "陈修龙"),
        ] as [(String, String?, String?, String?)])
    func sinaPost_creditLines_areExtracted(name: String, originalTitle: String?, source: String?, editor: String?)
        throws
    {
        let post = try #require(Self.sinaPosts.first { $0.name == name })
        let body = cleaner.clean(html: post.body)
        #expect(body.originalTitle == originalTitle)
        #expect(body.source == source)
        #expect(body.editor == editor)
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"))
    func stockWidgets_becomeTheirNameInTheSentence() throws {
        let people = try #require(Self.sinaPosts.first { $0.name == "2021中国十大经济年度人物揭晓.md" })
        let text = cleaner.clean(html: people.body).text
        for sentence in ["洋河股份党委书记、董事长", "中国化学工程集团有限公司", "致敬时代驱动力", "圣农发展总裁"] {
            #expect(text.contains(sentence))
        }
        let apology = try #require(Self.sinaPosts.first { $0.name.hasPrefix("\"100种方法刑事你\"") })
        #expect(cleaner.clean(html: apology.body).text.contains("向老百姓“耍横”"))
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"))
    func editorLine_withoutSpace_isKeptAsWritten() throws {
        let post = try #require(Self.sinaPosts.first { $0.name == "1-2月31个省市区一般公共预算收入全部正增长.md" })
        #expect(cleaner.clean(html: post.body).editor == "刘万里 SF014")
    }

    // MARK: Every folder of the corpus

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"), arguments: CleanerCorpus.folders)
    func everyCorpusPost_isCleanedToSanitisedOutput(folder: String) {
        let posts = CleanerCorpus.posts(in: folder)
        #expect(!posts.isEmpty)
        for post in posts {
            let body = cleaner.clean(html: post.body)
            #expect(SanitizedOutputCheck.violations(in: body.html) == [], "\(folder)/\(post.name)")
            #expect(!body.html.contains("<!--") && !body.html.contains("&#123;"), "\(folder)/\(post.name)")
            #expect(!body.text.contains("\n\n\n"), "\(folder)/\(post.name)")
            #expect(body.html.isEmpty == body.text.isEmpty || !body.images.isEmpty, "\(folder)/\(post.name)")
        }
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"), arguments: CleanerCorpus.folders)
    func everyCorpusPost_parsesToLibxml2sOwnTree(folder: String) {
        for post in CleanerCorpus.posts(in: folder) {
            for limits in [HTMLDocument.Limits(), HTMLDocument.Limits(maxDepth: 3)] {
                #expect(
                    HTMLDocument(parsing: post.body, limits: limits).nodes
                        == HTMLDocument.libxml2TreeNodes(parsing: post.body, limits: limits), "\(folder)/\(post.name)")
            }
        }
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"))
    func zhihuPost_keepsItsCommentArrowText_andLosesTheHiddenLink() throws {
        let post = try #require(CleanerCorpus.posts(in: "rsshub-page-other/知乎").first)
        let body = cleaner.clean(html: post.body)
        #expect(body.text.contains("-->"))
        #expect(!body.text.contains("查看知乎原文"))
        #expect(body.html.contains("<figcaption>图片来源于网络</figcaption>"))
        #expect(body.source == nil)
    }

    @Test(.enabled(if: CleanerCorpus.root != nil, "\(CleanerCorpus.missingMessage)"))
    func juejinPost_losesItsStyleBlock() throws {
        let post = try #require(CleanerCorpus.posts(in: "rsshub-page-other/掘金").first)
        let body = cleaner.clean(html: post.body)
        #expect(!body.text.contains("{"))
        #expect(body.html.hasPrefix("<h1>"))
    }

    // MARK: Helpers reading the original posts

    /// The visible text of every `<p>` outside the QR block and the editor line.
    static func visibleParagraphs(of nodes: [HTMLNode]) -> [String] {
        var result: [String] = []
        for case .element(let element) in nodes {
            let classes = element.classNames
            if classes.contains(where: { $0.hasPrefix("appendQr") || $0 == "article-editor" })
                || ["style", "script"].contains(element.name)
            {
                continue
            }
            if element.name == "p" {
                let text = TextExtractor().inlineText(of: element.children)
                if !text.isEmpty { result.append(text) }
            } else {
                result += visibleParagraphs(of: element.children)
            }
        }
        return result
    }

    /// The `src` of every image inside an `img_wrapper`, in document order.
    static func wrappedImageSources(in nodes: [HTMLNode], inWrapper: Bool) -> [String] {
        var result: [String] = []
        for case .element(let element) in nodes {
            let wrapper = inWrapper || element.classNames.contains("img_wrapper")
            if wrapper && element.name == "img", let src = element.attribute("src") { result.append(src) }
            result += wrappedImageSources(in: element.children, inWrapper: wrapper)
        }
        return result
    }

    static func imagesOutsideFigures(in nodes: [HTMLNode], inFigure: Bool) -> Int {
        var count = 0
        for case .element(let element) in nodes {
            if element.name == "img" && !inFigure { count += 1 }
            count += imagesOutsideFigures(in: element.children, inFigure: inFigure || element.name == "figure")
        }
        return count
    }
}
