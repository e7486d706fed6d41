import Dispatch
import Synchronization
import Testing

@testable import GazetteIngest

@Suite struct MarkdownRendererTests {
    private let renderer = MarkdownRenderer()

    @Test func githubExtensions_areRendered() {
        let html = renderer.render("See www.example.com and ~~old~~ text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        #expect(html.contains(#"<a href="http://www.example.com">www.example.com</a>"#))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<table>"))
    }

    @Test func rawHTML_isKept_forTheSanitizerToJudge() {
        #expect(renderer.render("<figure><img src=\"a.jpg\"></figure>\n").contains("<figure>"))
    }

    /// cmark-gfm keeps the table of characters that start an inline in a process-wide array, and
    /// every parse adds its extensions' characters to it and removes them again when it finishes
    /// inlines: two parses at once on different threads could miss each other's autolinks and
    /// strikethroughs (seen as ingests of the same files giving different bodies). The same text
    /// rendered on many threads at once must always give the same HTML.
    @Test func concurrentRenders_giveTheSameHTML() {
        let markdown = (1...40).map { "Line \($0): www.example\($0).org, https://x.example/\($0) and ~~gone~~.\n" }
            .joined(separator: "\n")
        let expected = renderer.render(markdown)
        let differing = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 400) { _ in
            if MarkdownRenderer().render(markdown) != expected { differing.add(1, ordering: .relaxed) }
        }
        #expect(differing.load(ordering: .relaxed) == 0)
        #expect(expected.components(separatedBy: "<a href=").count - 1 == 80)
    }
}
