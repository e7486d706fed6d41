import Testing

@testable import GazetteIngest

/// The sanitiser, checked on its parsed output: every vector is sanitised, parsed again and
/// walked by ``SanitizedOutputCheck``, which knows nothing of the sanitiser's tables.
struct HTMLSanitizerTests {
    let sanitizer = HTMLSanitizer()

    /// XSS vectors, most from OWASP's XSS Filter Evasion Cheat Sheet, with the visible
    /// text (if any) that must survive.
    static let vectors: [(html: String, keeps: String?)] = [
        // Script in all its spellings.
        ("<script>alert(1)</script>ok", "ok"),
        ("<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>ok", "ok"),
        ("<scr<script>ipt>alert(1)</script>", nil),
        ("<script/xss src=\"http://xss.rocks/xss.js\"></script>", nil),
        ("<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>", nil),
        ("<script>alert(1)", nil),
        ("<script src=//xss.rocks/.j>", nil),
        ("<p>a</p><script>document.write('<img src=x onerror=alert(1)>')</script><p>b</p>", "a"),
        // Event handlers.
        ("<img src=x onerror=alert(1)>", nil),
        ("<img src=\"x\" onerror=\"alert(1)\" alt=\"photo\">", nil),
        ("<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>", nil),
        ("<body onload=alert(1)>text", "text"),
        ("<div onmouseover=\"alert(1)\">hover</div>", "hover"),
        ("<svg onload=alert(1)>", nil),
        ("<svg><script>alert(1)</script></svg>after", "after"),
        ("<details open ontoggle=alert(1)>x</details>", "x"),
        ("<a href=\"https://example.com\" onclick=\"evil()\">link</a>", "link"),
        // javascript: with entities, tabs, newlines, case, padding.
        ("<a href=\"javascript:alert(1)\">a</a>", "a"),
        ("<a href=\"JaVaScRiPt:alert(1)\">a</a>", "a"),
        ("<a href=\" javascript:alert(1)\">a</a>", "a"),
        ("<a href=\"jav&#x09;ascript:alert(1)\">a</a>", "a"),
        ("<a href=\"jav&#x0A;ascript:alert(1)\">a</a>", "a"),
        ("<a href=\"jav&#x0D;ascript:alert(1)\">a</a>", "a"),
        ("<a href=\"jav\tascript:alert(1)\">a</a>", "a"),
        ("<a href=\"&#14;  javascript:alert(1)\">a</a>", "a"),
        ("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">a</a>", "a"),
        (
            "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">a</a>",
            "a"
        ),
        ("<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">a</a>", "a"),
        ("<a href=\"javascript&colon;alert(1)\">a</a>", "a"),
        ("<a href=\"java\u{0}script:alert(1)\">a</a>", "a"),
        ("<a href=\"java\u{200B}script:alert(1)\">a</a>", "a"),
        ("<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">", nil),
        ("<IMG SRC=javascript:alert('XSS')>", nil),
        ("<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>", nil),
        ("<a href=\"vbscript:msgbox(1)\">v</a>", "v"),
        ("<a href=\"livescript:alert(1)\">l</a>", "l"),
        ("<blockquote cite=\"javascript:alert(1)\">q</blockquote>", "q"),
        // data: URLs: only raster images on <img>.
        ("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">d</a>", "d"),
        ("<a href=\"data:image/png;base64,iVBORw0KGgo=\">d</a>", "d"),
        ("<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">", nil),
        ("<img src=\"data:text/html,<script>alert(1)</script>\">", nil),
        ("<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>", nil),
        // Embedding and document-level elements.
        ("<iframe src=\"https://evil.example\">fallback</iframe>ok", "ok"),
        ("<object data=\"evil.swf\"><param name=x value=y></object>ok", "ok"),
        ("<embed src=\"evil.swf\">ok", "ok"),
        ("<applet code=\"x.class\"></applet>ok", "ok"),
        ("<base href=\"javascript:alert(1)//\"><a href=\"/x\">x</a>", "x"),
        ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1);\">ok", "ok"),
        ("<link rel=stylesheet href=\"javascript:alert(1)\">ok", "ok"),
        ("<frameset><frame src=\"javascript:alert(1)\"></frameset>", nil),
        // Styles.
        ("<style>@import 'http://xss.rocks/xss.css';</style>ok", "ok"),
        ("<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>", "XSS"),
        ("<div style=\"width: expression(alert(1));\">e</div>", "e"),
        ("<p style=\"background:url(javascript:alert(1))\">s</p>", "s"),
        ("<span style=\"behavior: url(x.htc)\">b</span>", "b"),
        // Forms.
        ("<form action=\"javascript:alert(1)\"><input type=submit></form>ok", "ok"),
        ("<button formaction=\"javascript:alert(1)\">x</button>ok", "ok"),
        ("<isindex action=javascript:alert(1) type=image>", nil),
        ("<input type=\"image\" src=\"javascript:alert(1)\">", nil),
        // MathML and other foreign content.
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></table></mtext></math>", nil),
        ("<math href=\"javascript:alert(1)\">CLICK</math>", nil),
        // Conditional comments and comment tricks.
        ("<!--[if gte IE 4]><script>alert(1)</script><![endif]-->ok", "ok"),
        ("<!--<img src=x onerror=alert(1)>-->ok", "ok"),
        ("<!-- --!><img src=x onerror=alert(1)> -->", nil),
        ("<p>a<!--b--></p>", "a"),
        // Malformed, unclosed and attribute-breaking markup.
        ("<img \"\"\"><script>alert(1)</script>\">", nil),
        ("<a href=\"x\" title=\"\\\"><script>alert(1)</script>\">t</a>", nil),
        ("<img src=\"x\" alt=\"\" onerror=alert(1)//\">", nil),
        ("<div title=\"&quot;><script>alert(1)</script>\">q</div>", "q"),
        ("<a href='x' title='\"onmouseover=alert(1) x=\"'>t</a>", "t"),
        ("<IMG SRC=\"javascript:alert('XSS')\"", nil),
        ("<p><b><i>unclosed", "unclosed"),
        ("</p></div></body></html><p>after", "after"),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", nil),
        ("<textarea><script>alert(1)</script></textarea>", nil),
        ("<title><script>alert(1)</script></title>", nil),
        ("<xmp><script>alert(1)</script></xmp>", nil),
        ("<template><script>alert(1)</script></template>", nil),
        ("<video><source onerror=\"alert(1)\"></video>", nil),
        ("<a href=\"https://ok.example\" target=\"_blank\">t</a>", "t"),
        ("<a href=\"https://ok.example\" target=\"_top\">t</a>", "t"),
        ("<div id=\"cookie\" name=\"x\" class=\"y\">dom</div>", "dom"),
    ]

    @Test(arguments: vectors.indices)
    func xssVector_leavesNoForbiddenElementAttributeOrURL(index: Int) throws {
        let (html, keeps) = Self.vectors[index]
        let output = sanitizer.sanitize(html: html)
        #expect(SanitizedOutputCheck.violations(in: output) == [], "input: \(html)\noutput: \(output)")
        if let keeps {
            #expect(TextExtractor().text(of: HTMLDocument(parsing: output).nodes).contains(keeps), "output: \(output)")
        }
        // The output is stable: sanitising it again changes nothing.
        #expect(sanitizer.sanitize(html: output) == output)
    }

    @Test func javascriptLink_loosesItsHref_andKeepsItsText() {
        let nodes = HTMLDocument(parsing: sanitizer.sanitize(html: #"<a href="jav&#x09;ascript:alert(1)">x</a>"#)).nodes
        #expect(nodes == [.text("x")])
    }

    @Test func safeLinkWithTarget_getsNoopenerRel() throws {
        let nodes = HTMLDocument(
            parsing: sanitizer.sanitize(html: #"<a href="https://a.example/x" target="_blank" rel="opener">x</a>"#)
        ).nodes
        let link = try #require(nodes.first?.element)
        #expect(link.attribute("href") == "https://a.example/x")
        #expect(link.attribute("target") == "_blank")
        #expect(link.attribute("rel") == "noopener noreferrer nofollow")
    }

    @Test func rasterDataImage_isKept_butSvgDataImageIsNot() {
        let png =
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQImWNgYGBgAAAABQABh6FO1AAAAABJRU5ErkJggg=="
        let kept = HTMLDocument(parsing: sanitizer.sanitize(html: "<img src=\"\(png)\" alt=\"dot\">")).nodes
        #expect(kept.first?.element?.attribute("src") == png)
        let svg = HTMLDocument(
            parsing: sanitizer.sanitize(html: #"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#))
        #expect(svg.nodes.isEmpty)
    }

    @Test func allowedURLs_areKept() {
        for url in [
            "https://a.example/p?q=1#f", "http://a.example", "mailto:a@b.example", "/relative/path", "page.html",
            "#anchor", "?q=1", "//cdn.example/x.png", "a/b:c",
        ] {
            #expect(sanitizer.sanitizedURL(url, allowsDataImage: false) == url, "\(url)")
        }
    }

    @Test func unknownElements_areUnwrapped_andDangerousOnesDroppedWithContent() {
        #expect(
            sanitizer.sanitize(html: "<p><font color=red>a</font><foo-bar x=1>b</foo-bar></p><center>c</center>")
                == "<p>ab</p><div>c</div>")
        let output = sanitizer.sanitize(
            html:
                "<custom-el data-x=\"1\">kept <b>bold</b></custom-el><iframe>gone</iframe><select><option>gone</option></select>"
        )
        #expect(output == "kept <b>bold</b>")
    }

    @Test func attributes_areFilteredPerElement() {
        let output = sanitizer.sanitize(
            html:
                #"<img src="a.png" alt="A" title="T" width="10" height="20%" style="x" class="c" id="i" loading="lazy" referrerpolicy="no-referrer"><td colspan="2" rowspan="x" align="CENTER">c</td>"#
        )
        let nodes = HTMLDocument(parsing: output).nodes
        let image = nodes.first?.element
        #expect(image?.attributes.map(\.name) == ["src", "alt", "title", "width", "height"])
        #expect(!output.contains("rowspan"))
        #expect(output.contains(#"align="center""#) || !output.contains("align"))
    }

    @Test func markdownOutputFromCmarkGFM_survives() {
        let html = """
            <h2>Title</h2>
            <pre><code class="language-swift">let a = 1 &lt; 2
            print(a)
            </code></pre>
            <table>
            <thead><tr><th align="center">A</th><th>B</th></tr></thead>
            <tbody><tr><td align="right">1</td><td><del>2</del></td></tr></tbody>
            </table>
            <ul>
            <li><input type="checkbox" disabled="" /> todo</li>
            <li><input type="checkbox" checked="" disabled="" /> done</li>
            </ul>
            <ol start="3"><li>three</li></ol>
            <blockquote><p>quote</p></blockquote>
            <p><img src="/img/a.png" alt="A" title="T" /> <a href="https://x.example" title="X">x</a> <code>c</code></p>
            <hr />
            """
        let output = sanitizer.sanitize(html: html)
        #expect(output.contains(#"<pre><code class="language-swift">let a = 1 &lt; 2"#))
        #expect(output.contains(#"<th align="center">A</th>"#))
        #expect(output.contains("<del>2</del>"))
        #expect(!output.contains("<input"))
        #expect(output.contains("<li> todo</li>"))
        #expect(output.contains(#"<ol start="3">"#))
        #expect(output.contains("<blockquote>"))
        #expect(output.contains(#"<img src="/img/a.png" alt="A" title="T">"#))
        #expect(output.contains(#"<a href="https://x.example" title="X">x</a>"#))
        #expect(output.contains("<hr>"))
        #expect(SanitizedOutputCheck.violations(in: output) == [])
    }

    @Test func codeClass_keepsOnlyLanguageNames() {
        #expect(
            sanitizer.sanitize(html: #"<code class="language-c++ evil x" onclick="y">x</code>"#)
                == #"<code class="language-c++">x</code>"#)
        #expect(sanitizer.sanitize(html: #"<code class="hljs">x</code>"#) == "<code>x</code>")
    }

    @Test func text_isEscaped_andRoundTrips() {
        let output = sanitizer.sanitize(html: "<p title='a\"b&lt;'>1 &lt; 2 &amp;&amp; 3 &gt; 2 --&gt; &#123;</p>")
        #expect(output == "<p title=\"a&quot;b&lt;\">1 &lt; 2 &amp;&amp; 3 &gt; 2 --&gt; {</p>")
        let reparsed = HTMLDocument(parsing: output).nodes
        #expect(HTMLSerializer().serialize(reparsed) == output)
    }

    @Test func emptyAndJunkInput_giveSafeOutput() {
        #expect(sanitizer.sanitize(html: "") == "")
        #expect(sanitizer.sanitize(html: "   ") == "   ")
        var junk = ""
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            junk.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...255, using: &generator)))
        }
        junk += "<scr\u{0}ipt>alert(1)</script><img src=x onerror=y>"
        let output = sanitizer.sanitize(html: junk)
        #expect(SanitizedOutputCheck.violations(in: output) == [])
    }

    // MARK: The parse

    /// Inputs where libxml2's own tree builder does more than follow the parser's events.
    static let treeBuilderCases = [
        "<o:p>Word</o:p><a:b:c>x</a:b:c><a:>y</a:><:a>z",
        "<p>a<x:1y>5<b>6</b>&amp;<!--gone-->x<script>s</script></x:1y><p>z</p>",
        "a</body></html><!--c-->b<!--d--><p>e</p><!--f-->",
        "a</html><!--c--><!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><!--d-->b",
        "<input checked hidden disabled value><img src=x alt>",
        "<script>a</b>c</script><style>d</style><textarea>e</textarea>",
        " \n<div> <p> a </p> <b> b </b> </div> \n",
    ]

    @Test(arguments: treeBuilderCases)
    func parserEvents_buildLibxml2sOwnTree(html: String) {
        for limits in [HTMLDocument.Limits(), HTMLDocument.Limits(maxDepth: 2)] {
            #expect(
                HTMLDocument(parsing: html, limits: limits).nodes
                    == HTMLDocument.libxml2TreeNodes(parsing: html, limits: limits))
        }
    }

    @Test func tagSoup_parsesToLibxml2sOwnTree() {
        let pieces = [
            "<p>", "</p>", "<div class=x>", "</div>", "<b>", "</b>", "<table>", "<tr>", "<td>", "<li>", "<ul>", "</ul>",
            "<html>", "</html>", "<body>", "</body>", "<head>", "<title>t</title>", "<script>s</script>", "<o:p>",
            "</o:p>", "<x:1y>", "<a:>", "<img src=x checked>", "<br>", "<select>", "<option>", "<pre>", "<frameset>",
            "a", " ", "\n", "\u{3000}", "&amp;", "&bogus;", "<", "中文", "<!--c-->", "<!x>", "<?pi?>", "<!DOCTYPE html>",
            "<![CDATA[x]]>", "<object>", "<embed>", "<a href=x>", "</a>", "<svg>", "<col>", "\r\n",
        ]
        // A fixed linear congruential sequence: the same soups on every run.
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for _ in 0..<3_000 {
            var html = ""
            for _ in 0...(next() % 30) { html += pieces[next() % pieces.count] }
            let limits = HTMLDocument.Limits(maxDepth: next() % 2 == 0 ? 2 : 256)
            #expect(
                HTMLDocument(parsing: html, limits: limits).nodes
                    == HTMLDocument.libxml2TreeNodes(parsing: html, limits: limits), "\(html.debugDescription)")
        }
    }

    @Test func charsetMeta_doesNotSwitchTheDecoder() {
        let output = sanitizer.sanitize(html: "<meta charset=\"gbk\"><p>中文</p>")
        #expect(output == "<p>中文</p>")
    }
}
