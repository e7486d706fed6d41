import Foundation
import GazetteIngest
import GazetteStore

/// Loads the sample posts built into the binary (see the EmbedFiles plugin) into a store.
enum DemoLoader {
    /// - Returns: the number of articles added.
    static func load(into store: ArticleStore, configuration: IngestConfiguration) throws -> Int {
        let builder = ArticleBuilder(configuration: configuration)
        let now = Int64(Date().timeIntervalSince1970)
        return try store.transaction {
            var added = 0
            for (name, text) in EmbeddedSamples.all {
                let article = try builder.build(Array(text.utf8), fileName: name, now: now)
                try store.insert(article, sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)
                added += 1
            }
            return added
        }
    }
}
