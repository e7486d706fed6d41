import CCmarkGFM
import Foundation
import Synchronization

/// Renders CommonMark + GitHub's extensions (tables, strikethrough, autolinks, task lists) to
/// HTML with cmark-gfm.
///
/// Raw HTML in the Markdown is kept (`CMARK_OPT_UNSAFE`): posts embed it on purpose, and the
/// result always goes through ``HTMLSanitizer`` before anyone sees it.
public struct MarkdownRenderer: Sendable {
    /// Registers the core extensions once per process (cmark-gfm requires it before lookup).
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// Held while a document is parsed and rendered. cmark-gfm keeps the characters that start an inline in one
    /// process-wide table, which each parse changes (its extensions' characters are added when
    /// inlines are processed and removed afterwards: `process_inlines` in its `blocks.c`), so two
    /// parses at once on different threads lose each other's autolinks and strikethroughs
    /// (github/cmark-gfm#176 is the unmerged fix). Rendering is inside too, so that no cmark
    /// pointer crosses the lock; Markdown posts are the minority, and a render takes microseconds.
    private static let parsing = Mutex(())

    public init() {}

    /// The HTML for `markdown`.
    public func render(_ markdown: String) -> String {
        _ = Self.registered
        return Self.parsing.withLock { _ in Self.renderHoldingLock(markdown) }
    }

    /// Parses and renders `markdown`; only while ``parsing`` is held (the tree never leaves it).
    private static func renderHoldingLock(_ markdown: String) -> String {
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var markdown = markdown
        markdown.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(html) }
        return String(cString: html)
    }
}
