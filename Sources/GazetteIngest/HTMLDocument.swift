import CLibXML2

/// libxml2 must be initialised once, before any thread parses (libxml2's "Thread safety"
/// notes: `xmlInitParser` is not itself reentrant). A global `let` is initialised lazily
/// and exactly once under Swift's `swift_once`, which makes this race-free.
private let libxml2Initialization: Void = { xmlInitParser() }()

/// An HTML fragment parsed with libxml2's HTML parser into a tree of ``HTMLNode`` values.
///
/// This is the only file of the module that touches libxml2 pointers. The parser runs in SAX
/// mode and its events build the Swift tree directly, so libxml2 builds (and frees) no tree of
/// its own: the tree is the one libxml2's own builder (`SAX2.c`, behind `htmlReadMemory`)
/// would make, as ``TreeBuilder`` explains, at a fraction of the cost. ``libxml2TreeNodes(parsing:limits:)``
/// still parses the other way, as the reference the tests compare with.
///
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
        nodes = Self.withSource(html, limits: limits) { source, length in
            Self.parseEvents(source, length: length, maxDepth: limits.maxDepth)
        }
    }

    /// The nodes of `html` as parsed into libxml2's own tree and copied from it: the reference
    /// that ``init(parsing:limits:)`` must equal, kept for the tests.
    static func libxml2TreeNodes(parsing html: String, limits: Limits = Limits()) -> [HTMLNode] {
        withSource(html, limits: limits) { source, length in
            let document = htmlReadMemory(source, Int32(length), nil, "UTF-8", parseOptions)
            guard let document else { return [] }
            defer { xmlFreeDoc(document) }
            return copyTree(startingAt: document.pointee.children, maxDepth: limits.maxDepth)
        }
    }

    /// XML_PARSE_HUGE lifts libxml2's nesting limit (256), past which it stops parsing and
    /// silently drops the rest of the document; input size is bounded above instead.
    private static let parseOptions = Int32(
        HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
            | XML_PARSE_HUGE.rawValue)

    /// Calls `parse` with the UTF-8 text libxml2 is given for `html`, and its length.
    private static func withSource(
        _ html: String, limits: Limits, _ parse: (UnsafePointer<CChar>, Int) -> [HTMLNode]
    ) -> [HTMLNode] {
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
        return source.withUTF8 { bytes -> [HTMLNode] in
            let length = min(bytes.count, limits.maxInputBytes, Int(Int32.max))
            guard length > 0, let base = bytes.baseAddress else { return [] }
            return base.withMemoryRebound(to: CChar.self, capacity: length) { parse($0, length) }
        }
    }

    // MARK: SAX

    private static func parseEvents(_ source: UnsafePointer<CChar>, length: Int, maxDepth: Int) -> [HTMLNode] {
        guard let context = htmlNewParserCtxt() else { return [] }
        defer { htmlFreeParserCtxt(context) }
        let builder = TreeBuilder(maxDepth: maxDepth)
        var handler = htmlSAXHandler()
        handler.initialized = 1
        handler.startElement = { context, name, attributes in
            guard let builder = TreeBuilder.of(context), builder.startElement(name, attributes: attributes),
                let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self)
            else { return }
            // What `xmlFatalErrMsgStr` does to a parser without recovery: libxml2 itself then
            // leaves out exactly the events it leaves out after the tree builder's error.
            parser.pointee.wellFormed = 0
            parser.pointee.disableSAX = 1
        }
        handler.endElement = { context, _ in TreeBuilder.of(context)?.endElement() }
        handler.characters = { context, text, length in TreeBuilder.of(context)?.appendText(text, length: length) }
        // Text of `script`/`style`, which libxml2's tree holds as CDATA: text all the same here.
        handler.cdataBlock = { context, text, length in TreeBuilder.of(context)?.appendText(text, length: length) }
        handler.comment = { context, text in TreeBuilder.of(context)?.appendComment(text) }
        handler.internalSubset = { context, _, _, _ in TreeBuilder.of(context)?.noteDoctype() }
        // libxml2's tree builder ignores ignorable white space (none is reported while blanks are
        // kept, the default); so does this one.
        withExtendedLifetime(builder) {
            withUnsafeMutablePointer(to: &handler) { handler in
                let defaultHandler = context.pointee.sax
                context.pointee.sax = handler
                context.pointee._private = Unmanaged.passUnretained(builder).toOpaque()
                // No document comes back: only the SAX2 handlers build one.
                if let document = htmlCtxtReadMemory(context, source, Int32(length), nil, "UTF-8", parseOptions) {
                    xmlFreeDoc(document)
                }
                context.pointee.sax = defaultHandler
                context.pointee._private = nil
            }
        }
        return builder.finish()
    }

    // MARK: Copy of libxml2's tree

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

/// Builds the tree of ``HTMLDocument`` from libxml2's SAX events, placing each node where
/// libxml2's tree builder (`xmlSAX2StartElement`, `xmlSAX2Characters`, `xmlSAX2Comment`,
/// `xmlSAX2InternalSubset` of libxml2 2.9) would, then copying as ``HTMLDocument`` always
/// has: `html`, `body` and `head` are transparent, elements past the depth cap too, and text
/// joins a text node just before it.
///
/// Where libxml2's builder does more than follow the events:
/// - an element name with a prefix (`o:p`) is split and only the local part kept
///   (`xmlSplitQName`); a local part that cannot start a name (`x:1y`) is a fatal error,
///   after which the parser reports no more text or comments (`disableSAX`, set here too);
/// - with no element open, text is dropped and a comment goes to the document's top level;
///   a later element (always an `html`, implied or not) becomes the last child of the first
///   `html`, or, once a doctype has been read (its node goes first), is added at the end of
///   the top level;
/// - a boolean attribute without value (`checked`) gets its name as value.
///
/// Thread safety: one builder per parse, used only by the thread that parses.
private final class TreeBuilder {
    private struct OpenElement {
        /// `nil` for a transparent element: its children go to the parent.
        var element: HTMLElement?
        var children: [HTMLNode] = []
        var depth: Int
        /// The first top-level element, opened again to take a later top-level element.
        var isReopenedFirst = false
    }

    private let maxDepth: Int
    /// The document's top level as copied: the content of the first top-level element (up to
    /// `firstElementEnd`), then what came outside it.
    private var topLevel: [HTMLNode] = []
    private var firstElementEnd = 0
    /// The open elements, innermost last (libxml2's `ctxt->node` chain).
    private var stack: [OpenElement] = []
    private var hasTopLevelNode = false
    private var isFirstElementOpen = false
    private var hasDoctype = false

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
        stack.reserveCapacity(16)
    }

    /// The builder whose pointer the parser context `context` carries.
    static func of(_ context: UnsafeMutableRawPointer?) -> TreeBuilder? {
        guard let context,
            let builder = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private
        else { return nil }
        return Unmanaged<TreeBuilder>.fromOpaque(builder).takeUnretainedValue()
    }

    /// Opens an element; returns whether its name is the tree builder's fatal error.
    func startElement(
        _ qualifiedName: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> Bool {
        guard let qualifiedName else { return false }
        let (name, isFatal) = Self.localName(qualifiedName)
        if stack.isEmpty && hasTopLevelNode && !hasDoctype {
            stack.append(OpenElement(element: nil, depth: 0, isReopenedFirst: true))
        }
        let isFirst = !hasTopLevelNode
        hasTopLevelNode = true
        let parentDepth = stack.last?.depth ?? 0
        let isDocumentWrapper = name == "html" || name == "body" || name == "head"
        let depth = parentDepth + (isDocumentWrapper ? 0 : 1)
        let element =
            isDocumentWrapper || depth > maxDepth
            ? nil : HTMLElement(name: name, attributes: Self.attributes(attributes))
        stack.append(OpenElement(element: element, depth: element == nil ? parentDepth : depth))
        if isFirst { isFirstElementOpen = true }
        return isFatal
    }

    func endElement() {
        close()
    }

    func appendText(_ text: UnsafePointer<xmlChar>?, length: Int32) {
        guard let text, length > 0, !stack.isEmpty else { return }
        let string = String(decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self)
        let parent = stack.count - 1
        let last = stack[parent].children.count - 1
        if last >= 0, case .text(var previous) = stack[parent].children[last] {
            // Drop the array's reference first, so that the append happens in place.
            stack[parent].children[last] = .comment("")
            previous += string
            stack[parent].children[last] = .text(previous)
        } else {
            stack[parent].children.append(.text(string))
        }
    }

    func appendComment(_ text: UnsafePointer<xmlChar>?) {
        let comment = HTMLNode.comment(text.map { String(cString: $0) } ?? "")
        if stack.isEmpty {
            hasTopLevelNode = true
            topLevel.append(comment)
        } else {
            stack[stack.count - 1].children.append(comment)
        }
    }

    func noteDoctype() {
        hasDoctype = true
    }

    /// The top-level nodes, every element still open closed as it stands.
    func finish() -> [HTMLNode] {
        while !stack.isEmpty { close() }
        return topLevel
    }

    /// Closes the innermost open element into its parent, or into the top level.
    private func close() {
        guard let finished = stack.popLast() else { return }
        if let last = stack.indices.last {
            if var element = finished.element {
                element.children = finished.children
                stack[last].children.append(.element(element))
            } else {
                stack[last].children.append(contentsOf: finished.children)
            }
            // Closing an element that was added to the reopened first element closes that too.
            if stack.count == 1 && stack[0].isReopenedFirst { close() }
            return
        }
        let nodes: [HTMLNode]
        if var element = finished.element {
            element.children = finished.children
            nodes = [.element(element)]
        } else {
            nodes = finished.children
        }
        if finished.isReopenedFirst {
            topLevel.insert(contentsOf: nodes, at: firstElementEnd)
            firstElementEnd += nodes.count
        } else if isFirstElementOpen {
            topLevel.append(contentsOf: nodes)
            firstElementEnd = topLevel.count
            isFirstElementOpen = false
        } else {
            topLevel.append(contentsOf: nodes)
        }
    }

    /// The name libxml2's tree builder gives an element (`xmlSplitQName` of libxml2 2.9: the
    /// part after the first `:`, unless the name starts or ends with it), and whether the split
    /// is the fatal error of a local part that cannot start a name.
    private static func localName(_ qualifiedName: UnsafePointer<xmlChar>) -> (String, isFatal: Bool) {
        let length = Int(xmlStrlen(qualifiedName))
        let bytes = UnsafeBufferPointer(start: qualifiedName, count: length)
        guard length > 0, bytes[0] != UInt8(ascii: ":"),
            let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon + 1 < length
        else { return (String(decoding: bytes, as: UTF8.self), false) }
        let local = UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])
        let first = local[0]
        // HTML names are ASCII: lowercase letters, digits, `:`, `-`, `_` and `.`.
        let startsName =
            (first >= 0x61 && first <= 0x7A) || (first >= 0x41 && first <= 0x5A) || first == UInt8(ascii: "_")
            || first == UInt8(ascii: ":") || first >= 0x80
        return (String(decoding: local, as: UTF8.self), !startsName)
    }

    /// The attributes of a start tag (name, value pairs, ending with a null name), as
    /// libxml2's tree builder keeps them.
    private static func attributes(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [HTMLAttribute] {
        guard let pairs else { return [] }
        var result: [HTMLAttribute] = []
        var index = 0
        while let name = pairs[index] {
            let value = pairs[index + 1]
            index += 2
            guard name.pointee != 0 else { continue }
            let attributeName = String(cString: name)
            if let value {
                result.append(HTMLAttribute(name: attributeName, value: String(cString: value)))
            } else {
                // `xmlSAX2AttributeInternal`: a bare boolean attribute is given its name as value.
                result.append(
                    HTMLAttribute(name: attributeName, value: htmlIsBooleanAttr(name) != 0 ? attributeName : ""))
            }
        }
        return result
    }
}
