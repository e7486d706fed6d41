import CLibXML2

/// libxml2 must be initialised once, before any thread parses (libxml2's "Thread safety"
/// notes: `xmlInitParser` is not itself reentrant). A global `let` is initialised lazily
/// and exactly once under Swift's `swift_once`, which makes this race-free.
private let libxml2Initialization: Void = { xmlInitParser() }()

/// An HTML fragment parsed with libxml2's HTML parser into a tree of ``HTMLNode`` values.
///
/// This is the only file of the module that touches libxml2 pointers: it parses, copies the
/// tree into Swift values in one iterative walk and frees the document before returning.
/// The copy's depth is capped (see ``Limits/maxDepth``); elements nested deeper are
/// flattened (their tags dropped, their content kept in place), so every later pass may
/// recurse without risking the stack.
struct HTMLDocument: Sendable {
    /// Bounds on what a parse produces.
    struct Limits: Sendable, Equatable {
        /// The deepest element nesting kept in the tree; deeper elements are unwrapped
        /// (their children kept). Default 256 levels, far beyond real article markup.
        var maxDepth: Int
        /// Inputs longer than this (in UTF-8 bytes) are cut there before parsing, because
        /// libxml2 takes the length as a C `int`. Default 64 MiB.
        var maxInputBytes: Int

        init(maxDepth: Int = 256, maxInputBytes: Int = 64 << 20) {
            self.maxDepth = maxDepth
            self.maxInputBytes = maxInputBytes
        }
    }

    /// The fragment's top-level nodes (the children of the implied `<body>`, plus any
    /// content libxml2 placed in `<head>` or outside `<html>`, in document order).
    var nodes: [HTMLNode]

    /// Parses `html` as a fragment. Never fails: unparseable input gives fewer nodes.
    init(parsing html: String, limits: Limits = Limits()) {
        _ = libxml2Initialization
        // An explicit `<body>` keeps libxml2 from wrapping leading text in an implied `<p>`
        // and puts leading `<style>`/`<meta>` into the body with everything else.
        var source = "<body>"
        var html = html
        if html.withUTF8({ $0.contains(0) }) {
            // libxml2 stops reading at a NUL; HTML replaces it with U+FFFD (HTML §13.2.5).
            source.unicodeScalars.append(contentsOf: html.unicodeScalars.lazy.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 })
        } else {
            source += html
        }
        nodes = Self.parse(source, limits: limits)
    }

    private static func parse(_ source: String, limits: Limits) -> [HTMLNode] {
        var source = source
        return source.withUTF8 { bytes -> [HTMLNode] in
            let length = min(bytes.count, limits.maxInputBytes, Int(Int32.max))
            guard length > 0, let base = bytes.baseAddress else { return [] }
            // XML_PARSE_HUGE lifts libxml2's nesting limit (256), past which it stops parsing and
            // silently drops the rest of the document; input size is bounded above instead.
            let options = Int32(
                HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                    | XML_PARSE_HUGE.rawValue)
            let document = base.withMemoryRebound(to: CChar.self, capacity: length) { chars in
                htmlReadMemory(chars, Int32(length), nil, "UTF-8", options)
            }
            guard let document else { return [] }
            defer { xmlFreeDoc(document) }
            return copyTree(startingAt: document.pointee.children, maxDepth: limits.maxDepth)
        }
    }

    /// Copies the sibling list starting at `first` (and all descendants) into Swift values,
    /// iteratively: an explicit stack of open elements replaces recursion.
    private static func copyTree(startingAt first: xmlNodePtr?, maxDepth: Int) -> [HTMLNode] {
        struct OpenElement {
            /// `nil` for a transparent element (document wrappers, or beyond the depth cap):
            /// its children go to the parent.
            var element: HTMLElement?
            var children: [HTMLNode]
            var resume: xmlNodePtr?
            var depth: Int
        }
        var stack = [OpenElement(element: nil, children: [], resume: nil, depth: 0)]
        var cursor = first
        while true {
            guard let node = cursor else {
                guard stack.count > 1 else { break }
                let finished = stack.removeLast()
                let parent = stack.count - 1
                if var element = finished.element {
                    element.children = finished.children
                    stack[parent].children.append(.element(element))
                } else {
                    stack[parent].children.append(contentsOf: finished.children)
                }
                cursor = finished.resume
                continue
            }
            let parent = stack.count - 1
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let name = node.pointee.name.map { String(cString: $0) } ?? ""
                let isDocumentWrapper = name == "html" || name == "body" || name == "head"
                let depth = stack[parent].depth + (isDocumentWrapper ? 0 : 1)
                let element =
                    isDocumentWrapper || depth > maxDepth
                    ? nil : HTMLElement(name: name, attributes: attributes(of: node))
                if let children = node.pointee.children {
                    stack.append(
                        OpenElement(
                            element: element, children: [], resume: node.pointee.next,
                            depth: element == nil ? stack[parent].depth : depth))
                    cursor = children
                    continue
                }
                if let element { stack[parent].children.append(.element(element)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    let text = String(cString: content)
                    if case .text(let previous)? = stack[parent].children.last {
                        stack[parent].children[stack[parent].children.count - 1] = .text(previous + text)
                    } else {
                        stack[parent].children.append(.text(text))
                    }
                }
            case XML_COMMENT_NODE:
                stack[parent].children.append(.comment(node.pointee.content.map { String(cString: $0) } ?? ""))
            default:
                break  // DTD, processing instructions, entity declarations: not content.
            }
            cursor = node.pointee.next
        }
        return stack[0].children
    }

    private static func attributes(of node: xmlNodePtr) -> [HTMLAttribute] {
        var result: [HTMLAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            var value = ""
            var child = current.pointee.children
            while let valueNode = child {
                if let content = valueNode.pointee.content { value += String(cString: content) }
                child = valueNode.pointee.next
            }
            if !name.isEmpty { result.append(HTMLAttribute(name: name, value: value)) }
            attribute = current.pointee.next
        }
        return result
    }
}
