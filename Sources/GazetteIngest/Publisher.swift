/// One publisher's template: how to recognise its posts, and the ``PublisherRules`` that say
/// what in them is chrome, what is metadata and what is content.
///
/// A publisher is recognised by what the post says about itself, never by its file name: a
/// segment of one of its category paths (RSSHub's `<category>/<site>/<feed>` layout puts the
/// site second), its `author`, or the host of its header image. Its rules are applied on top of
/// ``PublisherRules/builtIn`` (the generic rules and Sina's), and only to its own posts.
///
/// ```swift
/// let lwn = Publisher(
///     name: "LWN", match: SiteMatch(siteNames: ["LWN.net"], hosts: ["lwn.net"]),
///     rules: { var rules = PublisherRules(); rules.droppedClasses = ["lwn-ad"]; return rules }())
/// let builder = ArticleBuilder(publishers: Publisher.builtIn + [lwn])
/// ```
public struct Publisher: Sendable, Equatable {
    /// The name the fidelity report shows.
    public var name: String
    /// How its posts are recognised.
    public var match: SiteMatch
    /// Its rules, added to the built-in ones for its posts.
    public var rules: PublisherRules

    public init(name: String, match: SiteMatch, rules: PublisherRules) {
        self.name = name
        self.match = match
        self.rules = rules
    }
}

/// What a post must say for a ``Publisher`` to apply: any one of these is enough.
public struct SiteMatch: Sendable, Equatable {
    /// Category names, compared exactly with every segment of every category path.
    public var siteNames: Set<String>
    /// `author` values, compared exactly.
    public var authors: Set<String>
    /// Hosts (a parent domain matches its subdomains) of the header image or thumbnail.
    public var hosts: Set<String>

    public init(siteNames: Set<String> = [], authors: Set<String> = [], hosts: Set<String> = []) {
        self.siteNames = siteNames
        self.authors = authors
        self.hosts = hosts
    }

    /// Whether a post with these categories, author and image hosts (lowercased, see
    /// ``imageHosts(of:)``) is this site's.
    public func matches(categoryPaths: [[String]], author: String?, imageHosts: [String]) -> Bool {
        if let author, authors.contains(author) { return true }
        if !siteNames.isEmpty {
            for path in categoryPaths where path.contains(where: siteNames.contains) { return true }
        }
        if !hosts.isEmpty {
            for host in imageHosts where MediaURL.host(host, isWithin: hosts) { return true }
        }
        return false
    }

    /// The hosts of image URLs, a CORS-proxy wrapper taken off: what ``hosts`` is matched
    /// against.
    public static func imageHosts(of urls: [String]) -> [String] {
        urls.compactMap { MediaURL.host(of: MediaURL.unwrappingProxy($0, proxyHosts: [])) }
    }
}

extension Publisher {
    /// The publishers Gazette knows (see `shared/corpus/SOURCES.md`, sections
    /// rsshub-page-sina and rsshub-page-more). Sina's rules are part of
    /// ``PublisherRules/builtIn`` and apply to every post; it is listed here so that the
    /// fidelity report names it.
    public static let builtIn: [Publisher] = [
        Publisher(
            name: "新浪财经", match: SiteMatch(siteNames: ["新浪财经"], authors: ["新浪财经"]), rules: PublisherRules()),
        cnBeta, nineToFive, guancha, aljazeera, guokr, sse, threeDM, bahamut, mastodon, kaiyan, acfun, animen,
        axis, paulGraham, googleSites,
    ]

    static let cnBeta = Publisher(
        name: "cnBeta", match: SiteMatch(siteNames: ["cnBeta"], hosts: ["cnbetacdn.com", "cnbeta.com"]),
        rules: {
            var rules = PublisherRules()
            // 相关文章: links to other posts.
            rules.droppedClasses = ["article-relation"]
            rules.editorLabels = ["编辑：", "编辑:", "责任编辑："]
            rules.sourceLabels = ["来源：", "来源:", "稿源："]
            return rules
        }())

    static let nineToFive = Publisher(
        name: "9to5", match: SiteMatch(siteNames: ["9To5"], hosts: ["9to5mac.com", "9to5google.com", "9to5toys.com"]),
        rules: {
            var rules = PublisherRules()
            // The FTC affiliate disclaimer with its banner, and the ad slot after it.
            rules.droppedClasses = ["ad-disclaimer-container", "disclaimer-affiliate"]
            rules.droppedIDPrefixes = ["after_disclaimer_placement", "more-"]
            rules.boilerplateTextPrefixes = ["FTC: We use income earning auto affiliate links."]
            return rules
        }())

    static let guancha = Publisher(
        name: "观察者网", match: SiteMatch(siteNames: ["观察者网"], hosts: ["guancha.cn"]),
        rules: {
            var rules = PublisherRules()
            rules.boilerplateTextPrefixes = ["本文系观察者网独家稿件", "本文系观察者网独家"]
            // The grey paragraph under a photo is its caption.
            rules.captionStyleFragments = ["color:#666666"]
            return rules
        }())

    static let aljazeera = Publisher(
        name: "Aljazeera 半岛网", match: SiteMatch(siteNames: ["Aljazeera 半岛网"], hosts: ["aljazeera.net"]),
        rules: PublisherRules())

    static let guokr = Publisher(
        name: "果壳网", match: SiteMatch(siteNames: ["果壳网"], hosts: ["guokr.com"]),
        rules: {
            var rules = PublisherRules()
            // The WeChat page around the article: duplicate title, author and account line,
            // the hidden profile card with its QR code, topic tags, empty publish time, ads.
            rules.droppedClasses = [
                "rich_media_title", "rich_media_meta_list", "profile_container", "article-tag__list",
            ]
            rules.droppedIDPrefixes = [
                "activity-name", "meta_content", "js_profile_qrcode", "js_tags", "publish_time", "js_sponsor_ad_area",
                "js_more_read_area", "js_pc_qr_code",
            ]
            // Links to other articles of the account (`data-linktype`), mini-program cards and the
            // live-stream promotion start the tail.
            rules.tailAttributes = ["data-linktype", "data-miniprogram-appid"]
            rules.tailTextPrefixes = ["参考文献", "点击下方按钮，预约直播"]
            rules.boilerplateTextPrefixes = ["本文来自物种日历", "本文来自果壳", "如需转载请联系", "欢迎转发"]
            rules.editorLabels = ["编辑：", "编辑:", "责编："]
            // Section-heading icons (150 px squares shown at 1.6em); article photos are 600 px and up.
            rules.decorativeImageMaxWidth = 160
            return rules
        }())

    static let sse = Publisher(
        name: "上海证券交易所", match: SiteMatch(siteNames: ["上海证券交易所"], authors: ["上海证券交易所"]),
        rules: PublisherRules())

    static let threeDM = Publisher(
        name: "3DMGame", match: SiteMatch(siteNames: ["3DMGame"], hosts: ["3dmgame.com"]), rules: PublisherRules())

    static let bahamut = Publisher(
        name: "巴哈姆特", match: SiteMatch(siteNames: ["巴哈姆特"], hosts: ["bahamut.com.tw", "gamer.com.tw"]),
        rules: {
            var rules = PublisherRules()
            rules.contentStartComments = ["新聞內容"]
            rules.contentEndComments = ["新聞內容結束"]
            // The platform list above the article, the fan-page card below it.
            rules.droppedClasses = ["platform-tag", "article_gamercard"]
            rules.sourceLinkTexts = ["消息來源", "資料來源"]
            // `_AC_&nbsp;…`: the GNN board the news is filed under.
            rules.titleTagWrappers = [PublisherRules.CommentWrapper(prefix: "_", suffix: "_\u{00A0}")]
            return rules
        }())

    static let mastodon = Publisher(
        name: "Mastodon", match: SiteMatch(siteNames: ["Mastodon"], hosts: ["pawoo.net"]), rules: PublisherRules())

    static let kaiyan = Publisher(
        name: "开眼", match: SiteMatch(siteNames: ["开眼"], hosts: ["kaiyanapp.com"]), rules: PublisherRules())

    static let acfun = Publisher(
        name: "AcFun", match: SiteMatch(siteNames: ["AcFun"], hosts: ["acfun.cn"]), rules: PublisherRules())

    static let animen = Publisher(
        name: "Animen 动漫平台", match: SiteMatch(siteNames: ["Animen 动漫平台"], hosts: ["animen.com.tw"]),
        rules: PublisherRules())

    static let axis = Publisher(
        name: "Axis Studios", match: SiteMatch(siteNames: ["Axis Studios"], hosts: ["axisstudiosgroup.com"]),
        rules: {
            var rules = PublisherRules()
            // The scraped project page: client, skills, senior team and full credits, up to the
            // gallery; and the `+` of a collapse toggle after the player.
            rules.droppedRuns = [PublisherRules.DroppedRun(startClass: "c-name", endElement: "img")]
            rules.strayTexts = ["+"]
            return rules
        }())

    static let paulGraham = Publisher(
        name: "Paul Graham", match: SiteMatch(siteNames: ["Paul Graham 博客"], hosts: ["paulgraham.com"]),
        rules: PublisherRules())

    static let googleSites = Publisher(
        name: "Google Sites", match: SiteMatch(siteNames: ["Google Sites"], hosts: ["sites.google.com"]),
        rules: {
            var rules = PublisherRules()
            rules.layoutTableClassPrefixes = ["sites-layout"]
            return rules
        }())
}
