import GazetteCore
import GazetteIngest

/// Writes the CLI's JSON outputs with GazetteCore's ``JSONWriter``.
struct JSONWriterBridge {
    mutating func write(_ summary: IngestSummary) -> [UInt8] {
        var json = JSONWriter()
        json.objectStart()
        json.key("added")
        json.int(summary.added)
        json.key("updated")
        json.int(summary.updated)
        json.key("unchanged")
        json.int(summary.unchanged)
        json.key("failed")
        json.int(summary.failed)
        if let deleted = summary.deleted {
            json.key("deleted")
            json.int(deleted)
        }
        json.key("failures")
        IngestFailure.writeJSON(summary.failures, to: &json)
        json.objectEnd()
        return json.bytes
    }
}
