/// The fields of one change-log entry as every consumer gets them (API.md): `/v1/changes`,
/// `/v1/stream`'s `data:` and a webhook's `data` all start with
/// `{"id": 1842, "slug": "…", "change": "upserted" | "deleted", "at": RFC 3339, …`.
public enum ChangeEntryJSON {
    /// The word API.md uses for a change: `deleted` or `upserted`.
    public static func kind(isDeletion: Bool) -> String { isDeletion ? "deleted" : "upserted" }

    /// Writes `id`, `slug`, `change` and `at` into the object `json` has open.
    ///
    /// - Parameters:
    ///   - articleID: the article's id.
    ///   - at: seconds since 1970 (UTC).
    public static func writeFields(
        articleID: Int64, slug: String, isDeletion: Bool, at: Int64, to json: inout JSONWriter
    ) {
        json.key("id")
        json.int(articleID)
        json.key("slug")
        json.string(slug)
        json.key("change")
        json.string(kind(isDeletion: isDeletion))
        json.key("at")
        json.date(at)
    }
}
