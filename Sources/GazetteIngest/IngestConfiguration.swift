import Foundation

/// Settings of ingestion. Every default is the one `config/gazette.yaml` documents.
public struct IngestConfiguration: Sendable {
    /// The zone naive dates (`2021-07-28 10:50:17`) are read in. Default UTC.
    public var timeZone: TimeZone
    /// Largest post accepted, in bytes. Default 8,388,608 (8 MiB).
    public var maxPostBytes: Int
    /// Posts committed per transaction. Default 500.
    public var batchSize: Int
    /// File-name extensions ingested from folders. Default `md`, `markdown`, `html`.
    public var extensions: Set<String>
    /// Threads that read, parse and clean posts while the writer commits; `0` (the default):
    /// one fewer than the processors (at least one), so the single writer, the ingest's critical
    /// path, keeps a processor of its own.
    public var parseThreads: Int

    /// The parse threads an ingest uses on a machine with `processors` processors.
    public func parseWidth(processors: Int) -> Int {
        parseThreads > 0 ? parseThreads : max(1, processors - 1)
    }

    public init(
        timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current, maxPostBytes: Int = 8 << 20,
        batchSize: Int = 500, extensions: Set<String> = ["md", "markdown", "html"], parseThreads: Int = 0
    ) {
        self.timeZone = timeZone
        self.maxPostBytes = maxPostBytes
        self.batchSize = batchSize
        self.extensions = extensions
        self.parseThreads = parseThreads
    }
}
