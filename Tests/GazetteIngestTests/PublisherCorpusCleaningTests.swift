import Foundation
import GazetteCore
import Testing

@testable import GazetteIngest

/// The fifteen publishers of `shared/corpus/rsshub-page-more` (SOURCES.md, section
/// rsshub-page-more), built as `gazette ingest` builds them; skipped when the corpus is absent.
struct PublisherCorpusCleaningTests {
    static let folder = "rsshub-page-more"
    static let files: [PostFile] = PostFile.all(in: folder)
    static let isPresent = CleanerCorpus.root != nil
    static let builder = ArticleBuilder()

    /// One post file of the corpus, whole.
    struct PostFile: Sendable, CustomStringConvertible {
        var path: String
        var text: String
        var description: String { path }
        var name: String { String(path.split(separator: "/").last ?? "") }

        static func all(in folder: String) -> [PostFile] {
            guard let root = CleanerCorpus.root?.appendingPathComponent(folder),
                let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            else { return [] }
            var files: [PostFile] = []
            for case let url as URL in enumerator where url.pathExtension == "md" {
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                files.append(PostFile(path: url.path.replacingOccurrences(of: root.path + "/", with: ""), text: text))
            }
            return files.sorted { $0.path < $1.path }
        }
    }

    static func article(_ name: String) throws -> Article {
        let file = try #require(files.first { $0.name == name + ".md" }, "\(name) not in the corpus")
        return try builder.build(Array(file.text.utf8), fileName: file.name, now: 0)
    }

    @Test func corpus_isPresent_orTheseTestsAreSkipped() {
        if Self.isPresent { #expect(Self.files.count == 28) } else { print(CleanerCorpus.missingMessage) }
    }

    // MARK: Every post

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"), arguments: files)
    func everyPost_ingestsWithItsExactFrontMatter(file: PostFile) throws {
        let article = try Self.builder.build(Array(file.text.utf8), fileName: file.name, now: 0)
        let oracle = try #require(GeneratorFrontMatter(file.text), "cannot read the front matter of \(file)")
        #expect(article.title == oracle.title, "\(file)")
        #expect(article.author == oracle.author, "\(file)")
        #expect(article.categoryPaths.map(\.components) == [oracle.categories], "\(file)")
        #expect(article.publishedAt == oracle.date, "\(file)")
        // The folder is the category path: the post says the same as where it was found.
        #expect(
            file.path.hasPrefix(oracle.categories.dropFirst().first.map { "\(oracle.categories[0])/\($0)/" } ?? "-"))
    }

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"), arguments: files)
    func everyPost_isSanitisedAndFreeOfPlaceholdersAndWrappers(file: PostFile) throws {
        let article = try Self.builder.build(Array(file.text.utf8), fileName: file.name, now: 0)
        #expect(SanitizedOutputCheck.violations(in: article.bodyHTML) == [], "\(file)")
        for marker in ["<!--", "style=", "class=", "<iframe", "<video", "<table", "referrerpolicy", "data-src"] {
            #expect(!article.bodyHTML.contains(marker), "\(marker) in \(file)")
        }
        let urls = article.images.map(\.src) + [article.headimg, article.thumbnail].compactMap { $0 }
        for url in urls {
            #expect(!url.contains("picsum.photos") && !url.contains("workers.dev"), "\(url) in \(file)")
            #expect(!url.contains("/thumb/") && !url.contains("imageView2"), "thumbnail \(url) in \(file)")
        }
        #expect(!article.bodyHTML.contains("picsum.photos") && !article.bodyHTML.contains("workers.dev"))
        #expect(!article.bodyText.contains("\u{3000}"), "ideographic indent in \(file)")
        #expect(!article.bodyText.contains("\n\n\n") && !article.bodyText.hasPrefix("\n"), "\(file)")
        #expect(article.images.allSatisfy { $0.alt != article.title }, "alt repeating the title in \(file)")
    }

    // MARK: Each site: chrome gone, content kept, real images, metadata

    /// A site's expectations for one post: sentences kept, text or markup gone, images.
    struct Expectation: Sendable, CustomStringConvertible {
        var post: String
        var kept: [String]
        var gone: [String]
        /// Exact image sources in order, when given.
        var images: [String]? = nil
        var description: String { post }
    }

    static let expectations: [Expectation] = [
        Expectation(
            post: "10亿只转基因蚊子开始释放：后代只有雄性",
            kept: ["你也许你想不到，小小的蚊子竟然是人类“第一杀手”", "据悉，这是一项试点项目", "对农作物及其他昆虫将更有益。"],
            gone: ["相关文章", "引发争议", "article-relation"],
            images: ["https://static.cnbetacdn.com/article/2021/04/7d9b84585a2c4ef.png"]),
        Expectation(
            post: "%secretclub%power：专家发现又一能禁用iPhone无线连接的SSID",
            kept: ["只要 iPhone 用户连接 SSID 名为“%p%s%s%s%n”的无线热点", "联系了苹果的设备安全团队"],
            gone: ["pvxt.net", "apple.com/cn"],
            images: ["https://static.cnbetacdn.com/article/2021/0705/1c6e26eb76f4342.jpg"]),
        Expectation(
            post: "100W PD通用快充，小米发布升级款氮化镓充电器AD100G",
            kept: ["小米发布了 RedmiBook Pro 15", "目前市面绝大部分Android手机私有协议", "感兴趣的小伙伴可以留意后续更新"],
            gone: ["duomai", "pvxt", "/thumb/"]),
        Expectation(
            post: "App Store scam apps make up almost 2% of top-grossing apps – WP",
            kept: [
                "Curation has always been one of the App Store’s chief features",
                "buy fake reviews and ratings to help make their scam apps look legitimate.",
            ],
            gone: ["FTC: We use income earning", "bit.ly", "native-banner", "after_disclaimer", "more-727365"],
            images: [
                "https://i2.wp.com/9to5mac.com/wp-content/uploads/sites/6/2021/06/App-Store-scam-apps-making-millions.jpg?resize=1200%2C628&quality=82&strip=all&ssl=1"
            ]),
        Expectation(
            post: "Apple Treasurer Gary Wipfler reportedly retires after 35 years",
            kept: [
                "Apple Corporate Treasurer Gary Wipfler is now leaving the company", "Beats acquisition for $3 billion",
            ],
            gone: ["FTC:", "Duo-MagSafe-BannerAd", "bit.ly"]),
        Expectation(
            post: "055型拉萨舰首次东出西太平洋",
            kept: ["（观察者网讯）日本防卫省统合幕僚监部6月13日晚间发布消息", "这个“摄影师”不要也罢", "拉萨舰（102）与南昌舰（101）资料图"],
            gone: ["本文系观察者网独家稿件", "未经授权，不得转载", "bigimg"]),
        Expectation(
            post: "4万亿变1万亿了，还是谈不拢",
            kept: ["拜登雄心勃勃的4万亿美元基础设施“大建”计划", "“目前正在进行的是一个协调过程"],
            gone: ["本文系观察者网独家稿件"],
            images: [
                "https://i.guancha.cn/news/2021/06/22/20210622141924859.jpg",
                "https://i.guancha.cn/news/external/2021/06/22/20210622114552220.jpg",
                "https://i.guancha.cn/news/external/2021/06/22/20210622111158851.png",
            ]),
        Expectation(
            post: "SIPRI：世界军费开支首次突破2万亿美元",
            kept: ["全球军费开支已达到历史最高水平", "北约国家加大支出", "英国位居第四，军费开支增加了3%"],
            gone: ["wp-caption", "data-recalc-dims"]),
        Expectation(
            post: "2020 年是罗兴亚人海上旅行有史以来_最致命_的一年：难民署",
            kept: ["2020 年是有记录以来难民穿越孟加拉湾和安达曼海最致命的一年", "但不允许他们登陆。"], gone: [],
            images: []),
        Expectation(
            post: "养桫椤当盆栽？当心牢底坐穿",
            kept: [
                "如果你走进武汉植物园的温室，会在瀑布前发现一株巨大的植物", "桫椤是典型的孢子植物",
                "马来西亚雨林中的桫椤 | Bernard Dupont / Flickr", "我想，没有什么比这更令人动容的了。",
            ],
            gone: [
                "物种日历", "guokrpac", "功能介绍", "收录于话题", "原创", "预约直播", "果壳童学馆", "我们还在直播间准备了",
                "如需转载", "本文来自", "观音座莲", "mp.weixin.qq.com", "mpvideosnap", "javascript",
            ]),
        Expectation(
            post: "关于免收湖北省上市公司2021年和2022年上市费的通知",
            kept: ["上证发〔2021〕1号", "各市场参与人：", "\n\n为进一步支持湖北经济加快恢复发展", "特此通知。", "上海证券交易所", "二〇二一年一月四日"],
            gone: ["\u{3000}"], images: []),
        Expectation(
            post: "关于上市公司向特定对象发行可转换公司债券业务收费事宜的通知",
            kept: ["上证发〔2020〕96号", "\n\n本通知自发布之日起实施。", "二〇二〇年十二月十八日"], gone: ["\u{3000}"], images: []),
        Expectation(
            post: "10月28日发售《超级机器人大战30》公布第三弹预告",
            kept: [
                "昨天夜里，《超级机器人大战30》发布了最新的宣传片", "https://v.youku.com/v_show/id_XNTgxNTQ1NDc4NA==.html",
                "超越不同作品的藩篱齐聚一堂",
            ],
            gone: ["player.youku.com/embed", "text-indent", "<p><p>"],
            images: ["https://img.3dmgame.com/uploads/images/news/20211026/1635199712_374433.jpg"]),
        Expectation(
            post: "145元的苹果抛光布脏了没关系 官方指导如何清洗",
            kept: ["用洗洁精和水来手洗抛光布。", "\n\n彻底冲洗。\n\n", "让抛光布自然风干至少 24 小时。"], gone: []),
        Expectation(
            post: "_AC_&nbsp;不是玩笑！《FGO》×《東離劍遊紀 3》合作影片期間限定開放觀看",
            kept: [
                "霹靂國際多媒體於 4 月 1 日宣布", "公開期間：台灣時間 2021 年 4 月 2 日", "https://www.youtube.com/watch?v=erYHLwexmwc",
            ],
            gone: ["platform", "news.php?p=anime", "gamercard", "fanspage", "lazyload", "?w=1000"],
            images: ["https://p2.bahamut.com.tw/B/2KU/59/5df248b3ea1ae1b5703ce663bf1bza75.JPG"]),
        Expectation(
            post: "_ETC_&nbsp;SQUARE ENIX 否認彭博社報導 表示「並沒有要出售公司」",
            kept: ["Square Enix火速出面闢謠。", "也沒有收到第三方公司要收購的消息。」"], gone: ["消息來源", "redir.php"],
            images: []),
        Expectation(
            post: "@001_RSC_ \"摸点德鲁西拉投喂自己，我喝两瓶jpg⚠️私设光出没注意⚠️\"",
            kept: ["摸点德鲁西拉投喂自己，我喝两瓶.jpg\n⚠️私设光出没注意⚠️"], gone: [],
            images: [
                "https://img.pawoo.net/media_attachments/files/108/209/090/936/654/729/original/fe1f29f679fc3c0d.jpg",
                "https://img.pawoo.net/media_attachments/files/108/209/091/656/419/938/original/00e86fd2cc790831.jpg",
            ]),
        Expectation(
            post: "0 失败自制酒酿！", kept: ["以及「酒酿的 5 + 2 种有爱做法」~", "http://baobab.kaiyanapp.com/api/v1/playUrl?vid=305405"],
            gone: ["cors.zfour"],
            images: ["http://img.kaiyanapp.com/1d52f6498c2a91e7af379049fe3489ae.png?imageMogr2/quality/60/format/jpg"]),
        Expectation(
            post: "1840 年的意式冰淇淋什么样？", kept: ["意大利语中的 Gelato 意为「冷冻」。", "playUrl?vid=237824"], gone: ["cors.zfour"],
            images: ["http://img.kaiyanapp.com/a85d3c18734417e0dd64d1226f4f4dd2.jpeg?imageMogr2/quality/60/format/jpg"]),
        Expectation(
            post: "第5话 - 英雄的条件", kept: [], gone: [],
            images: ["https://tx-free-imgs.acfun.cn/content/2018_9_29/1540786912.jpg"]),
        Expectation(
            post: "女性向電玩改編動畫《明治東京戀伽》於網路上曝光最新宣傳影像！",
            kept: ["由MEGES.所企劃製作的女性向戀愛遊戲", "監督：大地丙太郎", "查理：森川智之", "https://www.youtube.com/watch?v=UcrB_df_ZG8"],
            gone: ["youtube.com/embed", "margin-left"],
            images: ["https://www.animen.com.tw/animen_image/cTpUNceBniXBAZFotTU5_O_P.jpg"]),
        Expectation(
            post: "Animen動漫平台改版使用說明",
            kept: ["感謝大家長期以來對Animen動漫平台的支持與鼓勵", "請多加利用「意見回饋」的功能。"], gone: ["<p> </p>", "<p></p>"]),
        Expectation(
            post: "Love, Death & Robots_ Mason’s Rats",
            kept: ["Welcome to the Ratpocalypse!", "Mason’s Rats is based on the short story written by Neal Asher"],
            gone: [
                "Netflix / Blur", "Skills", "Senior team", "Executive Producer", "Full credits", "Adam Zienowicz",
                "Keyframe Animation", "\n+", "youtube.com/embed", "\n\n\n",
            ]),
        Expectation(
            post: "Animation Reel", kept: ["http://player.vimeo.com/external/536724698.hd.mp4"],
            gone: ["Skills", "Pre Production", "+"], images: []),
        Expectation(
            post: "An NFT That Saves Lives",
            kept: [
                "May 2021", "Noora Health, a nonprofit I've supported for years, just launched a new NFT.",
                "Brigham and Women\u{FFFD}s Hospital", "What a sentence to be able to write.",
            ],
            gone: [], images: []),
        Expectation(
            post: "Excel如何產生隨機亂數(random number)？",
            kept: ["隨機亂數(random number)在數學、財務學、賭博上的用途相當廣泛。", "=RANDBETWEEN(數字下限,數字上限)", "取而代之。"],
            gone: ["sites-layout", "<table", "<font", "13.3333px"], images: []),
    ]

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"), arguments: expectations)
    func eachSite_keepsItsContent_dropsItsChrome_andHasItsRealImages(expectation: Expectation) throws {
        let article = try Self.article(expectation.post)
        for sentence in expectation.kept {
            #expect(article.bodyText.contains(sentence), "\(expectation): lost «\(sentence)»")
        }
        for chrome in expectation.gone {
            #expect(!article.bodyText.contains(chrome), "\(expectation): text keeps «\(chrome)»")
            #expect(!article.bodyHTML.contains(chrome), "\(expectation): html keeps «\(chrome)»")
        }
        if let images = expectation.images {
            #expect(article.images.map(\.src) == images, "\(expectation)")
        }
    }

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"))
    func lazyImages_andTheirHeaderImage_areTheFullSizeFiles() throws {
        let charger = try Self.article("100W PD通用快充，小米发布升级款氮化镓充电器AD100G")
        #expect(charger.images.count == 15)
        #expect(charger.images.allSatisfy { $0.src.hasPrefix("https://static.cnbetacdn.com/article/2022/0714/") })
        // The front matter names the thumbnail of the first lazy image: the full image replaces it.
        #expect(charger.headimg == "https://static.cnbetacdn.com/article/2022/0714/6c872ca68e9180b.jpg")
        let guokr = try Self.article("养桫椤当盆栽？当心牢底坐穿")
        #expect(
            guokr.images.first?.src
                == "https://2-im.guokr.com/IAhgJ2I9N1q0Ln2czileTCySBCIs5YRpfyOS47Cbs6gEBAAArQEAAEpQ.jpg")
        #expect(guokr.images.allSatisfy { $0.src.hasSuffix(".jpg") || $0.src.hasSuffix(".png") })
        // The three section-heading icons (150 px squares) are decoration, not photos.
        #expect(guokr.images.count == 11)
        #expect(!guokr.images.contains { $0.src.contains("EEKhkmnYRXkAwuyKlQcf0Q141EsKZ5DK7H3dqS43JX2WAAAAlgAAAFBO") })
        #expect(guokr.bodyText.contains("远古的“活化石”\n\n蕨类植物如此常见"))
        // The header image was the proxied article page, not an image.
        #expect(guokr.headimg == nil && guokr.thumbnail == nil)
        let bahamut = try Self.article("_AC_&nbsp;不是玩笑！《FGO》×《東離劍遊紀 3》合作影片期間限定開放觀看")
        #expect(bahamut.headimg == "https://p2.bahamut.com.tw/B/2KU/59/5df248b3ea1ae1b5703ce663bf1bza75.JPG")
    }

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"))
    func placeholderAndProxiedHeaderImages_areNullOrUnwrapped() throws {
        for post in [
            "关于免收湖北省上市公司2021年和2022年上市费的通知", "An NFT That Saves Lives",
            "_ETC_&nbsp;SQUARE ENIX 否認彭博社報導 表示「並沒有要出售公司」",
            "2020 年是罗兴亚人海上旅行有史以来_最致命_的一年：难民署",
        ] {
            let article = try Self.article(post)
            #expect(article.headimg == nil && article.thumbnail == nil, "\(post)")
        }
        let kaiyan = try Self.article("0 失败自制酒酿！")
        #expect(
            kaiyan.headimg
                == "http://img.kaiyanapp.com/1d52f6498c2a91e7af379049fe3489ae.png?imageMogr2/quality/60/format/jpg")
        #expect(kaiyan.thumbnail == kaiyan.headimg)
    }

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"))
    func metadataLines_becomeFields() throws {
        // 巴哈姆特's `消息來源` redirect link is the source line: its target is the source.
        let squareEnix = try Self.article("_ETC_&nbsp;SQUARE ENIX 否認彭博社報導 表示「並沒有要出售公司」")
        #expect(squareEnix.source == "https://www.hd.square-enix.com/eng/ir/pdf/20210416_01en.pdf")
        // 巴哈姆特's board prefix names a tag; the title keeps it (it equals the front matter).
        #expect(squareEnix.tags == ["ETC"])
        let fgo = try Self.article("_AC_&nbsp;不是玩笑！《FGO》×《東離劍遊紀 3》合作影片期間限定開放觀看")
        #expect(fgo.tags == ["AC"])
        #expect(try Self.article("Love, Death & Robots_ Mason’s Rats").tags == [])
        // Captions stay with their images (Aljazeera's figures).
        let sipri = try Self.article("SIPRI：世界军费开支首次突破2万亿美元")
        #expect(
            sipri.images.map(\.caption) == ["俄罗斯于2月24日入侵乌克兰，其军费支出增长了2.9% (美联社)", "北约的东线 (半岛电视台)", "核裁军有可能吗？ (半岛电视台)"])
        // 观察者网's grey paragraph under a photo is its caption.
        let lhasa = try Self.article("055型拉萨舰首次东出西太平洋")
        #expect(
            lhasa.images.map(\.caption) == ["", "拉萨舰（102）与南昌舰（101）资料图", "", "我军舰艇动向", "日本自卫队现场拍摄的照片", "拉萨舰资料图 中国军视网截图"])
        #expect(lhasa.bodyHTML.contains("<figcaption>拉萨舰（102）与南昌舰（101）资料图</figcaption></figure>"))
        // 3DMGame's alt text is the article title: not a description of the image.
        let robots = try Self.article("10月28日发售《超级机器人大战30》公布第三弹预告")
        #expect(robots.images.map(\.alt) == [""])
    }

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"))
    func titles_keepTheirText_withHTMLReferencesDecoded() throws {
        let bahamut = try Self.article("_AC_&nbsp;不是玩笑！《FGO》×《東離劍遊紀 3》合作影片期間限定開放觀看")
        #expect(bahamut.title == "_AC_\u{00A0}不是玩笑！《FGO》×《東離劍遊紀 3》合作影片期間限定開放觀看")
        let mastodon = try Self.article("@003_miss_ \"MV鑑賞\"")
        // A single-quoted YAML scalar folds its line breaks to spaces (YAML 1.2 §7.3.2).
        #expect(mastodon.title == "@003_miss_ \" MV鑑賞 \"")
        let axis = try Self.article("Love, Death & Robots_ Mason’s Rats")
        #expect(axis.title == "Love, Death & Robots_ Mason’s Rats")
    }

    @Test(.enabled(if: isPresent, "\(CleanerCorpus.missingMessage)"))
    func everyPost_isMatchedToItsPublisher_byWhatItSays() throws {
        var names: Set<String> = []
        for file in Self.files {
            let post = try Self.builder.parser.parse(Array(file.text.utf8), fileName: file.name)
            let publisher = try #require(Self.builder.publisher(of: post), "no publisher for \(file)")
            #expect(post.categoryPaths[0].components.contains(where: publisher.publisher.match.siteNames.contains))
            names.insert(publisher.publisher.name)
        }
        #expect(names.count == 15)
    }
}

/// The generator's front matter read without YAML or Gazette's parser: `title: '…'` (quotes
/// doubled, lines folded to spaces, HTML references decoded — Gazette's title rule), the
/// category list items, `author:` and `date:`.
struct GeneratorFrontMatter {
    var title: String
    var categories: [String]
    var author: String?
    var date: Int64?

    init?(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let open = lines.firstIndex(of: "---"),
            let close = lines[(open + 1)...].firstIndex(of: "---")
        else { return nil }
        let header = Array(lines[(open + 1)..<close])
        guard let titleStart = header.firstIndex(where: { $0.hasPrefix("title: '") }) else { return nil }
        var raw = String(header[titleStart].dropFirst("title: '".count))
        var index = titleStart
        while !(raw.hasSuffix("'") && !raw.hasSuffix("''")) || raw.isEmpty {
            index += 1
            guard index < header.count else { return nil }
            raw += "\n" + header[index]
        }
        raw.removeLast()
        // YAML folding: a line break and the white space around it become one space.
        let folded = raw.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        title = folded.replacingOccurrences(of: "''", with: "'").replacingOccurrences(of: "&nbsp;", with: "\u{00A0}")
        categories = header.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            .map { String($0.trimmingCharacters(in: .whitespaces).dropFirst(2)).trimmingCharacters(in: .whitespaces) }
        author = header.first { $0.hasPrefix("author: ") }.map { String($0.dropFirst("author: ".count)) }
        let rawDate = header.first { $0.hasPrefix("date: ") }.map { String($0.dropFirst("date: ".count)) }
        date = rawDate.flatMap(Self.seconds)
    }

    static func seconds(_ text: String) -> Int64? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        }
        return nil
    }
}
