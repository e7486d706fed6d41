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
        json.key("failures")
        json.arrayStart()
        for failure in summary.failures {
            json.objectStart()
            json.key("path")
            json.string(failure.path)
            json.key("reason")
            json.string(failure.reason)
            json.objectEnd()
        }
        json.arrayEnd()
        json.objectEnd()
        return json.bytes
    }
}
