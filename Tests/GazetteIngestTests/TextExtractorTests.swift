import Testing

@testable import GazetteIngest

struct TextExtractorTests {
    func text(_ html: String) -> String {
        TextExtractor().text(of: HTMLDocument(parsing: html).nodes)
    }

    @Test func paragraphs_areSeparatedByExactlyOneBlankLine() {
        #expect(text("<p>one</p>\n\n\n<p>two</p><div>three</div><h2>four</h2>") == "one\n\ntwo\n\nthree\n\nfour")
    }

    @Test func nestedBlocks_giveNoEmptyParagraphs() {
        #expect(text("<div><div><p>a</p></div><p></p><p>  </p><div>\n</div><p>b</p></div>") == "a\n\nb")
    }

    @Test func lineBreak_breaksTheLineInsideAParagraph() {
        #expect(text("<p>first line<br>second  line<br/>third</p>") == "first line\nsecond line\nthird")
    }

    @Test func twoLineBreaks_endTheParagraph() {
        #expect(text("<p>a<br><br>b</p>") == "a\n\nb")
    }

    @Test func ideographicSpaces_areTrimmedPerParagraph() {
        #expect(text("<p>　　正文第一段。　</p><p>\u{3000}\u{3000}第二段\u{00A0}</p>") == "正文第一段。\n\n第二段")
    }

    @Test func whitespaceInsideAParagraph_isFolded() {
        #expect(text("<p>  a \n\t b   <b> c </b>d</p>") == "a b c d")
        #expect(text("<p><b>a</b> <i>b</i></p>") == "a b")
        #expect(text("<p><b>a</b><i>b</i></p>") == "ab")
    }

    @Test func preformattedText_keepsItsLinesAndIndentation() {
        #expect(
            text("<p>before</p><pre><code>func f() {\n    return 1   \n}\n</code></pre><p>after</p>")
                == "before\n\nfunc f() {\n    return 1\n}\n\nafter")
    }

    @Test func blockElements_delimitParagraphs() {
        let html =
            "<ul><li>one</li><li>two</li></ul><blockquote>q</blockquote><figure><img src=a><figcaption>cap</figcaption></figure><hr><section>s</section><article>t</article>"
        #expect(text(html) == "one\n\ntwo\n\nq\n\ncap\n\ns\n\nt")
    }

    @Test func tableRows_areParagraphs_andCellsAreSpaced() {
        #expect(text("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>") == "A B\n\n1 2")
    }

    @Test func inlineText_joinsLinesWithOneLineFeed() {
        #expect(TextExtractor().inlineText(of: HTMLDocument(parsing: "　　来源：<b>新京报</b> ").nodes) == "来源：新京报")
    }

    @Test func commentsAndImages_giveNoText() {
        #expect(text("<p>a<!-- hidden --><img src=x alt=alt>b</p>") == "ab")
    }

    @Test func emptyInput_givesEmptyText() {
        #expect(text("") == "")
        #expect(text("<p>　　</p>") == "")
    }
}
