import Foundation

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

    /// Why corpus tests are skipped, shown in the test output.
    static let skipReason = "../shared/corpus is absent (set GAZETTE_CORPUS to run the corpus tests)"
}
