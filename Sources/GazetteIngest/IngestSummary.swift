import GazetteCore

/// What one ingest run did.
public struct IngestSummary: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// Files that could not be ingested, each with its path and reason.
    public var failures: [IngestFailure] = []
    /// Articles deleted because their source file is gone (`--prune`); `nil` when not pruning.
    public var deleted: Int?

    public init() {}

    public var failed: Int { failures.count }
    /// Files looked at.
    public var total: Int { added + updated + unchanged + failed }

    /// API.md's last line: `added N, updated N, unchanged N, failed N`, and `, deleted N` when
    /// pruning.
    public var line: String {
        let counts = "added \(added), updated \(updated), unchanged \(unchanged), failed \(failed)"
        guard let deleted else { return counts }
        return counts + ", deleted \(deleted)"
    }
}

/// One file that failed, and why.
public struct IngestFailure: Sendable, Equatable, Codable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

extension IngestFailure {
    /// Writes `failures` as `[{"path", "reason"}, …]`: the list `gazette ingest --json` and
    /// `gazette fidelity --json` both end with.
    public static func writeJSON(_ failures: [IngestFailure], to json: inout JSONWriter) {
        json.arrayStart()
        for failure in failures {
            json.objectStart()
            json.key("path")
            json.string(failure.path)
            json.key("reason")
            json.string(failure.reason)
            json.objectEnd()
        }
        json.arrayEnd()
    }
}

/// Progress of a running ingest, reported after each committed batch.
public struct IngestProgress: Sendable, Equatable {
    /// Files done (committed or failed) so far.
    public var done: Int
    /// Files found in all.
    public var total: Int
}
