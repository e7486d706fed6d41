import Foundation
import Testing

@testable import GazetteIngest

/// Checks sanitised HTML by parsing it again and walking the tree, independently of the
/// sanitiser's own tables: what no output may contain, whatever the input.
enum SanitizedOutputCheck {
    /// Elements that must never appear in sanitised output.
    static let forbiddenElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
        "form", "input", "button", "textarea", "select", "option", "svg", "math", "template", "noscript",
        "title", "xmp", "plaintext", "listing", "noembed", "noframes", "video", "audio", "source", "param",
        "isindex", "image", "font", "body", "html", "head",
    ]
    /// Attributes allowed anywhere in output; anything else is a violation.
    static let allowedAttributes: Set<String> = [
        "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "target", "rel", "start",
        "reversed", "value", "cite", "datetime", "class", "align", "scope", "span", "open", "lang", "dir",
    ]

    /// Everything wrong with `html`, described; empty when it is clean.
    static func violations(in html: String) -> [String] {
        var found: [String] = []
        visit(HTMLDocument(parsing: html).nodes, parent: nil, found: &found)
        return found
    }

    private static func visit(_ nodes: [HTMLNode], parent: String?, found: inout [String]) {
        for node in nodes {
            switch node {
            case .comment(let text):
                found.append("comment <!--\(text)-->")
            case .text:
                break
            case .element(let element):
                if forbiddenElements.contains(element.name) { found.append("element <\(element.name)>") }
                for attribute in element.attributes {
                    let name = attribute.name
                    if name.hasPrefix("on") || name == "style" || name == "srcset" || name == "formaction"
                        || name.contains(":") || !allowedAttributes.contains(name)
                    {
                        found.append("attribute \(name) on <\(element.name)>")
                    }
                    if name == "href" || name == "src" || name == "cite",
                        !isSafeURL(attribute.value, imageSource: element.name == "img" && name == "src")
                    {
                        found.append("URL \(name)=\(attribute.value) on <\(element.name)>")
                    }
                    if name == "class" && !(element.name == "code" && attribute.value.hasPrefix("language-")) {
                        found.append("class=\(attribute.value) on <\(element.name)>")
                    }
                }
                if element.name == "a" && element.hasAttribute("target")
                    && element.attribute("rel") != "noopener noreferrer nofollow"
                {
                    found.append("link with target but without rel")
                }
                visit(element.children, parent: element.name, found: &found)
            }
        }
    }

    /// A deliberately blunt URL check: strip everything that is not a visible ASCII or
    /// non-ASCII letter, then look at the scheme.
    static func isSafeURL(_ value: String, imageSource: Bool) -> Bool {
        let squeezed = String(
            String.UnicodeScalarView(
                value.unicodeScalars.filter { $0.value > 0x20 && !(0x7F...0xA0).contains($0.value) })
        ).lowercased()
        guard let colon = squeezed.firstIndex(of: ":") else { return true }
        let before = squeezed[..<colon]
        if before.contains("/") || before.contains("?") || before.contains("#") { return true }
        switch before {
        case "http", "https", "mailto": return true
        case "data": return imageSource && squeezed.hasPrefix("data:image/") && !squeezed.hasPrefix("data:image/svg")
        default: return false
        }
    }
}

/// The shared corpus (`../shared/corpus` beside the package, or `$GAZETTE_CORPUS`).
enum CleanerCorpus {
    /// The corpus folder, or `nil` when it is not on this machine.
    static let root: URL? = {
        if let path = ProcessInfo.processInfo.environment["GAZETTE_CORPUS"], !path.isEmpty {
            return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        // Tests/GazetteIngestTests/<file> → the package root → ../shared/corpus.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: corpus.path) ? corpus : nil
    }()

    static let missingMessage = "shared corpus not found (../shared/corpus or GAZETTE_CORPUS): skipped"

    /// One post file: its name and the body after the front matter.
    struct Post: Sendable, CustomStringConvertible {
        var name: String
        var body: String
        var description: String { name }
    }

    /// The posts of one folder (recursively), sorted by path.
    static func posts(in folder: String) -> [Post] {
        guard let root else { return [] }
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return []
        }
        var posts: [Post] = []
        for case let url as URL in enumerator
        where ["md", "markdown", "html"].contains(url.pathExtension.lowercased()) {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            posts.append(Post(name: url.path.replacingOccurrences(of: base.path + "/", with: ""), body: body(of: text)))
        }
        return posts.sorted { $0.name < $1.name }
    }

    /// All post folders of the corpus (every folder but `manifests`).
    static var folders: [String] {
        guard let root, let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return name != "manifests"
                && FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// The text after the front matter (between the first two `---` lines), or the whole
    /// text when there is none.
    static func body(of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let fences = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }
        guard fences.count >= 2 else { return text }
        return lines[(fences[1] + 1)...].joined(separator: "\n")
    }
}
