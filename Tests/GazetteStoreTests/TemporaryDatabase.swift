import GazetteStore
import TestSupport

/// A database file in a fresh temporary folder, removed when the value is released.
final class TemporaryDatabase {
    let folder: TemporaryFolder
    var path: String { folder.url.appendingPathComponent("test.sqlite").path }
    var location: DatabaseLocation { .file(path) }

    init() throws {
        folder = try TemporaryFolder()
    }
}
