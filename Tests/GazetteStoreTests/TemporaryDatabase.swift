import Foundation
import GazetteStore

/// A database file in a fresh temporary folder, removed when the value is released.
final class TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("test.sqlite").path }
    var location: DatabaseLocation { .file(path) }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
