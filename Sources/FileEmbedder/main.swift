import Foundation

// Build tool of the EmbedFiles plugin: writes a Swift file that defines
// `enum NAME { static let all }`, the given text files as (file name, contents) pairs in the order
// given, as string literals (a 100 KB literal compiles in a blink; an array literal of its bytes
// would not).
//
// usage: FileEmbedder [--named] [--inline] OUTPUT.swift ENUM_NAME FILE...
//   --named   also one `static let` per file, named after it: `reader.html` → `readerHTML`
//   --inline  in each .html file, a `<link rel="stylesheet" href="F">` or `<script src="F"></script>`
//             naming another of the FILEs is replaced by `<style>…</style>` or `<script>…</script>`
//             holding that file, so the page is served as one response; a reference to a file
//             not given is an error

/// What went wrong; printed as one line, and the build stops.
struct EmbedderError: Error, CustomStringConvertible {
    let description: String
}

/// One embedded file.
struct EmbeddedFile {
    let name: String
    var text: String
}

/// Escapes a string as a Swift string literal, quotes included.
func swiftLiteral(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 2)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// A Swift identifier from a file name: the base name as written, the extension upper-cased
/// (`openapi.json` → `openapiJSON`).
func identifier(for fileName: String) throws(EmbedderError) -> String {
    let parts = fileName.split(separator: ".")
    guard let first = parts.first,
        parts.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }),
        first.first?.isLetter == true
    else {
        throw EmbedderError(description: "cannot name a property after '\(fileName)' (--named wants ASCII names)")
    }
    return String(first) + parts.dropFirst().map { $0.uppercased() }.joined()
}

/// `page` with each stylesheet link and external script naming one of `files` replaced by the
/// file inline.
func inlined(_ page: EmbeddedFile, from files: [EmbeddedFile]) throws(EmbedderError) -> String {
    var text = page.text
    let forms: [(open: String, close: String, inlineOpen: String, inlineClose: String)] = [
        ("<link rel=\"stylesheet\" href=\"", "\">", "<style>", "</style>"),
        ("<script src=\"", "\"></script>", "<script>", "</script>"),
    ]
    for form in forms {
        var out = ""
        var rest = text[...]
        while let start = rest.range(of: form.open) {
            guard let end = rest.range(of: form.close, range: start.upperBound..<rest.endIndex) else {
                throw EmbedderError(description: "\(page.name): unterminated \(form.open)")
            }
            let reference = String(rest[start.upperBound..<end.lowerBound])
            guard let file = files.first(where: { $0.name == reference }) else {
                throw EmbedderError(description: "\(page.name) refers to \(reference), which is not embedded with it")
            }
            guard !file.text.contains(form.inlineClose) else {
                throw EmbedderError(description: "\(reference) contains \(form.inlineClose), so it cannot be inlined")
            }
            out += rest[..<start.lowerBound] + form.inlineOpen + file.text + form.inlineClose
            rest = rest[end.upperBound...]
        }
        text = out + rest
    }
    return text
}

func run(_ arguments: [String]) throws(EmbedderError) {
    var arguments = arguments
    var named = false
    var inline = false
    while let flag = arguments.first, flag.hasPrefix("--") {
        switch flag {
        case "--named": named = true
        case "--inline": inline = true
        default: throw EmbedderError(description: "unknown option \(flag)")
        }
        arguments.removeFirst()
    }
    guard arguments.count >= 2 else {
        throw EmbedderError(description: "usage: FileEmbedder [--named] [--inline] OUTPUT.swift ENUM_NAME FILE...")
    }
    let outputPath = arguments[0]
    let enumName = arguments[1]
    var files: [EmbeddedFile] = []
    for argument in arguments.dropFirst(2) {
        // SwiftPM hands plugin-built arguments over as URLs' text, which can arrive
        // percent-encoded for non-ASCII file names (the Chinese sample posts).
        let path =
            FileManager.default.fileExists(atPath: argument)
            ? argument : (argument.removingPercentEncoding ?? argument)
        let url = URL(fileURLWithPath: path)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw EmbedderError(description: "cannot read \(path) as UTF-8")
        }
        files.append(EmbeddedFile(name: url.lastPathComponent, text: text))
    }
    if inline {
        let sources = files
        for index in files.indices where files[index].name.hasSuffix(".html") {
            files[index].text = try inlined(files[index], from: sources)
        }
    }

    var source = "// Generated by FileEmbedder from \(files.count) files. Do not edit.\n"
    source += "enum \(enumName) {\n"
    if named {
        for file in files {
            source += "    static let \(try identifier(for: file.name)) = \(swiftLiteral(file.text))\n"
        }
        source += "    static let all: [(name: String, text: String)] = [\n"
        for file in files { source += "        (\(swiftLiteral(file.name)), \(try identifier(for: file.name))),\n" }
    } else {
        source += "    static let all: [(name: String, text: String)] = [\n"
        for file in files { source += "        (\(swiftLiteral(file.name)), \(swiftLiteral(file.text))),\n" }
    }
    source += "    ]\n}\n"
    do {
        try source.write(toFile: outputPath, atomically: true, encoding: .utf8)
    } catch {
        throw EmbedderError(description: "cannot write \(outputPath): \(error)")
    }
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("FileEmbedder: \(error.description)\n".utf8))
    exit(1)
}
