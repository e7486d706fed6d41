import GazetteCore
import GazetteStore
import HTTPServer

/// `GET /v1/categories`, `/v1/tags`, `/v1/authors`.
extension GazetteApp {
    func categories(_ request: Request, context: LoopContext) throws -> Reply {
        let flatValue: String?
        do {
            flatValue = try request.queryParameter("flat")
        } catch {
            throw APIError.badParameter("flat", "flat must be true or false")
        }
        let flat: Bool
        switch flatValue {
        case nil, "false", "0": flat = false
        case "true", "1": flat = true
        default: throw APIError.badParameter("flat", "flat must be true or false")
        }
        var rows: [CategoryRow] = []
        try context.reader.forEachCategory { rows.append($0) }
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var children: [Int64: [CategoryRow]] = [:]
        for row in rows { if let parent = row.parentID { children[parent, default: []].append(row) } }
        func components(_ row: CategoryRow) -> [String] {
            var names = [row.name]
            var current = row.parentID
            var guardCount = 0
            while let id = current, let parent = byID[id], guardCount < 64 {
                names.insert(parent.name, at: 0)
                current = parent.parentID
                guardCount += 1
            }
            return names
        }
        // Each path once: the flat sort compares them many times.
        var paths: [Int64: [String]] = [:]
        for row in rows { paths[row.id] = components(row) }
        var json = JSONWriter(capacity: 8 * 1_024)
        func write(_ row: CategoryRow, depth: Int) {
            json.objectStart()
            json.key("name")
            json.string(row.name)
            json.key("path")
            json.strings(paths[row.id] ?? [row.name])
            json.key("count")
            json.int(row.count)
            json.key("latest_at")
            json.string(row.latestAt.map(RFC3339.format))
            if !flat {
                json.key("children")
                json.arrayStart()
                if depth < 64 { for child in children[row.id] ?? [] { write(child, depth: depth + 1) } }
                json.arrayEnd()
            }
            json.objectEnd()
        }
        json.objectStart()
        json.key("data")
        json.arrayStart()
        if flat {
            for row in rows.sorted(by: { (paths[$0.id] ?? []).lexicographicallyPrecedes(paths[$1.id] ?? []) }) {
                write(row, depth: 0)
            }
        } else {
            for row in rows where row.parentID == nil || byID[row.parentID ?? 0] == nil { write(row, depth: 0) }
        }
        json.arrayEnd()
        json.objectEnd()
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
    }

    func names(_ kind: NameKind, context: LoopContext) throws -> Reply {
        var json = JSONWriter(capacity: 4 * 1_024)
        json.objectStart()
        json.key("data")
        json.arrayStart()
        try context.reader.forEachName(of: kind) { name, count in
            json.objectStart()
            json.key("name")
            json.string(name)
            json.key("count")
            json.int(count)
            json.objectEnd()
        }
        json.arrayEnd()
        json.objectEnd()
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
    }
}
