import GazetteCore
import GazetteStore
import HTTPServer

/// `GET /v1/changes`: the change log, paged by opaque tokens.
extension GazetteApp {
    /// Change tokens are opaque to clients: base64url of `c1:<sequence>`.
    static func changeToken(_ sequence: Int64) -> String { Base64URL.encode(Array("c1:\(sequence)".utf8)) }

    static func sequence(ofChangeToken token: String) -> Int64? {
        guard token.utf8.count <= 64, let bytes = Base64URL.decode(token),
            let text = String(validating: bytes, as: UTF8.self),
            text.hasPrefix("c1:"), let value = Int64(text.dropFirst(3)), value >= 0
        else { return nil }
        return value
    }

    func changes(_ request: Request, context: LoopContext) throws -> Reply {
        var after: Int64 = 0
        do {
            if let token = try request.queryParameter("since"), !token.isEmpty {
                guard let sequence = Self.sequence(ofChangeToken: token) else {
                    throw APIError.badParameter("since", "since is not a token this server gave out (use meta.next)")
                }
                after = sequence
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badParameter("since", "since is not valid percent-encoded UTF-8")
        }
        var json = JSONWriter(capacity: 8 * 1_024)
        var last = after
        json.objectStart()
        json.key("data")
        json.arrayStart()
        try context.reader.forEachChange(after: after, limit: configuration.changesPageSize) { change in
            json.objectStart()
            ChangeEntryJSON.writeFields(
                articleID: change.articleID, slug: change.slug, isDeletion: change.isDeletion, at: change.at,
                to: &json)
            json.objectEnd()
            last = change.sequence
        }
        json.arrayEnd()
        json.key("meta")
        json.objectStart()
        json.key("next")
        json.string(Self.changeToken(last))
        json.objectEnd()
        json.objectEnd()
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
    }
}
