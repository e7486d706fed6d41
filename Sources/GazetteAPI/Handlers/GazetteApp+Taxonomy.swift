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
        let tree = CategoryTree(rows: rows)
        var json = JSONWriter(capacity: 8 * 1_024)
        func write(_ index: Int, depth: Int) {
            let row = tree.rows[index]
            json.objectStart()
            json.key("name")
            json.string(row.name)
            json.key("path")
            json.arrayStart()
            for node in tree.chain(of: index) { json.string(tree.rows[node].name) }
            json.arrayEnd()
            json.key("count")
            json.int(row.count)
            json.key("latest_at")
            json.date(row.latestAt)
            if !flat {
                json.key("children")
                json.arrayStart()
                if depth < CategoryTree.maximumDepth {
                    for child in tree.children(of: index) { write(child, depth: depth + 1) }
                }
                json.arrayEnd()
            }
            json.objectEnd()
        }
        json.objectStart()
        json.key("data")
        json.arrayStart()
        for index in flat ? tree.flatOrder : tree.roots { write(index, depth: 0) }
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
