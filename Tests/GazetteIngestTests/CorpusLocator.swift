import Foundation
import Testing

/// Finds `../shared/corpus` (beside the package) or `$GAZETTE_CORPUS`.
enum CorpusLocator {
    static var corpus: URL? {
        if let path = ProcessInfo.processInfo.environment["GAZETTE_CORPUS"] {
            return URL(fileURLWithPath: path)
        }
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                let corpus = url.deletingLastPathComponent().appendingPathComponent("shared/corpus")
                return FileManager.default.fileExists(atPath: corpus.path) ? corpus : nil
            }
        }
        return nil
    }

    /// Whether the corpus is there; the corpus tests are disabled (with ``skipReason``) when not.
    static var isPresent: Bool { corpus != nil }

    /// Why corpus tests are skipped, shown in the test output.
    static let skipReason: Comment = "../shared/corpus is absent (set GAZETTE_CORPUS to run the corpus tests)"

    /// Every file under `folder` a folder ingest should read (`.md`, `.markdown`, `.html`, not
    /// hidden), found by a plain directory walk independent of the ingest's own file finder.
    static func postFiles(in folder: URL) -> [URL] {
        let extensions: Set<String> = ["md", "markdown", "html"]
        guard
            let walker = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        return walker.compactMap { $0 as? URL }.filter { url in
            extensions.contains(url.pathExtension.lowercased())
                && (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }
}
